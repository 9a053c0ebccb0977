package dev.previewkit.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.previewkit.BuildListener;
import dev.previewkit.BuildPhase;
import dev.previewkit.BuildResult;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.backend.localnpm.LocalNpmBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The examples' main job: a preview server on the JDK's HTTP server, with the build API of {@link BuildApi}
 * and two ways to view a session's current version, both served from its one build:
 * <ul>
 *   <li>{@code http://<session>.localhost:PORT/}: one origin per preview, the safe default (browsers resolve
 *       {@code *.localhost} to this machine), served with the base path rewritten to {@code /};</li>
 *   <li>{@code http://localhost:PORT/preview/<session>/}: path mounting, the base path the build is made for.</li>
 * </ul>
 * At start it builds the bundled sample app as session {@code sample}.
 *
 * <pre>
 * java dev.previewkit.examples.PreviewServer [--port 8080]
 * </pre>
 */
public final class PreviewServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PreviewServer.class);
    private static final Pattern OWN_ORIGIN = Pattern.compile("([a-z0-9-]+)\\.localhost(?::\\d+)?");
    private static final Pattern API = Pattern.compile("/api/build/([^/]+)(?:/([^/]*))?");
    private static final Pattern PATH_PREVIEW = Pattern.compile("/preview/([^/]+)(/.*)?");
    /** The session the server builds from the bundled sample app at start. */
    public static final String SAMPLE_SESSION = "sample";

    private final HttpServer server;
    private final ExecutorService threads;
    private final PreviewBuilder previews;
    private final PreviewService service;

    private PreviewServer(HttpServer server, ExecutorService threads, PreviewBuilder previews) {
        this.server = server;
        this.threads = threads;
        this.previews = previews;
        this.service = new PreviewService(previews);
    }

    /**
     * Starts a server on {@code 127.0.0.1:port} (0 picks a free port) that builds in {@code workDirectory}.
     *
     * @param maxConcurrentBuilds builds running at once, over all sessions
     * @param listener            receives every build's events (may be a no-op)
     */
    public static PreviewServer start(Path workDirectory, int port, int maxConcurrentBuilds, BuildListener listener) {
        PreviewBuilder previews = PreviewBuilder.configure()
                .backend(LocalNpmBackend.create())
                .workDirectory(workDirectory)
                .maxConcurrentBuilds(maxConcurrentBuilds)
                .listener(listener)
                .build();
        ExecutorService threads = Executors.newFixedThreadPool(32);
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            PreviewServer server = new PreviewServer(http, threads, previews);
            http.createContext("/", server::route);
            http.setExecutor(threads);
            http.start();
            return server;
        } catch (IOException e) {
            previews.close();
            threads.shutdownNow();
            throw new UncheckedIOException("Cannot listen on port " + port, e);
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        try (exchange) {
            dispatch(exchange);
        }
    }

    /** Serves one request; a handler that fails answers 500, while the exchange is still open. */
    private void dispatch(HttpExchange exchange) throws IOException {
        try {
            String host = String.valueOf(exchange.getRequestHeaders().getFirst("Host")).toLowerCase(Locale.ROOT);
            String path = exchange.getRequestURI().getRawPath();
            Matcher own = OWN_ORIGIN.matcher(host);
            Matcher api = API.matcher(path);
            Matcher mounted = PATH_PREVIEW.matcher(path);
            if (own.matches()) {
                new PreviewHandler(service).serveOwnOrigin(exchange, own.group(1));
            } else if (api.matches()) {
                new BuildApi(service).handle(exchange, api.group(1), api.group(2) == null ? "" : api.group(2));
            } else if (mounted.matches() && mounted.group(2) == null) {
                redirect(exchange, path + "/");
            } else if (mounted.matches()) {
                new PreviewHandler(service).servePath(exchange, mounted.group(1), mounted.group(2));
            } else if (path.equals("/")) {
                redirect(exchange, "/preview/" + SAMPLE_SESSION + "/");
            } else {
                Http.error(exchange, 404, "Nothing here; see /api/build/{session} and /preview/{session}/");
            }
        } catch (RuntimeException e) {
            LOG.error("Request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            Http.error(exchange, 500, "Internal error: " + e.getClass().getSimpleName());
        }
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
    }

    /** The sessions this server builds. */
    PreviewService service() {
        return service;
    }

    /** {@code http://localhost:PORT/}. */
    public URI uri() {
        return URI.create("http://localhost:" + port() + "/");
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Cancels builds, closes sessions and stops listening. */
    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        previews.close();
    }

    public static void main(String[] args) throws Exception {
        int port = args.length == 2 && args[0].equals("--port") ? Integer.parseInt(args[1]) : 8080;
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "previewkit-examples");
        PreviewServer server = start(work, port, 2, new BuildListener() {
            @Override
            public void phaseFinished(String buildId, BuildPhase phase, Duration took, boolean succeeded) {
                System.out.printf("  %s %-9s %s in %d ms%n", buildId, phase, succeeded ? "done" : "stopped",
                        took.toMillis());
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("Building the sample app in " + work + " ...");
        BuildResult result = server.service.session(SAMPLE_SESSION).submit(SampleApp.files()).result().get();
        if (!result.succeeded()) {
            System.err.println("The sample app did not build (" + result.status() + "): " + result.message());
            System.err.println(result.log());
            server.close();
            System.exit(1);
        }
        for (String line : List.of(
                "Preview ready at " + server.uri() + "preview/" + SAMPLE_SESSION + "/",
                "  own origin:  http://" + SAMPLE_SESSION + ".localhost:" + server.port() + "/",
                "  build API:   POST " + server.uri() + "api/build/{session}  (JSON map of path to content, or zip)",
                "  status:      GET  " + server.uri() + "api/build/" + SAMPLE_SESSION + "/status",
                "  live events: GET  " + server.uri() + "api/build/" + SAMPLE_SESSION + "/events",
                "Ctrl+C stops the server.")) {
            System.out.println(line);
        }
        Thread.currentThread().join();
    }
}
