package dev.previewkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.previewkit.BuildListener;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload through the example server, in real headless Chromium: a session in dev mode is served at its own
 * origin by its Vite dev server through the server's proxy, HMR WebSocket included, and a submitted change shows
 * up in the open page without a reload, while the path mount keeps serving the built version.
 */
class HotReloadTest {
    @TempDir
    static Path workDirectory;

    private static PreviewServer server;
    private static TestClient client;

    @BeforeAll
    static void start() {
        server = PreviewServer.start(workDirectory, 0, 2, new BuildListener() { });
        client = new TestClient(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, String> sample(String welcome) {
        Map<String, String> files = PreviewServerTest.sampleFiles();
        files.put("src/pages/Home.tsx", files.get("src/pages/Home.tsx")
                .replace("Welcome to the Previewkit sample", welcome));
        return files;
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
    }

    @Test
    void devMode_changeSubmitted_pageUpdatesWithoutReloadThroughTheProxy() throws Exception {
        assertThat(client.submit("hot", sample("Welcome before hot reload")).statusCode()).isEqualTo(202);
        assertThat(client.awaitBuilt("hot").get("state")).isEqualTo("SUCCEEDED");

        HttpResponse<String> started = client.post("/api/build/hot/dev", "application/json", new byte[0]);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        assertThat(json(started).path("running").asBoolean()).isTrue();

        try (BrowserPage page = BrowserPage.open(workDirectory.resolve("chromium"))) {
            page.navigate("http://hot.localhost:" + server.port() + "/");
            page.waitFor("document.body.innerText.includes('Welcome before hot reload')", Duration.ofSeconds(60));
            assertThat(page.evaluate("!!document.querySelector('script[src=\"/@vite/client\"]')").asBoolean())
                    .as("the own origin serves the dev server").isTrue();
            page.waitFor("performance.getEntriesByType('resource').length > 0", Duration.ofSeconds(10));
            page.evaluate("window.__loadedOnce = 'still the same page'");

            assertThat(client.submit("hot", sample("Welcome after hot reload")).statusCode()).isEqualTo(202);

            page.waitFor("document.body.innerText.includes('Welcome after hot reload')", Duration.ofSeconds(30));
            assertThat(page.evaluate("window.__loadedOnce").asText()).as("no reload").isEqualTo("still the same page");
        }
        assertThat(json(client.get("/api/build/hot/dev")).path("proxiedSockets").asInt())
                .as("the HMR socket went through the server's proxy").isGreaterThanOrEqualTo(1);

        assertThat(client.awaitBuilt("hot").get("state")).isEqualTo("SUCCEEDED");
        String built = client.get("/preview/hot/").body();
        assertThat(built).as("the path mount serves the built version").doesNotContain("/@vite/client");

        HttpResponse<String> stopped = client.request("DELETE", "/api/build/hot/dev");
        assertThat(json(stopped).path("running").asBoolean()).isFalse();
        assertThat(String.join("\n", client.getWithHost("hot.localhost:" + server.port(), "/")))
                .as("the own origin serves the built version again").contains("200").doesNotContain("/@vite/client");
    }

    @Test
    void devMode_unknownSession_is404() throws Exception {
        assertThat(client.post("/api/build/nobody/dev", "application/json", new byte[0]).statusCode()).isEqualTo(404);
    }
}
