package dev.previewkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BrowserPage} against real headless Chromium and a page served by the test. */
class BrowserPageTest {
    /** A heading that changes 300 ms after the page ran its script, and a button that changes a paragraph. */
    private static final String PAGE = """
            <!doctype html>
            <html><head><title>BrowserPage test</title></head>
            <body>
              <h1 id="title">Loading</h1>
              <p>A static paragraph.</p>
              <button id="go" onclick="document.getElementById('status').textContent = 'Clicked'">Go</button>
              <p id="status">Idle</p>
              <script>
                setTimeout(() => { document.getElementById('title').textContent = 'Ready'; }, 300);
              </script>
            </body></html>
            """;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static HttpServer server;
    private static String pageUrl;

    @TempDir
    Path profileFolder;

    private BrowserPage page;

    @BeforeAll
    static void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            boolean found = exchange.getRequestURI().getPath().equals("/page.html");
            byte[] body = (found ? PAGE : "not found").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", found ? "text/html; charset=utf-8" : "text/plain");
            exchange.sendResponseHeaders(found ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        pageUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/page.html";
    }

    @AfterAll
    static void stopServing() {
        server.stop(0);
    }

    @BeforeEach
    void openPage() {
        page = BrowserPage.open(profileFolder);
    }

    @AfterEach
    void closePage() {
        page.close();
    }

    @Test
    void evaluate_afterNavigate_readsPageText() {
        page.navigate(pageUrl);

        assertThat(page.text()).contains("A static paragraph.", "Go", "Idle");
        assertThat(page.evaluate("document.title").asText()).isEqualTo("BrowserPage test");
        assertThat(page.evaluate("location.href").asText()).isEqualTo(pageUrl);
    }

    @Test
    void evaluate_values_comeAsJson() {
        assertThat(page.evaluate("({a: 1, b: [true, 'x']})").toString()).isEqualTo("{\"a\":1,\"b\":[true,\"x\"]}");
        assertThat(page.evaluate("new Promise(resolve => setTimeout(() => resolve(7), 50))").asInt()).isEqualTo(7);
        assertThat(page.evaluate("undefined").isMissingNode()).isTrue();
        assertThat(page.evaluate("null").isNull()).isTrue();
        assertThat(page.evaluate("NaN").asText()).isEqualTo("NaN");
    }

    @Test
    void waitFor_delayedText_returnsChangedText() {
        page.navigate(pageUrl);

        String text = page.waitFor("document.getElementById('title').textContent === 'Ready'", WAIT);

        assertThat(text).contains("Ready").doesNotContain("Loading");
    }

    @Test
    void waitFor_conditionThrowingUntilElementExists_waits() {
        page.navigate(pageUrl);
        page.evaluate("setTimeout(() => document.body.insertAdjacentHTML('beforeend',"
                + " '<p id=\"late\">Late</p>'), 300)");

        String text = page.waitFor("document.getElementById('late').textContent === 'Late'", WAIT);

        assertThat(text).contains("Late");
    }

    @Test
    void waitFor_neverTrue_timesOutNamingConditionAndPageText() {
        page.navigate(pageUrl);
        long start = System.nanoTime();

        assertThatThrownBy(() -> page.waitFor("window.neverSet === true", Duration.ofMillis(500)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Timed out after 500 ms")
                .hasMessageContaining("window.neverSet === true")
                .hasMessageContaining("A static paragraph.");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void evaluate_markerAfterClick_isStillThereWithoutReload() {
        page.navigate(pageUrl);
        page.evaluate("window.__marker = 42");

        page.evaluate("document.getElementById('go').click()");
        String text = page.waitFor("document.getElementById('status').textContent === 'Clicked'", WAIT);

        assertThat(text).contains("Clicked");
        assertThat(page.evaluate("window.__marker").asInt()).isEqualTo(42);
        page.navigate(pageUrl);  // a reload loses the marker: the check above can fail
        assertThat(page.evaluate("window.__marker").isMissingNode()).isTrue();
    }

    @Test
    void evaluate_throwingExpression_throwsWithJavaScriptMessage() {
        assertThatThrownBy(() -> page.evaluate("throw new Error('boom from the test')"))
                .isInstanceOf(BrowserPage.ScriptException.class)
                .hasMessageContaining("Error: boom from the test");
        assertThatThrownBy(() -> page.evaluate("Promise.reject(new TypeError('rejected here'))"))
                .isInstanceOf(BrowserPage.ScriptException.class)
                .hasMessageContaining("TypeError: rejected here");
        assertThatThrownBy(() -> page.evaluate("noSuchVariable.x"))
                .isInstanceOf(BrowserPage.ScriptException.class)
                .hasMessageContaining("ReferenceError: noSuchVariable is not defined");
        assertThat(page.evaluate("1 + 1").asInt()).as("the page still works").isEqualTo(2);
    }

    @Test
    void navigate_closedPort_failsClearly() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/";

        assertThatThrownBy(() -> page.navigate(url))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(url)
                .hasMessageContaining("ERR_CONNECTION_REFUSED");
        page.navigate(pageUrl);
        assertThat(page.text()).as("the page still works").contains("A static paragraph.");
    }

    @Test
    void close_killsEveryChromiumProcessOfTheProfile() throws IOException {
        String profile = profileFolder.toAbsolutePath().resolve("profile").toString();
        page.navigate(pageUrl);
        assertThat(processesMentioning(profile)).as("Chromium's processes before close").isNotEmpty();

        page.close();
        page.close();

        assertThat(processesMentioning(profile)).as("Chromium's processes after close").isEmpty();
        assertThatThrownBy(() -> page.text()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    /** The processes whose command line contains {@code needle}; fails when /proc cannot be read. */
    private static List<String> processesMentioning(String needle) throws IOException {
        Path proc = Path.of("/proc");
        assertThat(proc).as("/proc, to look for processes").isDirectory();
        List<String> found = new ArrayList<>();
        int read = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path process : processes) {
                byte[] cmdline;
                try {
                    cmdline = Files.readAllBytes(process.resolve("cmdline"));
                } catch (IOException e) {
                    continue;  // it ended meanwhile
                }
                read++;
                String command = new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' ');
                if (command.contains(needle)) {
                    found.add(process.getFileName() + ": " + command);
                }
            }
        }
        assertThat(read).as("command lines read from /proc").isPositive();
        return found;
    }
}
