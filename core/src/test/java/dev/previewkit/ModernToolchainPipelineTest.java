package dev.previewkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.previewkit.CacheDecision.Kind;
import dev.previewkit.testing.InMemoryBackend;
import dev.previewkit.testing.InMemoryProjects;
import dev.previewkit.testing.OpenBuilders;
import dev.previewkit.testing.Waits;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The modern toolchain through the pipeline, with the {@link InMemoryBackend}. */
class ModernToolchainPipelineTest {
    @TempDir
    Path workDirectory;

    private final OpenBuilders builders = new OpenBuilders();

    @AfterEach
    void close() {
        builders.closeAll();
    }

    /** The in-memory app pinning Vite 5, with other files added or replaced. */
    private static ProjectFiles onVite5(String label, Map<String, String> changes) {
        String manifest = """
                { "name": "old", "private": true, "type": "module",
                  "dependencies": { "clsx": "2.1.1" },
                  "devDependencies": { "vite": "^5.4.21", "@vitejs/plugin-react-swc": "^3.11.0" } }
                """;
        Map<String, String> files = new java.util.HashMap<>(changes);
        files.put("package.json", manifest);
        return InMemoryProjects.labelled(label, files);
    }

    private static BuildResult succeeded(BuildResult result) {
        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.SUCCEEDED);
        return result;
    }

    @Test
    void session_projectOnVite5_buildsWithTheToolchainSetAndSaysSo() throws Exception {
        InMemoryBackend backend = InMemoryBackend.create();
        PreviewSession session = builders.open(backend, workDirectory).session("old");

        BuildResult result = succeeded(Waits.result(session.submit(onVite5("a", Map.of()))));

        Artifact artifact = result.artifact().orElseThrow();
        assertThat(artifact.toolchain().kind()).isEqualTo(Toolchain.Kind.MODERN);
        assertThat(artifact.toolchain().description()).contains("vite 8.4.0").contains("^5.4.21");
        assertThat(artifact.root().resolve("toolchain.txt")).content().contains("vite 8.4.0");
        assertThat(backend.requests().get(0).toolchain().orElseThrow().packages()).contains("vite",
                "@vitejs/plugin-react-swc");
        assertThat(result.cacheDecision(Kind.TOOLCHAIN).orElseThrow().outcome()).isEqualTo(CacheDecision.Outcome.MISS);
        assertThat(backend.installCount()).as("the project's set and the toolchain set").isEqualTo(2);

        BuildResult next = succeeded(Waits.result(session.submit(onVite5("b", Map.of()))));
        assertThat(next.cacheDecision(Kind.TOOLCHAIN).orElseThrow().outcome())
                .as("the toolchain set is installed once").isEqualTo(CacheDecision.Outcome.REUSED);
        assertThat(backend.installCount()).isEqualTo(2);
    }

    @Test
    void session_buildFailsWithTheToolchain_buildsWithTheProjectsOwnAndWarns() throws Exception {
        InMemoryBackend backend = InMemoryBackend.create();
        PreviewSession session = builders.open(backend, workDirectory).session("fallback");

        BuildResult result = succeeded(Waits.result(session.submit(onVite5("a",
                Map.of("src/needs-old.ts", "// " + InMemoryBackend.FAILS_WITH_TOOLCHAIN)))));

        assertThat(result.artifact().orElseThrow().toolchain().kind()).isEqualTo(Toolchain.Kind.PROJECT);
        assertThat(result.artifact().orElseThrow().toolchain().description()).contains("failed");
        assertThat(result.diagnostics()).anySatisfy(d -> {
            assertThat(d.severity()).isEqualTo(Diagnostic.Severity.WARNING);
            assertThat(d.code()).contains("MODERN_TOOLCHAIN_FAILED");
        });
        assertThat(backend.buildCount()).isEqualTo(2);

        BuildResult next = succeeded(Waits.result(session.submit(onVite5("b",
                Map.of("src/needs-old.ts", "// " + InMemoryBackend.FAILS_WITH_TOOLCHAIN)))));
        assertThat(backend.buildCount()).as("the dependency set is remembered: one build, with the project's own")
                .isEqualTo(3);
        assertThat(next.artifact().orElseThrow().toolchain().description()).contains("earlier build");
    }

    @Test
    void session_failsWithBothToolchains_reportsTheProjectToolchainsErrorsOnly() throws Exception {
        InMemoryBackend backend = InMemoryBackend.create();
        PreviewSession session = builders.open(backend, workDirectory).session("broken");

        BuildResult result = Waits.result(session.submit(onVite5("a", Map.of(
                "src/needs-old.ts", "// " + InMemoryBackend.FAILS_WITH_TOOLCHAIN,
                "src/components/Greeting.tsx", "export function Greeting() {\n  // " + InMemoryBackend.BUILD_ERROR
                        + "\n  return 'x';\n}\n"))));

        assertThat(result.status()).isEqualTo(BuildStatus.FAILED);
        assertThat(result.diagnostics()).filteredOn(d -> d.severity() == Diagnostic.Severity.ERROR)
                .singleElement().satisfies(d -> assertThat(d.file()).contains("src/components/Greeting.tsx"));
    }

    @Test
    void session_configImportsAnUncheckedPlugin_keepsTheProjectsToolchainSayingWhy() throws Exception {
        InMemoryBackend backend = InMemoryBackend.create();
        PreviewSession session = builders.open(backend, workDirectory).session("pwa");

        BuildResult result = succeeded(Waits.result(session.submit(onVite5("a", Map.of("vite.config.ts",
                "import { VitePWA } from 'vite-plugin-pwa';\nexport default { plugins: [VitePWA()] };\n")))));

        assertThat(backend.requests().get(0).toolchain()).isEmpty();
        assertThat(result.artifact().orElseThrow().toolchain().description()).contains("vite-plugin-pwa");
        assertThat(result.cacheDecision(Kind.TOOLCHAIN)).isEmpty();
    }

    @Test
    void build_productionProfile_keepsTheProjectsToolchain() {
        InMemoryBackend backend = InMemoryBackend.create();

        BuildResult result = succeeded(builders.open(backend, workDirectory).build(onVite5("a", Map.of())));

        assertThat(result.artifact().orElseThrow().toolchain()).isEqualTo(Toolchain.PROJECT);
        assertThat(backend.requests().get(0).toolchain()).isEmpty();
    }

    @Test
    void configure_modernToolchainOnABackendThatCannot_isRefusedNamingTheSetting() {
        InMemoryBackend remote = InMemoryBackend.builder().remote("/workspace").build();
        dev.previewkit.testing.ForwardingBackend noOverride = new dev.previewkit.testing.ForwardingBackend(remote) {
            @Override
            public dev.previewkit.spi.BackendCapabilities capabilities() {
                return dev.previewkit.spi.BackendCapabilities.builder(remote.capabilities().isolation())
                        .hostWorkspace(false).build();
            }
        };

        assertThatThrownBy(() -> PreviewBuilder.configure().backend(noOverride).workDirectory(workDirectory)
                .buildProfile(BuildProfile.PRODUCTION.withModernToolchain(true)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("buildProfile")
                .hasMessageContaining("modern toolchain");
        PreviewBuilder defaults = builders.open(noOverride, workDirectory);
        assertThat(defaults.session("s").buildProfile().modernToolchain())
                .as("by default sessions only ask for what the backend can do").isFalse();
    }
}
