package dev.previewkit.backend.localnpm;

import static dev.previewkit.backend.localnpm.WarmWorkerTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.previewkit.DevServer;
import dev.previewkit.DevServerOptions;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.PreviewSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vite's dev server for a session with real npm and Vite 5 (the version lovable.dev exports pin): it serves the
 * submitted files, follows new submissions, answers only allowed host names, never writes the shared dependency
 * set, and its processes go when it is closed.
 */
class DevServerTest {
    /** HTTP/1.1 only: the JDK's default upgrade offer (h2c) is an upgrade request that Vite's WebSocket server takes. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path workDirectory;

    private PreviewBuilder previews;

    @AfterEach
    void close() {
        if (previews != null) {
            previews.close();
        }
    }

    private PreviewSession session(String id) {
        if (previews == null) {
            previews = PreviewBuilder.configure().backend(LocalNpmBackend.create()).workDirectory(workDirectory).build();
        }
        return previews.session(id);
    }

    private static String get(URI base, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve(path))
                        .timeout(java.time.Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    /** The status code of {@code GET /} sent with another Host header (which the JDK's client cannot send). */
    private static int statusWithHost(URI base, String host) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }

    private static void awaitContains(URI base, String path, String text) throws Exception {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String body = "";
        while (System.nanoTime() < giveUp) {
            body = get(base, path);
            if (body.contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " never showed '" + text + "': " + body);
    }

    /** Every file and folder of the installed sets, with its modification time. */
    private Map<String, Long> installedSets() throws IOException {
        Map<String, Long> seen = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(workDirectory.resolve("dependencies"))) {
            for (Path path : paths.toList()) {
                seen.put(workDirectory.relativize(path).toString(), Files.getLastModifiedTime(path,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS).toMillis());
            }
        }
        return seen;
    }

    @Test
    void startDevServer_servesTheSessionAndFollowsItsNextSubmission() throws Exception {
        PreviewSession session = session("dev");
        await(session.submit(Vite5Fixture.greeting("First text")));

        DevServer server = session.startDevServer();

        assertThat(server.isRunning()).isTrue();
        assertThat(get(server.uri(), "")).contains("/@vite/client").contains("/src/main.tsx");
        assertThat(get(server.uri(), "src/components/Greeting.tsx")).contains("First text");

        session.submit(Vite5Fixture.greeting("Second text"));

        awaitContains(server.uri(), "src/components/Greeting.tsx", "Second text");
        assertThat(server.log()).contains("Vite 5.4.21 dev server at " + server.uri());
    }

    @Test
    void startDevServer_hostNames_onlyAllowedOnesAreAnswered() throws Exception {
        PreviewSession session = session("hosts");
        session.submit(Vite5Fixture.files());

        DevServer server = session.startDevServer(DevServerOptions.DEFAULT.withAllowedHost(".preview.example.test"));

        assertThat(statusWithHost(server.uri(), "hosts.preview.example.test")).isEqualTo(200);
        assertThat(statusWithHost(server.uri(), "hosts.localhost:8080")).isEqualTo(200);
        assertThat(statusWithHost(server.uri(), "evil.example.com")).isEqualTo(403);
    }

    @Test
    void startDevServer_twoSessionsOnOneSet_neitherWritesTheSharedSet() throws Exception {
        PreviewSession a = session("one");
        PreviewSession b = session("two");
        await(a.submit(Vite5Fixture.greeting("Session one")));
        await(b.submit(Vite5Fixture.greeting("Session two")));
        Map<String, Long> before = installedSets();

        DevServer first = a.startDevServer();
        DevServer second = b.startDevServer();
        // Loading a module makes Vite pre-bundle its dependencies into its cache folder.
        for (DevServer server : new DevServer[] {first, second}) {
            get(server.uri(), "");
            get(server.uri(), "src/main.tsx");
            get(server.uri(), "@vite/client");
        }
        awaitContains(first.uri(), "src/components/Greeting.tsx", "Session one");
        awaitContains(second.uri(), "src/components/Greeting.tsx", "Session two");

        assertThat(installedSets()).as("the installed sets, file by file").isEqualTo(before);
        assertThat(first.uri()).isNotEqualTo(second.uri());
    }

    @Test
    void close_devServer_itsProcessesAreGone() throws Exception {
        PreviewSession session = session("stops");
        session.submit(Vite5Fixture.files());
        DevServer server = session.startDevServer();
        URI uri = server.uri();

        server.close();

        assertThat(server.isRunning()).isFalse();
        assertThatThrownBy(() -> get(uri, "")).isInstanceOf(IOException.class);
        assertThat(session.devServer()).isEmpty();
    }
}
