package dev.previewkit.backend.localnpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.Artifact;
import dev.previewkit.BuildProfile;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.ProjectFiles;
import dev.previewkit.tck.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build profile on real Vite builds: a preview build keeps names (no minification) and prints no
 * compressed sizes, a production one minifies and prints them; the project's own config, whatever its form,
 * still applies under the profile's overlay. One work directory for the class, so the fixture installs once.
 */
class BuildProfileTest {
    /** Vite keeps this declaration as written unless it minifies. */
    private static final String KEPT_NAME = "function Greeting(";
    /** What Vite prints beside each file when it reports compressed sizes. */
    private static final String COMPRESSED_SIZE = "gzip:";

    @TempDir
    static Path workDirectory;

    private static BuildResult build(BuildProfile profile, ProjectFiles files) {
        try (PreviewBuilder previews = PreviewBuilder.configure()
                .backend(LocalNpmBackend.create())
                .workDirectory(workDirectory)
                .buildProfile(profile)
                .build()) {
            BuildResult result = previews.build(files);
            assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.SUCCEEDED);
            return result;
        }
    }

    @Test
    void build_previewProfile_keepsNamesAndPrintsNoCompressedSizes() throws IOException {
        BuildResult result = build(BuildProfile.PREVIEW, Fixtures.reactAppWith(Map.of()));

        Artifact artifact = result.artifact().orElseThrow();
        assertThat(Fixtures.builtJavaScript(artifact)).contains(KEPT_NAME, Fixtures.NESTED_TEXT);
        assertThat(result.log()).contains("built in").doesNotContain(COMPRESSED_SIZE);
        assertThat(artifact.files()).noneMatch(file -> file.endsWith(".map"));
        assertThat(artifact.profile()).isEqualTo(BuildProfile.PREVIEW);
    }

    @Test
    void build_productionProfile_minifiesAndPrintsCompressedSizes() throws IOException {
        BuildResult result = build(BuildProfile.PRODUCTION, Fixtures.reactAppWith(Map.of()));

        Artifact artifact = result.artifact().orElseThrow();
        assertThat(Fixtures.builtJavaScript(artifact)).contains(Fixtures.NESTED_TEXT).doesNotContain(KEPT_NAME);
        assertThat(result.log()).contains(COMPRESSED_SIZE);
        assertThat(artifact.profile()).isEqualTo(BuildProfile.PRODUCTION);
    }

    @Test
    void build_previewWithSourceMaps_writesMaps() {
        BuildResult result = build(BuildProfile.PREVIEW.withSourceMaps(true), Fixtures.reactAppWith(Map.of()));

        assertThat(result.artifact().orElseThrow().files()).anyMatch(file -> file.endsWith(".js.map"));
    }

    @Test
    void build_previewOfAsyncFunctionConfig_keepsProjectSettingsAndOverridesBuildOnes() throws IOException {
        ProjectFiles project = Fixtures.reactAppWith(Map.of(
                "vite.config.ts", """
                        export default async ({ mode }) => {
                          await new Promise((resolve) => setTimeout(resolve, 10));
                          return {
                            define: { __MODE__: JSON.stringify('mode:' + mode) },
                            build: { minify: true, sourcemap: true },
                          };
                        };
                        """,
                "previewkit.vite.config.mjs", "throw new Error('a project file, not the overlay');\n",
                Fixtures.BROKEN_FILE, """
                        declare const __MODE__: string;
                        export function Greeting() {
                          return <p>{__MODE__}</p>;
                        }
                        """));

        BuildResult result = build(BuildProfile.PREVIEW, project);

        Artifact artifact = result.artifact().orElseThrow();
        assertThat(Fixtures.builtJavaScript(artifact)).as("the project's define, in the mode Vite gave")
                .contains("mode:production").contains(KEPT_NAME);
        assertThat(artifact.files()).noneMatch(file -> file.endsWith(".map"));
    }

    @Test
    void build_previewOnVite5_keepsNamesAndPrintsNoCompressedSizes() throws IOException {
        ProjectFiles project = Fixtures.reactAppWith(Map.of("package.json",
                Fixtures.packageJson("").replace("\"vite\": \"8.3.8\"", "\"vite\": \"5.4.21\"")));

        BuildResult preview = build(BuildProfile.PREVIEW.withModernToolchain(false), project);
        BuildResult production = build(BuildProfile.PRODUCTION, project);

        assertThat(preview.log()).contains("vite v5.4.21").doesNotContain(COMPRESSED_SIZE);
        assertThat(Fixtures.builtJavaScript(preview.artifact().orElseThrow())).contains(KEPT_NAME);
        assertThat(production.log()).contains(COMPRESSED_SIZE);
        assertThat(Fixtures.builtJavaScript(production.artifact().orElseThrow())).doesNotContain(KEPT_NAME);
    }
}
