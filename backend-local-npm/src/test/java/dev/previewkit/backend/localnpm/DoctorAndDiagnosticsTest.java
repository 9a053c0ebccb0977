package dev.previewkit.backend.localnpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.BuildPhase;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.Diagnostic;
import dev.previewkit.PackageManager;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.ProjectChange;
import dev.previewkit.ProjectFiles;
import dev.previewkit.tck.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project doctor and structured diagnostics on real installs and builds: one fixture project per kind of
 * error, asserting the exact fields. The work directory is shared so that equal dependency sets install once.
 */
class DoctorAndDiagnosticsTest {
    /** Where Vite 8 (oxc) reports {@code <p>unclosed {</p>}: at the '/' of the closing tag inside the braces. */
    private static final int SYNTAX_COLUMN = 24;
    private static final String SYNTAX_MESSAGE = "Unexpected token";

    @TempDir
    static Path workDirectory;

    private static BuildResult build(ProjectFiles files, Consumer<PreviewBuilder.Config> settings,
            LocalNpmBackend backend) {
        PreviewBuilder.Config config = PreviewBuilder.configure().backend(backend).workDirectory(workDirectory);
        settings.accept(config);
        try (PreviewBuilder previews = config.build()) {
            return previews.build(files);
        }
    }

    private static BuildResult build(ProjectFiles files) {
        return build(files, config -> { }, LocalNpmBackend.create());
    }

    private static Diagnostic onlyDiagnostic(BuildResult result) {
        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.FAILED);
        assertThat(result.diagnostics()).as(result.log()).hasSize(1);
        return result.diagnostics().get(0);
    }

    @Test
    void build_onlyAppTsx_templateFillsTheRestAndAppIsBuilt() throws Exception {
        BuildResult result = build(ProjectFiles.fromMap(Map.of("src/App.tsx",
                "export default function App() { return <h1>Only an App component</h1>; }\n")));

        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(result.projectChanges()).filteredOn(change -> change.kind() == ProjectChange.Kind.ADDED_FILE)
                .extracting(ProjectChange::target)
                .contains("package.json", "index.html", "vite.config.ts", "src/main.tsx", "src/index.css");
        assertThat(Fixtures.builtJavaScript(result.artifact().orElseThrow())).contains("Only an App component");
    }

    @Test
    void build_undeclaredLucideAndDateFns_addedPinnedAndBuilt() throws Exception {
        BuildResult result = build(ProjectFiles.fromMap(Map.of("src/App.tsx", """
                import { Sparkles } from 'lucide-react';
                import { format } from 'date-fns';

                export function App() {
                  return <p><Sparkles /> Dated {format(new Date(2026, 10, 22), 'yyyy-MM-dd')}</p>;
                }
                """)));

        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(result.projectChanges()).filteredOn(change -> change.kind() == ProjectChange.Kind.ADDED_DEPENDENCY)
                .extracting(ProjectChange::target).containsExactlyInAnyOrder("lucide-react", "date-fns");
        assertThat(result.projectChanges()).filteredOn(change -> change.target().equals("lucide-react"))
                .singleElement().satisfies(change -> assertThat(change.detail()).startsWith("1.75.0")
                        .contains("src/App.tsx"));
        assertThat(Fixtures.builtJavaScript(result.artifact().orElseThrow())).contains("yyyy-MM-dd");
    }

    @Test
    void build_lovableStyleExport_needsNoRepairAndBuildsWithNpmCi() throws Exception {
        Path fixture = Path.of(DoctorAndDiagnosticsTest.class.getResource("/lovable-app/package.json").toURI())
                .getParent();

        BuildResult result = build(ProjectFiles.fromDirectory(fixture));

        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(result.projectChanges()).as("Vite 5, shadcn/ui, the @/ alias and lovable-tagger need nothing")
                .isEmpty();
        assertThat(result.packageManager()).contains(PackageManager.NPM);
        assertThat(Fixtures.builtJavaScript(result.artifact().orElseThrow())).contains("Lovable fixture dashboard");
    }

    @Test
    void build_tsxSyntaxError_diagnosticWithExactLocationAndFrame() {
        Diagnostic diagnostic = onlyDiagnostic(build(Fixtures.withSyntaxError()));

        assertThat(diagnostic.phase()).isEqualTo(BuildPhase.BUILD);
        assertThat(diagnostic.severity()).isEqualTo(Diagnostic.Severity.ERROR);
        assertThat(diagnostic.file()).contains("src/components/Greeting.tsx");
        assertThat(diagnostic.line()).hasValue(2);
        assertThat(diagnostic.column()).hasValue(SYNTAX_COLUMN);
        assertThat(diagnostic.message()).isEqualTo(SYNTAX_MESSAGE);
        assertThat(diagnostic.frame()).hasValueSatisfying(frame -> assertThat(frame).contains("unclosed"));
    }

    @Test
    void build_sameErrorOnAnotherLine_keepsItsFingerprint_andSummaryIsBounded() {
        BuildResult first = build(Fixtures.withSyntaxError());
        BuildResult moved = build(Fixtures.reactAppWith(Map.of("src/components/Greeting.tsx", """

                export function Greeting() {
                  return <p>unclosed {</p>;
                }
                """)));

        Diagnostic before = onlyDiagnostic(first);
        Diagnostic after = onlyDiagnostic(moved);
        assertThat(after.line()).hasValue(3);
        assertThat(after.fingerprint()).isEqualTo(before.fingerprint());
        assertThat(moved.diagnosticSummary()).startsWith("src/components/Greeting.tsx:3:")
                .contains(SYNTAX_MESSAGE);
        assertThat(moved.diagnosticSummary().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
    }

    @Test
    void build_unresolvedLocalImport_diagnosticNamesFileAndSpecifier() {
        Diagnostic diagnostic = onlyDiagnostic(build(Fixtures.reactAppWith(Map.of("src/App.tsx", """
                import { Missing } from './components/Missing';

                export function App() { return <Missing />; }
                """))));

        assertThat(diagnostic.code()).contains("UNRESOLVED_IMPORT");
        assertThat(diagnostic.file()).contains("src/App.tsx");
        assertThat(diagnostic.line()).hasValue(1);
        assertThat(diagnostic.column()).hasValue(25);
        assertThat(diagnostic.message()).contains("./components/Missing");
    }

    @Test
    void install_noSuchPackage_e404Diagnostic() {
        Diagnostic diagnostic = onlyDiagnostic(build(Fixtures.withMissingPackage()));

        assertThat(diagnostic.phase()).isEqualTo(BuildPhase.INSTALL);
        assertThat(diagnostic.code()).contains("E404");
        assertThat(diagnostic.message()).contains("previewkit-no-such-package-4d1e9c@1.0.0");
        assertThat(diagnostic.file()).isEmpty();
    }

    @Test
    void install_noSuchVersion_etargetDiagnostic() {
        Diagnostic diagnostic = onlyDiagnostic(build(Fixtures.reactAppWith(Map.of("package.json",
                Fixtures.packageJson("").replace("\"react\": \"19.2.0\"", "\"react\": \"99.0.0\"")))));

        assertThat(diagnostic.code()).contains("ETARGET");
        assertThat(diagnostic.message()).isEqualTo("No matching version found for react@99.0.0.");
    }

    @Test
    void install_peerConflict_eresolveDiagnostic() {
        Diagnostic diagnostic = onlyDiagnostic(build(Fixtures.reactAppWith(Map.of("package.json",
                Fixtures.packageJson("").replace("\"clsx\": \"2.1.1\"",
                        "\"clsx\": \"2.1.1\", \"react-helmet-async\": \"1.3.0\"")))));

        assertThat(diagnostic.code()).contains("ERESOLVE");
        assertThat(diagnostic.message()).contains("react-helmet-async@1.3.0").contains("react@19.2.0");
    }

    @Test
    void install_registryUnreachable_retryableInfrastructureFailureWithNetworkDiagnostic() {
        LocalNpmBackend offline = LocalNpmBackend.builder()
                .environment("npm_config_registry", "http://127.0.0.1:9/")
                .environment("npm_config_fetch_retries", "0")
                .environment("npm_config_cache", workDirectory.resolve("empty-npm-cache").toString())
                .build();

        BuildResult result = build(Fixtures.reactAppWith(Map.of()), config -> { }, offline);

        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.INFRASTRUCTURE_FAILURE);
        assertThat(result.retryable()).isTrue();
        assertThat(result.message()).contains("could not reach the package registry (ECONNREFUSED)");
        Diagnostic diagnostic = result.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR)
                .findFirst().orElseThrow();
        assertThat(diagnostic.phase()).isEqualTo(BuildPhase.INSTALL);
        assertThat(diagnostic.code()).contains("ECONNREFUSED");
    }

    @Test
    void build_typeCheckOn_typeErrorFailsWithTs2322() {
        BuildResult result = build(ProjectFiles.fromMap(Map.of("src/App.tsx", """
                const count: string = 42;

                export default function App() { return <p>{count}</p>; }
                """)), config -> config.typeCheck(true), LocalNpmBackend.create());

        Diagnostic diagnostic = onlyDiagnostic(result);
        assertThat(diagnostic.phase()).isEqualTo(BuildPhase.TYPECHECK);
        assertThat(diagnostic.code()).contains("TS2322");
        assertThat(diagnostic.file()).contains("src/App.tsx");
        assertThat(diagnostic.line()).hasValue(1);
        assertThat(diagnostic.column()).hasValue(7);
        assertThat(diagnostic.message()).isEqualTo("Type 'number' is not assignable to type 'string'.");
        assertThat(result.phaseDurations()).containsKey(BuildPhase.TYPECHECK).doesNotContainKey(BuildPhase.BUILD);
    }
}
