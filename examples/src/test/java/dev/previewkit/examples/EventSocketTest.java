package dev.previewkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.ProjectFile;
import dev.previewkit.testing.InMemoryBackend;
import dev.previewkit.testing.InMemoryProjects;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/build/{session}/ws} with the JDK's WebSocket client, against sessions that build with the in-memory
 * backend.
 */
class EventSocketTest {
    @TempDir
    static Path workDirectory;

    private static PreviewServer server;
    private static TestClient client;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};

    @BeforeAll
    static void start() {
        server = PreviewServer.start(PreviewBuilder.configure().backend(InMemoryBackend.create())
                .workDirectory(workDirectory).build(), 0, id -> Optional.empty());
        client = new TestClient(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, String> files(String label) {
        Map<String, String> files = new LinkedHashMap<>();
        for (ProjectFile file : InMemoryProjects.labelled(label).files()) {
            files.put(file.path(), file.contentAsString());
        }
        return files;
    }

    private static CompletableFuture<WebSocket> open(String session, Recorder recorder) {
        return HTTP.newWebSocketBuilder().buildAsync(
                URI.create("ws://localhost:" + server.port() + "/api/build/" + session + "/ws"), recorder);
    }

    @Test
    void ws_buildOfTheSession_sendsItsStatesAndLogLinesAsJsonMessages() throws Exception {
        assertThat(client.submit("live", files("first")).statusCode()).isEqualTo(202);
        client.awaitBuilt("live");
        Recorder recorder = new Recorder();
        WebSocket socket = open("live", recorder).get(10, TimeUnit.SECONDS);

        assertThat(client.submit("live", files("second")).statusCode()).isEqualTo(202);
        List<Map<String, Object>> messages = new ArrayList<>();
        Map<String, Object> message;
        do {
            message = Http.JSON.readValue(recorder.next(), JSON_OBJECT);
            messages.add(message);
        } while (!"SUCCEEDED".equals(message.get("state")));
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");

        assertThat(messages.get(0)).containsOnlyKeys("event", "version", "state", "current")
                .containsEntry("event", "state").containsEntry("version", "v2").containsEntry("state", "QUEUED")
                .containsEntry("current", "v1");
        assertThat(messages).anySatisfy(log -> assertThat(log)
                .containsOnlyKeys("event", "version", "phase", "stream", "line")
                .containsEntry("event", "log").containsEntry("version", "v2").containsEntry("phase", "BUILD"));
        assertThat(message).isEqualTo(Map.of("event", "state", "version", "v2", "state", "SUCCEEDED", "current", "v2"));
        assertThat(recorder.closed.get(10, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
    }

    @Test
    void ws_sessionCloses_closesTheSocketNormally() throws Exception {
        assertThat(client.submit("closing", files("closing")).statusCode()).isEqualTo(202);
        client.awaitBuilt("closing");
        Recorder recorder = new Recorder();
        open("closing", recorder).get(10, TimeUnit.SECONDS);

        server.service().find("closing").orElseThrow().close();

        assertThat(recorder.closed.get(10, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
    }

    @Test
    void ws_unknownSession_is404BeforeUpgrading() {
        assertThatThrownBy(() -> open("nobody", new Recorder()).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class, refused -> {
                    HttpResponse<?> response = refused.getResponse();
                    assertThat(response.statusCode()).isEqualTo(404);
                    assertThat(String.valueOf(response.body())).contains("Unknown session 'nobody'");
                });
    }

    @Test
    void get_withoutUpgrade_is426() throws Exception {
        assertThat(client.submit("plain", files("plain")).statusCode()).isEqualTo(202);

        HttpResponse<String> response = client.get("/api/build/plain/ws");

        assertThat(response.statusCode()).isEqualTo(426);
        assertThat(response.headers().firstValue("Upgrade")).contains("websocket");
    }

    /** The messages one socket received, whole, and its close code. */
    private static final class Recorder implements WebSocket.Listener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.completeExceptionally(error);
        }

        String next() throws InterruptedException {
            String message = messages.poll(30, TimeUnit.SECONDS);
            assertThat(message).as("a message within 30 s").isNotNull();
            return message;
        }
    }
}
