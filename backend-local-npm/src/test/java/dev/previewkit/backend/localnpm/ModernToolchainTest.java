package dev.previewkit.backend.localnpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.Artifact;
import dev.previewkit.BuildProfile;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.CacheDecision;
import dev.previewkit.Diagnostic;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The modern toolchain with real npm and Vite: a project pinning Vite 5 is built by Vite 8 from a toolchain set of
 * its own (the project's set keeps its Vite 5), and by its own Vite 5 when the modern build fails.
 */
class ModernToolchainTest {
    @TempDir
    Path workDirectory;

    private final List<PreviewBuilder> builders = new ArrayList<>();

    @AfterEach
    void close() {
        builders.forEach(PreviewBuilder::close);
    }

    private PreviewBuilder builder(BuildProfile profile) {
        PreviewBuilder builder = PreviewBuilder.configure().backend(LocalNpmBackend.builder().warmWorkers(0).build())
                .workDirectory(workDirectory).buildProfile(profile).build();
        builders.add(builder);
        return builder;
    }

    private static String builtJavaScript(Artifact artifact) throws IOException {
        StringBuilder js = new StringBuilder();
        for (String file : artifact.files()) {
            if (file.endsWith(".js")) {
                js.append(Files.readString(artifact.root().resolve(file)));
            }
        }
        return js.toString();
    }

    private static List<String> viteVersionsIn(Path dependencies) throws IOException {
        try (Stream<Path> manifests = Files.find(dependencies, 4, (path, attrs) ->
                path.endsWith(Path.of("node_modules", "vite", "package.json")))) {
            List<String> versions = new ArrayList<>();
            for (Path manifest : manifests.toList()) {
                versions.add(PackageFiles.read(manifest).path("version").asText());
            }
            return versions;
        }
    }

    @Test
    void build_vite5ProjectWithTheModernToolchain_isBuiltByVite8AndSaysSo() throws Exception {
        BuildResult result = builder(BuildProfile.PREVIEW).build(Vite5Fixture.files());

        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.SUCCEEDED);
        Artifact artifact = result.artifact().orElseThrow();
        assertThat(artifact.toolchain().kind()).isEqualTo(Toolchain.Kind.MODERN);
        assertThat(artifact.toolchain().description()).contains("vite 8.4.0").contains("5.4.21");
        assertThat(builtJavaScript(artifact)).contains(Vite5Fixture.GREETING);
        assertThat(result.log()).contains("vite v8.4.0");
        assertThat(result.cacheDecision(CacheDecision.Kind.TOOLCHAIN)).isPresent();
        assertThat(viteVersionsIn(workDirectory.resolve("dependencies")))
                .as("the project's set keeps its Vite; the toolchain set has its own")
                .containsExactlyInAnyOrder("5.4.21", "8.4.0");
    }

    @Test
    void build_configFailsOnVite8_buildsWithTheProjectsVite5AndWarns() throws Exception {
        BuildResult result = builder(BuildProfile.PREVIEW).build(Vite5Fixture.with(Map.of("vite.config.ts", """
                import { defineConfig, version } from "vite";
                import react from "@vitejs/plugin-react-swc";

                if (version.startsWith("8.")) {
                  throw new Error("this config was written for Vite 5");
                }
                export default defineConfig({ plugins: [react()] });
                """, "src/App.tsx", """
                import { Greeting } from "./components/Greeting";

                export default function App() {
                  return <main><h1>Vite 5 fixture app</h1><Greeting /></main>;
                }
                """)));

        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.SUCCEEDED);
        Artifact artifact = result.artifact().orElseThrow();
        assertThat(artifact.toolchain().kind()).isEqualTo(Toolchain.Kind.PROJECT);
        assertThat(artifact.toolchain().description()).contains("modern toolchain failed");
        assertThat(result.log()).contains("written for Vite 5").contains("vite v5.4.21");
        assertThat(result.diagnostics()).anySatisfy(d -> {
            assertThat(d.severity()).isEqualTo(Diagnostic.Severity.WARNING);
            assertThat(d.code()).contains("MODERN_TOOLCHAIN_FAILED");
        });
        assertThat(builtJavaScript(artifact)).contains(Vite5Fixture.GREETING);
    }

    @Test
    void build_productionProfile_keepsTheProjectsVite5() throws Exception {
        BuildResult result = builder(BuildProfile.PRODUCTION).build(Vite5Fixture.files());

        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(result.artifact().orElseThrow().toolchain()).isEqualTo(Toolchain.PROJECT);
        assertThat(result.log()).contains("vite v5.4.21").doesNotContain("vite v8");
    }
}
