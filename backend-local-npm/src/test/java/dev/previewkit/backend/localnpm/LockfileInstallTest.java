package dev.previewkit.backend.localnpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.BuildPhase;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.CacheDecision;
import dev.previewkit.CacheDecision.Kind;
import dev.previewkit.CacheDecision.Outcome;
import dev.previewkit.Diagnostic;
import dev.previewkit.PackageManager;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.ProjectFiles;
import dev.previewkit.tck.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Projects whose lockfile lies, belongs to a manager that is not installed, or is close to a stored set: real
 * npm installs from the registry and real Vite builds.
 */
class LockfileInstallTest {
    @TempDir
    Path workDirectory;

    private final List<PreviewBuilder> builders = new ArrayList<>();

    @AfterEach
    void close() {
        builders.forEach(PreviewBuilder::close);
    }

    private PreviewBuilder builder(CountingBackend backend) {
        PreviewBuilder builder = PreviewBuilder.configure().backend(backend).workDirectory(workDirectory).build();
        builders.add(builder);
        return builder;
    }

    /** The fixture app's sources with the package.json and lockfile of {@code fixtures/<folder>}. */
    static ProjectFiles lockedApp(String folder, String greeting, Map<String, String> changes) {
        Map<String, String> files = new HashMap<>();
        try {
            Path fixture = Path.of(LockfileInstallTest.class.getResource("/fixtures/" + folder).toURI());
            try (var listing = Files.list(fixture)) {
                for (Path file : listing.filter(path -> !path.getFileName().toString().endsWith(".md")).toList()) {
                    files.put(file.getFileName().toString(), Files.readString(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        files.put("src/components/Greeting.tsx", "export function Greeting() { return <p>" + greeting + "</p>; }\n");
        files.putAll(changes);
        Map<String, String> app = Fixtures.reactApp();
        app.putAll(files);
        return ProjectFiles.fromMap(app);
    }

    private static BuildResult succeeded(BuildResult result) {
        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.SUCCEEDED);
        return result;
    }

    private static List<Diagnostic> warnings(BuildResult result, String code) {
        return result.diagnostics().stream()
                .filter(diagnostic -> diagnostic.severity() == Diagnostic.Severity.WARNING)
                .filter(diagnostic -> diagnostic.code().orElse("").equals(code))
                .toList();
    }

    private static CacheDecision dependencies(BuildResult result) {
        return result.cacheDecision(Kind.DEPENDENCIES).orElseThrow();
    }

    private Path setFolder(BuildResult result) {
        return workDirectory.resolve("dependencies").resolve(dependencies(result).key());
    }

    private static String packageJsonOf(String folder) {
        return lockedApp(folder, "", Map.of()).file("package.json").orElseThrow().contentAsString();
    }

    @Test
    void build_lockfileMissingADeclaredPackage_installsResolvingWarnsAndStoresTheSet() {
        CountingBackend backend = new CountingBackend();
        PreviewBuilder previews = builder(backend);
        Map<String, String> staleLock = Map.of("package.json", packageJsonOf("locked-plus-one"));

        BuildResult first = succeeded(previews.build(lockedApp("locked", "stale lock", staleLock)));
        BuildResult again = succeeded(previews.build(lockedApp("locked", "stale lock, second version", staleLock)));

        Diagnostic warning = warnings(first, "LOCKFILE_OUT_OF_STEP").get(0);
        assertThat(warning.phase()).isEqualTo(BuildPhase.INSTALL);
        assertThat(warning.file()).contains("package-lock.json");
        assertThat(warning.message()).contains("tiny-invariant 1.3.3 is not in the lockfile").contains("npm install");
        assertThat(first.diagnosticSummary()).contains("tiny-invariant");
        assertThat(setFolder(first).resolve("node_modules/tiny-invariant/package.json")).exists();
        assertThat(dependencies(again).outcome()).isEqualTo(Outcome.REUSED);
        assertThat(warnings(again, "LOCKFILE_OUT_OF_STEP")).as("told again when the set is reused").hasSize(1);
        assertThat(backend.installs).hasValue(1);
    }

    @Test
    void build_lockfileThatNpmCiRefuses_fallsBackToResolvingInstallNamingThePackage() {
        String withoutScheduler = lockedApp("locked", "", Map.of()).file("package-lock.json").orElseThrow()
                .contentAsString().replaceFirst("(?s)\\s*\"node_modules/scheduler\": \\{[^}]*\\},", "");
        assertThat(withoutScheduler).doesNotContain("node_modules/scheduler");

        BuildResult result = succeeded(builder(new CountingBackend()).build(lockedApp("locked", "hand-edited lock",
                Map.of("package-lock.json", withoutScheduler))));

        assertThat(result.log()).contains("EUSAGE");
        assertThat(warnings(result, "LOCKFILE_OUT_OF_STEP")).singleElement()
                .satisfies(warning -> assertThat(warning.message()).contains("scheduler"));
        assertThat(setFolder(result).resolve("node_modules/scheduler/package.json")).exists();
    }

    @Test
    void build_doctorDeclaresAnImportedPackage_lockfileNoLongerMatchesAndIsResolved() {
        BuildResult result = succeeded(builder(new CountingBackend()).build(lockedApp("locked", "doctor", Map.of(
                "src/components/Greeting.tsx", """
                        import invariant from 'tiny-invariant';
                        export function Greeting() { invariant(true, 'never'); return <p>doctor</p>; }
                        """))));

        assertThat(result.projectChanges()).anySatisfy(change -> assertThat(change.target()).isEqualTo("tiny-invariant"));
        assertThat(warnings(result, "LOCKFILE_OUT_OF_STEP")).singleElement()
                .satisfies(warning -> assertThat(warning.message()).contains("tiny-invariant"));
        assertThat(result.log()).doesNotContain("EUSAGE");
    }

    @Test
    void build_closeStoredSetAndLockfileInStep_installsFromACopyChangingOnlyTheDifference() throws IOException {
        PreviewBuilder previews = builder(new CountingBackend());
        BuildResult base = succeeded(previews.build(lockedApp("locked", "template", Map.of())));

        BuildResult next = succeeded(previews.build(lockedApp("locked-plus-one", "second app", Map.of())));

        assertThat(dependencies(base).outcome()).isEqualTo(Outcome.MISS);
        assertThat(dependencies(next).outcome()).isEqualTo(Outcome.SEEDED);
        assertThat(dependencies(next).reason()).contains("added tiny-invariant@1.3.3");
        assertThat(next.log()).contains("added 1 package").doesNotContain("npm ci");
        assertThat(next.diagnostics()).isEmpty();
        Path react = Path.of("node_modules/react/package.json");
        assertThat(Files.getAttribute(setFolder(next).resolve(react), "unix:ino")).as("hard-linked, not reinstalled")
                .isEqualTo(Files.getAttribute(setFolder(base).resolve(react), "unix:ino"));
        assertThat(setFolder(next).resolve("package-lock.json")).hasSameTextualContentAs(
                Path.of(LockfileInstallTest.class.getResource("/fixtures/locked-plus-one/package-lock.json").getPath()));
    }

    @Test
    void build_seedThatDoesNotMatchTheLockfile_isCheckedAndInstalledCleanInstead() throws IOException {
        PreviewBuilder previews = builder(new CountingBackend());
        BuildResult base = succeeded(previews.build(lockedApp("locked", "template", Map.of())));
        Path clsx = setFolder(base).resolve("node_modules/clsx/package.json");
        String tampered = Files.readString(clsx).replace("\"version\": \"2.1.1\"", "\"version\": \"2.0.0\"");
        Files.delete(clsx);  // replaced, never edited in place: the store's files are shared
        Files.writeString(clsx, tampered);

        BuildResult next = succeeded(previews.build(lockedApp("locked-plus-one", "second app", Map.of())));

        assertThat(next.log()).contains("does not match package-lock.json")
                .contains("node_modules/clsx is installed as 2.0.0, locked 2.1.1");
        assertThat(dependencies(next).outcome()).isEqualTo(Outcome.MISS);
        assertThat(Files.readString(setFolder(next).resolve("node_modules/clsx/package.json")))
                .contains("\"version\": \"2.1.1\"");
    }

    @Test
    void build_onlyABunLockfileAndNoBun_buildsWithNpmAndSaysSo() {
        BuildResult result = succeeded(builder(new CountingBackend()).build(lockedApp("bun-locked", "bun", Map.of())));

        assertThat(result.packageManager()).contains(PackageManager.NPM);
        assertThat(warnings(result, "PACKAGE_MANAGER_MISSING")).singleElement().satisfies(warning -> {
            assertThat(warning.file()).contains("bun.lock");
            assertThat(warning.message()).contains("bun, which is not installed here").contains("installed with npm");
        });
    }

    @Test
    void build_onlyABunLockfileWithProvisioning_installsBunFromTheRegistryAndUsesIt(@TempDir Path tools) {
        CountingBackend backend = new CountingBackend(LocalNpmBackend.builder().provisionPackageManagers(tools).build());

        BuildResult result = succeeded(builder(backend).build(lockedApp("bun-locked", "provisioned bun", Map.of())));

        assertThat(result.packageManager()).contains(PackageManager.BUN);
        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.log()).contains("provisioning bun@");
        assertThat(tools.resolve("bun@" + ManagerProvisioner.DEFAULT_VERSIONS.get(PackageManager.BUN))).isDirectory();
    }

    @ParameterizedTest
    @CsvSource({"pnpm-lock.yaml, lockfileVersion: '9.0'", "yarn.lock, # yarn lockfile v1"})
    void build_onlyTheLockfileOfAMissingManager_buildsWithNpmAndNamesTheLockfile(String lockfile, String content) {
        BuildResult result = succeeded(builder(new CountingBackend()).build(Fixtures.reactAppWith(Map.of(
                lockfile, content + "\n"))));

        assertThat(result.packageManager()).contains(PackageManager.NPM);
        assertThat(warnings(result, "PACKAGE_MANAGER_MISSING")).singleElement().satisfies(warning -> {
            assertThat(warning.file()).contains(lockfile);
            assertThat(warning.message()).contains("installed with npm");
        });
    }
}
