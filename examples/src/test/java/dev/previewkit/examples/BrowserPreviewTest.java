package dev.previewkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.BuildListener;
import dev.previewkit.BuildPhase;
import dev.previewkit.BuildResult;
import dev.previewkit.tck.ConcurrencyProbe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Previews rendered by real headless Chromium against the running preview server. */
class BrowserPreviewTest {
    private static final int MAX_CONCURRENT_BUILDS = 2;

    @TempDir
    static Path workDirectory;

    @TempDir
    static Path profiles;

    private static PreviewServer server;
    private static TestClient client;
    private static final ConcurrencyProbe probe = new ConcurrencyProbe();
    /** Builds that ran a {@code BUILD} phase, that is that ran Vite (a stored artifact runs none). */
    private static final AtomicInteger viteBuilds = new AtomicInteger();

    @BeforeAll
    static void start() {
        Chromium.executable();
        server = PreviewServer.start(workDirectory, 0, MAX_CONCURRENT_BUILDS, new BuildListener() {
            @Override
            public void phaseStarted(String buildId, BuildPhase phase) {
                probe.phaseStarted(buildId, phase);
                if (phase == BuildPhase.BUILD) {
                    viteBuilds.incrementAndGet();
                }
            }

            @Override
            public void buildFinished(BuildResult result) {
                probe.buildFinished(result);
            }
        });
        client = new TestClient(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String render(String url) throws Exception {
        return Chromium.render(url, profiles.resolve("p" + System.nanoTime())).dom();
    }

    private static String ownOrigin(String session, String path) {
        return "http://" + session + ".localhost:" + server.port() + path;
    }

    @Test
    void submit_oneVersion_buildsOnceAndBothMountingsRenderAtRootAndDeepLinks() throws Exception {
        Map<String, String> files = PreviewServerTest.sampleFiles();
        files.put("src/pages/Home.tsx", files.get("src/pages/Home.tsx")
                .replace("Welcome to the Previewkit sample", "Welcome to the one build"));
        int before = viteBuilds.get();

        assertThat(client.submit("alpha", files).statusCode()).isEqualTo(202);
        assertThat(client.awaitBuilt("alpha").get("state")).isEqualTo("SUCCEEDED");
        String ownRoot = render(ownOrigin("alpha", "/"));
        String ownDeep = render(ownOrigin("alpha", "/about/"));
        String pathRoot = render(client.uri("/preview/alpha/").toString());
        String pathDeep = render(client.uri("/preview/alpha/about/").toString());

        assertThat(viteBuilds.get() - before).as("Vite builds for one submission, both previews served").isEqualTo(1);
        assertThat(ownRoot).contains("Welcome to the one build");
        assertThat(ownDeep).contains("About this preview").doesNotContain("Welcome to the one build");
        assertThat(pathRoot).contains("Welcome to the one build");
        assertThat(pathDeep).contains("About this preview").doesNotContain("Welcome to the one build");
    }

    @Test
    void render_projectOfOnlyAnAppComponent_isCompletedByTheDoctorAndRenders() throws Exception {
        assertThat(client.submit("gamma", Map.of("src/App.tsx",
                "export default function App() { return <h1>Rendered from App alone</h1>; }\n")).statusCode())
                .isEqualTo(202);
        assertThat(client.awaitBuilt("gamma").get("state")).isEqualTo("SUCCEEDED");

        assertThat(render(ownOrigin("gamma", "/"))).contains("<h1>Rendered from App alone</h1>");
    }

    @Test
    void render_afterPostChangingAComponent_showsTheNewText() throws Exception {
        Map<String, String> files = PreviewServerTest.sampleFiles();
        assertThat(client.submit("beta", files).statusCode()).isEqualTo(202);
        client.awaitBuilt("beta");
        assertThat(render(ownOrigin("beta", "/"))).contains("Welcome to the Previewkit sample");

        files.put("src/pages/Home.tsx", files.get("src/pages/Home.tsx")
                .replace("Welcome to the Previewkit sample", "Welcome to version two"));
        assertThat(client.submit("beta", files).statusCode()).isEqualTo(202);
        assertThat(client.awaitBuilt("beta").get("state")).isEqualTo("SUCCEEDED");

        String page = render(ownOrigin("beta", "/"));
        assertThat(page).contains("Welcome to version two").doesNotContain("Welcome to the Previewkit sample");
    }

    @Test
    void submit_fiveSessionsAtOnce_allSucceedWithinTheConcurrencyLimit() throws Exception {
        List<String> sessions = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            String session = "many-" + i;
            Map<String, String> files = PreviewServerTest.sampleFiles();
            files.put("src/pages/Home.tsx", files.get("src/pages/Home.tsx")
                    .replace("Welcome to the Previewkit sample", "Welcome to session " + i));
            assertThat(client.submit(session, files).statusCode()).isEqualTo(202);
            sessions.add(session);
        }

        for (int i = 1; i <= 5; i++) {
            assertThat(client.awaitBuilt(sessions.get(i - 1)).get("state")).isEqualTo("SUCCEEDED");
            assertThat(render(ownOrigin(sessions.get(i - 1), "/"))).contains("Welcome to session " + i);
        }
        assertThat(probe.mostRunning()).isBetween(1, MAX_CONCURRENT_BUILDS);
    }
}
