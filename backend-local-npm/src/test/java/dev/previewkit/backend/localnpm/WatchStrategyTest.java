package dev.previewkit.backend.localnpm;

import static dev.previewkit.backend.localnpm.WarmWorkerTest.assertSameFiles;
import static dev.previewkit.backend.localnpm.WarmWorkerTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.BuildProfile;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.PreviewSession;
import dev.previewkit.ProjectFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm worker's watch strategy on a project's own Vite 5 (Rollup): a changed module is rebuilt from Rollup's
 * module cache, anything the watcher cannot be trusted with (a public file, a deleted file, a failed build before)
 * gets a full watch build, and every version's artifact is the one a fresh {@code vite build} makes.
 */
class WatchStrategyTest {
    private static final BuildProfile OWN_VITE = BuildProfile.PREVIEW.withModernToolchain(false);
    private static final String APP_WITH_BADGE = """
            import { Greeting } from "@/components/Greeting";
            import { Badge } from "@/components/Badge";

            export default function App() {
              return <main><h1>Vite 5 fixture app</h1><Greeting /><Badge /></main>;
            }
            """;

    @TempDir
    Path workDirectory;

    private final List<PreviewBuilder> builders = new ArrayList<>();

    @AfterEach
    void close() {
        builders.forEach(PreviewBuilder::close);
    }

    private BuildResult fresh(ProjectFiles files) {
        PreviewBuilder builder = PreviewBuilder.configure().backend(LocalNpmBackend.builder().warmWorkers(0).build())
                .workDirectory(workDirectory.resolve("fresh")).buildProfile(OWN_VITE).build();
        builders.add(builder);
        BuildResult result = builder.build(files);
        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.SUCCEEDED);
        return result;
    }

    /** Submits, checks the artifact against a fresh build's and, unless {@code fullBuild} is null, how it was built. */
    private BuildResult built(PreviewSession session, ProjectFiles files, Boolean fullBuild) throws Exception {
        BuildResult result = await(session.submit(files));
        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(result.log()).contains("built by the session's warm build worker").contains(", watch");
        if (Boolean.TRUE.equals(fullBuild)) {
            assertThat(result.log()).contains("full watch build");
        } else if (Boolean.FALSE.equals(fullBuild)) {
            assertThat(result.log()).doesNotContain("full watch build");
        }
        assertSameFiles(result.artifact().orElseThrow(), fresh(files).artifact().orElseThrow());
        return result;
    }

    @Test
    void submit_versionsOnVite5_rebuildOnlyWhatTheWatcherCanTakeAndMatchFreshBuilds() throws Exception {
        PreviewBuilder previews = PreviewBuilder.configure().backend(LocalNpmBackend.create())
                .workDirectory(workDirectory.resolve("session")).sessionBuildProfile(OWN_VITE).build();
        builders.add(previews);
        PreviewSession session = previews.session("watching");

        built(session, Vite5Fixture.files(), true);
        built(session, Vite5Fixture.greeting("Changed in place"), false);
        ProjectFiles withBadge = Vite5Fixture.with(Map.of("src/App.tsx", APP_WITH_BADGE,
                "src/components/Badge.tsx", "export function Badge() { return <span>A new badge</span>; }\n"));
        built(session, withBadge, false);
        ProjectFiles newPublicFile = Vite5Fixture.with(Map.of("src/App.tsx", APP_WITH_BADGE,
                "src/components/Badge.tsx", "export function Badge() { return <span>A new badge</span>; }\n",
                "public/robots.txt", "User-agent: *\nDisallow: /\n"));
        BuildResult withPublic = built(session, newPublicFile, true);
        assertThat(withPublic.artifact().orElseThrow().root().resolve("robots.txt")).content().contains("Disallow");
        built(session, Vite5Fixture.greeting("Badge deleted"), true);

        BuildResult broken = await(session.submit(Vite5Fixture.greeting("<p>unclosed")));
        assertThat(broken.status()).isEqualTo(BuildStatus.FAILED);
        assertThat(broken.diagnostics()).isNotEmpty();
        // The watcher rebuilds the fix as soon as it is written; whether that or a full build publishes it, the
        // rebuild is taken only once it saw the fixed file.
        built(session, Vite5Fixture.greeting("Fixed again"), null);
    }

    @Test
    void submit_rebuildSlowerThanTheWatchersQuietTime_isWaitedForNotRestarted() throws Exception {
        PreviewBuilder previews = PreviewBuilder.configure().backend(LocalNpmBackend.create())
                .workDirectory(workDirectory.resolve("slow")).sessionBuildProfile(OWN_VITE).build();
        builders.add(previews);
        PreviewSession session = previews.session("slow");
        String slowConfig = """
                import { defineConfig } from "vite";
                import react from "@vitejs/plugin-react-swc";
                import path from "path";

                export default defineConfig(() => ({
                  plugins: [react(), { name: "slow-on-marker", async transform(code) {
                    if (code.includes("SLOW" + "_REBUILD")) await new Promise((done) => setTimeout(done, 4500));
                  } }],
                  resolve: { alias: { "@": path.resolve(__dirname, "./src") } },
                }));
                """;
        built(session, Vite5Fixture.with(Map.of("vite.config.ts", slowConfig)), true);

        // The rebuild takes longer than the 3 s the worker waits for a change to start one: it is still taken.
        built(session, Vite5Fixture.with(Map.of("vite.config.ts", slowConfig, Vite5Fixture.GREETING_FILE,
                "export function Greeting() {\n  return <p className=\"greeting\">SLOW_REBUILD</p>;\n}\n")), false);
    }
}
