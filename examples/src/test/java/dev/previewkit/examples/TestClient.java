package dev.previewkit.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** HTTP calls against a running {@link PreviewServer}, for tests. */
final class TestClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final PreviewServer server;

    TestClient(PreviewServer server) {
        this.server = server;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(server.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String header, String value) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(server.uri().resolve(path)).header(header, value).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(server.uri().resolve(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request without a body, such as {@code DELETE}. */
    HttpResponse<String> request(String method, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(server.uri().resolve(path)).method(method,
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs project files as the build API's JSON map. */
    HttpResponse<String> submit(String session, Map<String, String> files) throws IOException, InterruptedException {
        return post("/api/build/" + session, "application/json", Http.JSON.writeValueAsBytes(files));
    }

    /** Polls the status until the session's newest version ended; returns the last status. */
    Map<?, ?> awaitBuilt(String session) throws Exception {
        long giveUp = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (true) {
            HttpResponse<String> response = get("/api/build/" + session + "/status");
            if (response.statusCode() == 200) {
                Map<?, ?> status = Http.JSON.readValue(response.body(), Map.class);
                if (isFinal(status.get("state"))) {
                    return status;
                }
            }
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("session " + session + " did not finish building: " + response.body());
            }
            Thread.sleep(100);
        }
    }

    private static boolean isFinal(Object state) {
        return state != null && !state.equals("QUEUED") && !state.equals("RUNNING");
    }

    /**
     * A GET with the given Host header over a plain socket (the JDK's client refuses to set Host), for the
     * own-origin previews at {@code <session>.localhost}. Returns the status line and the body.
     */
    String[] getWithHost(String host, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = response.indexOf("\r\n\r\n");
            return new String[] {response.substring(0, response.indexOf("\r\n")), response.substring(split + 4)};
        }
    }

    URI uri(String path) {
        return server.uri().resolve(path);
    }
}
