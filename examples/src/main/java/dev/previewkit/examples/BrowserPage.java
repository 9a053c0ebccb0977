package dev.previewkit.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.previewkit.OutputLine;
import dev.previewkit.spi.Launch;
import dev.previewkit.spi.ProcessLauncher;
import dev.previewkit.spi.RunningProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One page of Debian's headless Chromium, driven over the Chrome DevTools Protocol: load a URL, run JavaScript in
 * it, wait for a condition over time. Where {@link Chromium#render} takes one snapshot, a {@code BrowserPage} stays
 * open, so a test can click, wait, and check that state survives (a {@code window.__marker} that is still set
 * proves the page did not reload).
 *
 * <p>{@link #open} starts one Chromium (through {@link ProcessLauncher#local()}, so its whole process tree is
 * killed by {@link #close}) with its own profile and a DevTools port the system picks, and connects to its
 * {@code about:blank} tab. Every call blocks until Chromium answers, at most {@link #DEFAULT_TIMEOUT} per command
 * unless said otherwise; nothing waits unbounded.
 *
 * <p>Infrastructure faults (Chromium missing or not starting, a command not answered in time, the connection
 * lost, a page that cannot be loaded, a wait that times out) throw {@link IllegalStateException}; JavaScript that
 * throws gives a {@link ScriptException}. Interrupting the calling thread makes the pending call throw
 * {@code IllegalStateException} with the thread's interrupt flag set.
 *
 * <p>Meant for one calling thread at a time (a test, a benchmark); the DevTools messages are read on the JDK
 * WebSocket's own thread, and {@link #close} may come from any thread.
 */
public final class BrowserPage implements AutoCloseable {
    /** How long one command may take, and how long {@link #navigate} waits for the load event. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final int TAIL_LINES = 50;
    private static final int TEXT_IN_MESSAGES = 500;
    private static final Logger LOG = LoggerFactory.getLogger(BrowserPage.class);
    /** One client for every page: its selector thread is shared, and java.net.http has no close in Java 17. */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final RunningProcess chromium;
    private final OutputTail output;
    private final CdpConnection cdp;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** JavaScript that threw (or returned a rejected promise) in {@link #evaluate}. */
    public static final class ScriptException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ScriptException(String message) {
            super(message);
        }
    }

    private BrowserPage(RunningProcess chromium, OutputTail output, CdpConnection cdp) {
        this.chromium = chromium;
        this.output = output;
        this.cdp = cdp;
    }

    /**
     * Starts Chromium on {@code about:blank} with the profile {@code <profileFolder>/profile} and connects to its
     * tab. Blocks until the tab answers, at most about 20 s.
     *
     * @param profileFolder a folder for Chromium's profile, created if missing; one per open page
     * @throws IllegalStateException when Chromium is not installed, cannot be started, exits, or does not open its
     *     DevTools port and tab within 20 s (the message has its last lines of output)
     * @throws UncheckedIOException  when the profile folder cannot be prepared
     */
    public static BrowserPage open(Path profileFolder) {
        Path profile = profileFolder.toAbsolutePath().resolve("profile");
        Path portFile = profile.resolve("DevToolsActivePort");
        try {
            Files.createDirectories(profile);
            Files.deleteIfExists(portFile);  // a reused profile must not hand us a dead port
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the Chromium profile " + profile, e);
        }
        OutputTail output = new OutputTail();
        RunningProcess chromium = ProcessLauncher.local().start(Launch.builder(List.of(
                        Chromium.executable().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", "--disable-quic", "--remote-debugging-port=0",
                        "--user-data-dir=" + profile, "about:blank"))
                .directory(profileFolder.toAbsolutePath())
                .environment(System.getenv())
                .build(), output);
        CdpConnection cdp = null;
        try {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            int port = awaitPort(portFile, chromium, output, deadline);
            cdp = CdpConnection.connect(HTTP, pageTarget(port, chromium, output, deadline), START_TIMEOUT);
            BrowserPage page = new BrowserPage(chromium, output, cdp);
            page.cdp.call("Page.enable", null, DEFAULT_TIMEOUT);
            return page;
        } catch (RuntimeException | Error e) {
            if (cdp != null) {
                cdp.close();
            }
            chromium.close();
            throw e;
        }
    }

    /** Reads the port from {@code DevToolsActivePort} (line 1: port, line 2: the browser's WebSocket path). */
    private static int awaitPort(Path portFile, RunningProcess chromium, OutputTail output, long deadline) {
        while (true) {
            try {
                List<String> lines = Files.exists(portFile) ? Files.readAllLines(portFile) : List.of();
                if (lines.size() >= 2 && !lines.get(1).isBlank()) {
                    return Integer.parseInt(lines.get(0).trim());
                }
            } catch (IOException | NumberFormatException e) {
                // Being written: read it again.
            }
            checkStarting(chromium, output, deadline, "did not write " + portFile);
            pause();
        }
    }

    /** The WebSocket URL of the first target of type {@code page}, from {@code /json/list}. */
    private static URI pageTarget(int port, RunningProcess chromium, OutputTail output, long deadline) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        String last = "no answer yet";
        while (true) {
            try {
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                last = "HTTP " + response.statusCode() + ": " + response.body();
                if (response.statusCode() == 200) {
                    // Besides the tab, there are targets like "browser_ui" (the omnibox popup): take type page.
                    for (JsonNode target : CdpConnection.JSON.readTree(response.body())) {
                        if (target.path("type").asText().equals("page")
                                && target.hasNonNull("webSocketDebuggerUrl")) {
                            return URI.create(target.get("webSocketDebuggerUrl").asText());
                        }
                    }
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Chromium's tab", e);
            }
            checkStarting(chromium, output, deadline, "listed no page on port " + port + " (" + last + ")");
            pause();
        }
    }

    /** Throws when Chromium has exited or the start deadline has passed. */
    private static void checkStarting(RunningProcess chromium, OutputTail output, long deadline, String what) {
        if (!chromium.isAlive()) {
            Integer code;
            try {
                code = chromium.exit().get(5, TimeUnit.SECONDS);  // its output is then read to the end
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                code = null;
            } catch (ExecutionException | TimeoutException e) {
                code = null;
            }
            throw new IllegalStateException("Chromium exited (code " + code + ") before it was ready; it " + what
                    + ". Its last output:\n" + output);
        }
        if (System.nanoTime() - deadline > 0) {
            throw new IllegalStateException("Chromium " + what + " within "
                    + CdpConnection.describe(START_TIMEOUT) + ". Its last output:\n" + output);
        }
    }

    /**
     * Loads {@code url} in the tab and blocks until its load event (scripts and images loaded), at most
     * {@link #DEFAULT_TIMEOUT}. A navigation within the same document (only the fragment changes) returns at once.
     *
     * @throws IllegalStateException when the page cannot be loaded (the message has Chromium's error, such as
     *     {@code net::ERR_CONNECTION_REFUSED}; an HTTP error status with an empty body counts as such an error
     *     too), or it does not finish loading in time
     */
    public void navigate(String url) {
        CompletableFuture<JsonNode> loaded = cdp.next("Page.loadEventFired");  // before navigating: no race
        try {
            JsonNode result = cdp.call("Page.navigate", params().put("url", url), DEFAULT_TIMEOUT);
            if (result.hasNonNull("errorText") && !result.get("errorText").asText().isEmpty()) {
                throw new IllegalStateException("Chromium cannot load " + url + ": "
                        + result.get("errorText").asText());
            }
            if (!result.hasNonNull("loaderId")) {
                return;  // same-document navigation: there is no load event
            }
            loaded.get(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while loading " + url, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(url + " did not finish loading within "
                    + CdpConnection.describe(DEFAULT_TIMEOUT) + "; page text: " + textForMessage(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Loading " + url + " failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            loaded.cancel(false);
        }
    }

    /**
     * Evaluates a JavaScript expression in the page, awaits it when it is a promise, and returns its value as
     * JSON ({@code returnByValue}). Blocks at most {@link #DEFAULT_TIMEOUT}.
     *
     * <p>{@code undefined} gives a {@link MissingNode}, {@code null} a {@code NullNode}; values JSON cannot hold
     * ({@code NaN}, {@code Infinity}, {@code -0}, BigInts such as {@code 1n}) come as a text node of their
     * JavaScript spelling; a DOM node or a function comes as an empty object.
     *
     * @throws ScriptException       when the expression throws or its promise rejects; the message has the
     *     error's description (for an {@code Error}: its name, message and stack)
     * @throws IllegalStateException when Chromium refuses or does not answer in time (a page being replaced by a
     *     navigation refuses with "Execution context was destroyed")
     */
    public JsonNode evaluate(String expression) {
        return evaluate(expression, DEFAULT_TIMEOUT);
    }

    private JsonNode evaluate(String expression, Duration timeout) {
        JsonNode result = cdp.call("Runtime.evaluate", params().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true), timeout);
        JsonNode details = result.path("exceptionDetails");
        if (!details.isMissingNode()) {
            JsonNode thrown = details.path("exception");
            String description = thrown.hasNonNull("description") ? thrown.get("description").asText()
                    : details.path("text").asText() + " " + thrown.path("value");
            throw new ScriptException("JavaScript threw in `" + abbreviate(expression, 200) + "`: " + description);
        }
        JsonNode remote = result.path("result");
        if (remote.has("value")) {
            return remote.get("value");
        }
        if (remote.hasNonNull("unserializableValue")) {
            return TextNode.valueOf(remote.get("unserializableValue").asText());
        }
        return MissingNode.getInstance();
    }

    /**
     * Polls {@code jsCondition} every 50 ms until it is truthy and returns the page's text then.
     *
     * <p>The condition is one JavaScript expression (it may span lines and end in a comment); when it is a promise,
     * its resolved value counts. An evaluation that throws, or that Chromium refuses while a navigation replaces
     * the page, counts as not yet; its error is named if the wait times out.
     *
     * @return {@code document.body.innerText} once the condition held
     * @throws IllegalStateException when {@code timeout} passes first, naming the condition, the last error and
     *     the page's text (cut at 500 characters); or at once when the DevTools connection is lost
     */
    public String waitFor(String jsCondition, Duration timeout) {
        String check = "Promise.resolve((\n" + jsCondition + "\n)).then(Boolean)";
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastError = null;
        while (true) {
            long left = deadline - System.nanoTime();
            try {
                Duration budget = Duration.ofNanos(Math.max(left, POLL.toNanos()));
                if (evaluate(check, budget.compareTo(DEFAULT_TIMEOUT) < 0 ? budget : DEFAULT_TIMEOUT).asBoolean()) {
                    return text();
                }
            } catch (ScriptException e) {
                lastError = e.getMessage();
            } catch (IllegalStateException e) {
                if (!cdp.isOpen() || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                lastError = e.getMessage();
            }
            if (deadline - System.nanoTime() <= 0) {
                throw new IllegalStateException("Timed out after " + CdpConnection.describe(timeout)
                        + " waiting for `" + abbreviate(jsCondition, 200) + "`"
                        + (lastError == null ? "" : " (last error: " + lastError + ")")
                        + "; page text: " + textForMessage());
            }
            pause();
        }
    }

    /**
     * The page's visible text, {@code document.body.innerText} (empty without a body).
     *
     * @throws IllegalStateException when Chromium does not answer in time
     */
    public String text() {
        return evaluate("document.body ? document.body.innerText : ''").asText();
    }

    private String textForMessage() {
        try {
            return "\"" + abbreviate(evaluate("document.body ? document.body.innerText : ''",
                    Duration.ofSeconds(5)).asText(), TEXT_IN_MESSAGES) + "\"";
        } catch (RuntimeException e) {
            return "(unavailable: " + e.getMessage() + ")";
        }
    }

    /**
     * Drops the DevTools connection and kills Chromium with every process it started, blocking until they are
     * gone (a few seconds at most). Idempotent; safe from any thread.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                cdp.close();
            } finally {
                chromium.close();
            }
        }
    }

    @Override
    public String toString() {
        return "BrowserPage[chromium pid " + chromium.pid() + (closed.get() ? ", closed]" : "]");
    }

    private static ObjectNode params() {
        return CdpConnection.JSON.createObjectNode();
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Chromium", e);
        }
    }

    /**
     * The last {@value #TAIL_LINES} lines Chromium printed, for error messages; logged at DEBUG. Chromium's D-Bus
     * complaints (there is no bus in a container) are logged but not kept: they would push out the lines that matter.
     */
    private static final class OutputTail implements BiConsumer<OutputLine.Stream, String> {
        private final Deque<String> lines = new ArrayDeque<>();

        @Override
        public void accept(OutputLine.Stream stream, String line) {
            LOG.debug("chromium {}: {}", stream, line);
            if (line.contains(":ERROR:dbus/")) {
                return;
            }
            synchronized (lines) {
                if (lines.size() == TAIL_LINES) {
                    lines.removeFirst();
                }
                lines.addLast(line);
            }
        }

        @Override
        public String toString() {
            synchronized (lines) {
                return lines.isEmpty() ? "(none)" : String.join("\n", lines);
            }
        }
    }
}
