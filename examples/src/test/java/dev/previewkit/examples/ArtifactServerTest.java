package dev.previewkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactServerTest {
    @TempDir
    Path root;

    private static HttpResponse<String> get(ArtifactServer server, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void get_rootDeepLinkAndMissingAsset_servesIndexFallsBackAndAnswers404() throws Exception {
        Files.writeString(root.resolve("index.html"), "<div id=\"root\"></div>");
        Files.createDirectories(root.resolve("assets"));
        Files.writeString(root.resolve("assets/app.js"), "console.log(1)");

        try (ArtifactServer server = ArtifactServer.start(root)) {
            assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
            assertThat(get(server, "/").body()).isEqualTo("<div id=\"root\"></div>");
            assertThat(get(server, "/courses/42").body()).isEqualTo("<div id=\"root\"></div>");
            assertThat(get(server, "/assets/app.js").body()).isEqualTo("console.log(1)");
            assertThat(get(server, "/assets/missing.js").statusCode()).isEqualTo(404);
        }
    }
}
