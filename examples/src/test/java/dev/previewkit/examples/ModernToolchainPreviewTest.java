package dev.previewkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.BuildProfile;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.ProjectFiles;
import dev.previewkit.Toolchain;
import dev.previewkit.backend.localnpm.LocalNpmBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The modern toolchain on the lovable.dev-style fixture ({@code lovable-app}, Vite 5 with shadcn/ui): the build by
 * Vite 8 renders in Chromium the same text, page by page and deep links included, as the build by the project's own
 * Vite 5.
 */
class ModernToolchainPreviewTest {
    /** Each route and a text its page shows once it has rendered. */
    private static final Map<String, String> ROUTES = Map.of(
            "/", "Lovable fixture dashboard",
            "/analytics", "Analytics overview",
            "/pricing", "Plans and pricing",
            "/team", "Meet the team",
            "/contact", "Get in touch");

    @TempDir
    Path workDirectory;

    @Test
    void build_lovableStyleAppWithTheModernToolchain_rendersTheSameTextAsItsOwnVite() throws Exception {
        ProjectFiles app = SampleApp.fromClassPath("lovable-app");
        BuildResult original;
        BuildResult modern;
        try (PreviewBuilder own = builder(BuildProfile.PRODUCTION, "own");
                PreviewBuilder upgraded = builder(BuildProfile.PRODUCTION.withModernToolchain(true), "modern")) {
            original = own.build(app);
            modern = upgraded.build(app);
        }
        assertThat(original.status()).as(original.log()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(modern.status()).as(modern.log()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(original.artifact().orElseThrow().toolchain()).isEqualTo(Toolchain.PROJECT);
        assertThat(modern.artifact().orElseThrow().toolchain().kind()).isEqualTo(Toolchain.Kind.MODERN);
        assertThat(original.log()).contains("vite v5.4.21");
        assertThat(modern.log()).contains("vite v8.4.0");

        try (ArtifactServer originalServer = ArtifactServer.start(original.artifact().orElseThrow().root());
                ArtifactServer modernServer = ArtifactServer.start(modern.artifact().orElseThrow().root());
                BrowserPage page = BrowserPage.open(workDirectory.resolve("chromium"))) {
            for (Map.Entry<String, String> route : ROUTES.entrySet()) {
                String originalText = settledText(page, originalServer.uri().resolve(route.getKey()).toString(),
                        route.getValue());
                String modernText = settledText(page, modernServer.uri().resolve(route.getKey()).toString(),
                        route.getValue());

                assertThat(modernText).as("the text of %s", route.getKey()).isEqualTo(originalText)
                        .contains(route.getValue()).contains("Footer version 1");
            }
        }
    }

    private PreviewBuilder builder(BuildProfile profile, String folder) {
        return PreviewBuilder.configure().backend(LocalNpmBackend.create()).workDirectory(workDirectory.resolve(folder))
                .buildProfile(profile).build();
    }

    /** The page's text once it shows {@code expected} and stops changing (queries resolved, charts drawn). */
    private static String settledText(BrowserPage page, String url, String expected) throws InterruptedException {
        page.navigate(url);
        page.waitFor("document.body.innerText.includes('" + expected + "')", Duration.ofSeconds(30));
        String text = page.text();
        for (int i = 0; i < 20; i++) {
            Thread.sleep(250);
            String again = page.text();
            if (again.equals(text)) {
                return text;
            }
            text = again;
        }
        return text;
    }
}
