package dev.previewkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.previewkit.BuildResult;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.testing.InMemoryBackend;
import dev.previewkit.testing.InMemoryProjects;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The own origin of a session with a dev server, proxied to a {@link FakeDevServer} through the preview server (its
 * builds made by the in-memory backend): HTTP both ways, the HMR WebSocket with its subprotocol, and failures.
 * Session {@code dev} has the fake dev server, {@code down} one that is not listening.
 */
class DevServerProxyTest {
    @TempDir
    static Path workDirectory;

    private static FakeDevServer devServer;
    private static PreviewServer server;
    private static HttpClient http;
    private static WebSocketClient webSockets;

    @BeforeAll
    static void start() throws Exception {
        devServer = new FakeDevServer();
        URI nothingListening;
        try (ServerSocket socket = new ServerSocket(0)) {
            nothingListening = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        Map<String, URI> devServers = Map.of("dev", devServer.uri(), "down", nothingListening);
        server = PreviewServer.start(PreviewBuilder.configure().backend(InMemoryBackend.create())
                .workDirectory(workDirectory).build(), 0, id -> Optional.ofNullable(devServers.get(id)));
        http = new HttpClient();
        http.start();
        webSockets = new WebSocketClient(http);
        webSockets.setMaxTextMessageSize(1 << 20);
        webSockets.start();
    }

    @AfterAll
    static void stop() throws Exception {
        webSockets.stop();
        http.stop();
        server.close();
        devServer.stop();
    }

    private static String host(String session) {
        return session + ".localhost:" + server.port();
    }

    private static org.eclipse.jetty.client.Request request(String session, String pathQuery) {
        return http.newRequest("http://127.0.0.1:" + server.port() + pathQuery)
                .headers(headers -> headers.put(HttpHeader.HOST, host(session)));
    }

    private static Session connect(Recorder recorder, String pathQuery, String... subprotocols) throws Exception {
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest(
                URI.create("ws://127.0.0.1:" + server.port() + pathQuery));
        upgrade.setHeader("Host", host("dev"));
        upgrade.setSubProtocols(subprotocols);
        return webSockets.connect(recorder, upgrade).get(10, TimeUnit.SECONDS);
    }

    @Test
    void get_ownOriginWithDevServer_forwardsMethodPathQueryAndHostAndRelaysTheAnswer() throws Exception {
        ContentResponse response = request("dev", "/src/App.tsx?t=12&x=a%20b").send();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString())
                .isEqualTo("GET /src/App.tsx?t=12&x=a%20b host=" + host("dev") + " body=");
        assertThat(response.getHeaders().get("X-Upstream")).isEqualTo("fake");
    }

    @Test
    void post_ownOriginWithDevServer_forwardsTheBody() throws Exception {
        ContentResponse response = request("dev", "/api/save").method("POST")
                .body(new StringRequestContent("text/plain", "hello dev server")).send();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString())
                .isEqualTo("POST /api/save host=" + host("dev") + " body=hello dev server");
    }

    @Test
    void get_pathMountOfSessionWithDevServer_servesTheBuiltVersion() throws Exception {
        BuildResult built = server.service().session("dev").submit(InMemoryProjects.labelled("dev")).result()
                .get(60, TimeUnit.SECONDS);
        assertThat(built.succeeded()).as(built.message()).isTrue();

        ContentResponse mounted = http.GET("http://127.0.0.1:" + server.port() + "/preview/dev/");

        assertThat(mounted.getStatus()).isEqualTo(200);
        assertThat(mounted.getContentAsString())
                .isEqualTo(Files.readString(built.artifact().orElseThrow().root().resolve("index.html")));
        assertThat(request("dev", "/").send().getContentAsString()).startsWith("GET / host=");
    }

    @Test
    void get_devServerNotListening_is502JsonError() throws Exception {
        ContentResponse response = request("down", "/").send();

        assertThat(response.getStatus()).isEqualTo(502);
        assertThat(response.getHeaders().get(HttpHeader.CONTENT_TYPE)).startsWith("application/json");
        assertThat(Http.JSON.readValue(response.getContent(), Map.class).get("error").toString())
                .startsWith("The dev server at http://127.0.0.1:");
    }

    @Test
    void webSocket_ownOriginWithDevServer_keepsSubprotocolPathAndQueryAndRelaysBothWays() throws Exception {
        Recorder browser = new Recorder();
        Session socket = connect(browser, "/?token=abc", "vite-hmr");

        assertThat(socket.getUpgradeResponse().getAcceptedSubProtocol()).isEqualTo("vite-hmr");
        assertThat(browser.next()).isEqualTo("connected /?token=abc host=" + host("dev"));
        socket.sendText("hello", Callback.NOOP);
        assertThat(browser.next()).isEqualTo("echo: hello");
        devServer.push("{\"type\":\"full-reload\"}");
        assertThat(browser.next()).isEqualTo("{\"type\":\"full-reload\"}");
        socket.sendText("x".repeat(200_000), Callback.NOOP);
        assertThat(browser.next()).isEqualTo("echo: " + "x".repeat(200_000));

        socket.close();
        assertThat(browser.closed.get(10, TimeUnit.SECONDS)).startsWith("1000");
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (devServer.openSockets() > 0 && System.nanoTime() < giveUp) {
            Thread.sleep(20);
        }
        assertThat(devServer.openSockets()).as("the dev server's side, closed with the browser's").isZero();
    }

    @Test
    void webSocket_devServerClosesTheSocket_closesTheBrowsersWithItsStatus() throws Exception {
        Recorder browser = new Recorder();
        Session socket = connect(browser, "/", "vite-hmr");
        browser.next();

        socket.sendText("close", Callback.NOOP);

        assertThat(browser.closed.get(10, TimeUnit.SECONDS)).isEqualTo("4000 bye");
    }

    @Test
    void webSocket_subprotocolTheDevServerRefuses_is502BeforeUpgrading() {
        assertThatThrownBy(() -> connect(new Recorder(), "/", "graphql-ws"))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(UpgradeException.class,
                        refused -> assertThat(refused.getResponseStatusCode()).isEqualTo(502));
    }

    /** The browser's side: what it received, and how it was closed. */
    public static final class Recorder implements Session.Listener.AutoDemanding {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();

        @Override
        public void onWebSocketText(String message) {
            messages.add(message);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            callback.succeed();
            closed.complete(statusCode + " " + reason);
        }

        @Override
        public void onWebSocketError(Throwable failure) {
            closed.completeExceptionally(failure);
        }

        String next() throws InterruptedException {
            String message = messages.poll(10, TimeUnit.SECONDS);
            assertThat(message).as("a message within 10 s").isNotNull();
            return message;
        }
    }
}
