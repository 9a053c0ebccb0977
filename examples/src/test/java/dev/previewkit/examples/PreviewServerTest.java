package dev.previewkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.BuildListener;
import dev.previewkit.BuildStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main job: the bundled sample app, built for real and served with the SPA fallback. */
class PreviewServerTest {
    @TempDir
    static Path workDirectory;

    private static PreviewServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void buildAndServeSampleApp() {
        server = PreviewServer.start(SampleApp.files(), workDirectory, 0, new BuildListener() {});
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(server.uri().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void start_sampleApp_buildsWithNpm() {
        assertThat(server.result().status()).as(server.result().log()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(server.result().artifact().orElseThrow().files()).anyMatch(f -> f.startsWith("assets/index-"));
    }

    @Test
    void get_root_servesIndexWithoutCaching() throws Exception {
        HttpResponse<String> response = get("/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-cache");
        assertThat(response.body()).contains("<div id=\"root\"></div>");
    }

    @Test
    void get_clientRoute_fallsBackToIndex() throws Exception {
        HttpResponse<String> response = get("/about");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(get("/").body());
    }

    @Test
    void get_hashedScript_servesJavaScriptWithSampleText() throws Exception {
        String script = server.result().artifact().orElseThrow().files().stream()
                .filter(f -> f.startsWith("assets/") && f.endsWith(".js")).findFirst().orElseThrow();

        HttpResponse<String> response = get("/" + script);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(c -> assertThat(c).contains("immutable"));
        assertThat(response.body()).contains("Welcome to the Previewkit sample").contains("About this preview");
    }

    @Test
    void get_missingAsset_is404() throws Exception {
        assertThat(get("/assets/missing.js").statusCode()).isEqualTo(404);
    }

    @Test
    void resolve_escapingPaths_neverLeaveTheRoot() {
        Path root = workDirectory.resolve("artifacts");
        for (String path : new String[] {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/a/..%2f..%2f..%2fetc%2fpasswd.txt",
                "/..%5c..%5cetc%5cpasswd"}) {
            Path resolved = StaticSiteHandler.resolve(root, URI.create(path));
            assertThat(resolved == null || resolved.normalize().startsWith(root)).as(path).isTrue();
        }
    }
}
