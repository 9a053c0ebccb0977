package dev.previewkit.backend.localnpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.CacheDecision;
import dev.previewkit.Diagnostic;
import dev.previewkit.InvalidProjectException;
import dev.previewkit.PackageManager;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.ProjectChange;
import dev.previewkit.ProjectFiles;
import dev.previewkit.tck.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kinds of failure the corpus of real exports showed (docs/corpus.md), each as a small self-written
 * fixture built with real npm and Vite.
 */
class RealProjectFailuresTest {
    @TempDir
    Path workDirectory;

    private PreviewBuilder previews;

    @BeforeEach
    void open() {
        previews = PreviewBuilder.configure().backend(LocalNpmBackend.create()).workDirectory(workDirectory).build();
    }

    @AfterEach
    void close() {
        previews.close();
    }

    private static BuildResult succeeded(BuildResult result) {
        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.SUCCEEDED);
        return result;
    }

    private static boolean warns(BuildResult result, String code) {
        return result.diagnostics().stream().anyMatch(diagnostic ->
                diagnostic.severity() == Diagnostic.Severity.WARNING && diagnostic.code().orElse("").equals(code));
    }

    /** Kind 2: bun's lockfile, bun missing, and a package-lock.json left behind that no longer matches. */
    @Test
    void build_bunLockbWithStalePackageLockAndNoBun_installsWithNpmAndWarnsTwice() {
        BuildResult result = succeeded(previews.build(LockfileInstallTest.lockedApp("locked", "stale npm lock",
                Map.of("bun.lockb", "", "package.json", LockfileInstallTest.lockedApp("locked-plus-one", "", Map.of())
                        .file("package.json").orElseThrow().contentAsString()))));

        assertThat(result.packageManager()).contains(PackageManager.NPM);
        assertThat(warns(result, "PACKAGE_MANAGER_MISSING")).as(result.diagnosticSummary()).isTrue();
        assertThat(warns(result, "LOCKFILE_OUT_OF_STEP")).as(result.diagnosticSummary()).isTrue();
    }

    /** Kind 3: a project that installs only with its .npmrc's legacy-peer-deps; registry settings are dropped. */
    @Test
    void build_npmrcWithLegacyPeerDeps_installsAsTheProjectAsksWithoutItsRegistry() throws Exception {
        ProjectFiles project = Fixtures.reactAppWith(Map.of(
                "package.json", """
                        { "name": "peer-conflict", "private": true, "type": "module",
                          "dependencies": { "react": "19.2.0", "react-dom": "19.2.0", "clsx": "2.1.1" },
                          "devDependencies": { "vite": "7.2.2", "vite-plugin-inspect": "0.8.9" } }
                        """,
                ".npmrc", "legacy-peer-deps=true\nregistry=http://127.0.0.1:9/\n"));

        BuildResult result = succeeded(previews.build(project));

        Path set = workDirectory.resolve("dependencies").resolve(result.cacheDecisions().stream()
                .filter(decision -> decision.kind() == CacheDecision.Kind.DEPENDENCIES)
                .findFirst().orElseThrow().key());
        assertThat(Files.readString(set.resolve(".npmrc"))).isEqualTo("legacy-peer-deps=true\n");
        assertThat(set.resolve("node_modules/vite-plugin-inspect/package.json")).exists();
    }

    /** Kinds 4 and 5: minify with terser without declaring it, and a VITE_ variable nothing sets. */
    @Test
    void build_terserMinifyAndUnsetEnvVariable_terserDeclaredAndTheVariableWarnedAbout() throws Exception {
        ProjectFiles project = Fixtures.reactAppWith(Map.of(
                "vite.config.ts", "export default { build: { minify: 'terser' } };\n",
                "src/components/Greeting.tsx", """
                        export function Greeting() {
                          return <p>{import.meta.env.VITE_API_URL ?? 'no api url'}</p>;
                        }
                        """,
                ".env.example", "VITE_API_URL=https://api.example\n"));

        BuildResult result = succeeded(previews.build(project));

        assertThat(result.projectChanges()).extracting(ProjectChange::target).contains("terser");
        assertThat(result.diagnostics()).anySatisfy(warning -> {
            assertThat(warning.code()).contains("ENV_UNSET");
            assertThat(warning.file()).contains("src/components/Greeting.tsx");
            assertThat(warning.message()).contains("VITE_API_URL");
        });
        assertThat(Fixtures.builtJavaScript(result.artifact().orElseThrow())).contains("no api url");
    }

    /** Kind 6: a Next.js app is refused before anything runs, instead of previewing the Vite template. */
    @Test
    void build_nextJsApp_refusedAsAnotherFramework() {
        InvalidProjectException refused = catchThrowableOfType(InvalidProjectException.class, () -> previews.build(
                ProjectFiles.fromMap(Map.of(
                        "package.json", "{ \"dependencies\": { \"next\": \"15.0.0\", \"react\": \"19.0.0\" } }",
                        "next.config.mjs", "export default {};\n",
                        "app/page.tsx", "export default function Page() { return <p>Next</p>; }\n"))));

        assertThat(refused.rule()).isEqualTo(InvalidProjectException.Rule.UNSUPPORTED_FRAMEWORK);
        assertThat(refused.getMessage()).contains("Next.js");
        assertThat(workDirectory.resolve("builds")).as("no workspace was written").satisfiesAnyOf(
                builds -> assertThat(builds).doesNotExist(), builds -> assertThat(builds).isEmptyDirectory());
    }
}
