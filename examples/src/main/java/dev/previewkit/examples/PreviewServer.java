package dev.previewkit.examples;

import dev.previewkit.BuildListener;
import dev.previewkit.BuildPhase;
import dev.previewkit.BuildResult;
import dev.previewkit.DevServer;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.PreviewSession;
import dev.previewkit.backend.localnpm.LocalNpmBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The examples' main job: a preview server on Jetty, with the build API of {@link BuildApi} and two ways to view a
 * session's current version, both served from its one build:
 * <ul>
 *   <li>{@code http://<session>.localhost:PORT/}: one origin per preview, the safe default (browsers resolve
 *       {@code *.localhost} to this machine), served with the base path rewritten to {@code /}, or proxied to the
 *       session's dev server while it runs one (HMR WebSocket included, see {@link DevServerProxy});</li>
 *   <li>{@code http://localhost:PORT/preview/<session>/}: path mounting, the base path the build is made for.</li>
 * </ul>
 * It listens on the loopback interface only. At start, {@link #main} builds the bundled sample app as session
 * {@code sample}.
 *
 * <pre>
 * java dev.previewkit.examples.PreviewServer [--port 8080]
 * </pre>
 *
 * <p>Thread-safe; {@link #close()} ends open streams and sockets and cancels the builds.
 */
public final class PreviewServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PreviewServer.class);
    private static final Pattern OWN_ORIGIN = Pattern.compile("([a-z0-9-]+)\\.localhost(?::\\d+)?");
    private static final Pattern API = Pattern.compile("/api/build/([^/]+)(?:/([^/]*))?");
    private static final Pattern PATH_PREVIEW = Pattern.compile("/preview/([^/]+)(/.*)?");
    /** The session the server builds from the bundled sample app at start. */
    public static final String SAMPLE_SESSION = "sample";

    private final Server server;
    private final PreviewBuilder previews;
    private final PreviewService service;
    private final BuildApi api;
    private final PreviewHandler previewHandler;

    private PreviewServer(Server server, PreviewBuilder previews, Function<String, Optional<URI>> devServers) {
        this.server = server;
        this.previews = previews;
        this.service = new PreviewService(previews, devServers);
        ServerWebSocketContainer sockets = ServerWebSocketContainer.ensure(server);
        DevServerProxy proxy = new DevServerProxy(sockets, server.getScheduler());
        server.addBean(proxy);
        this.api = new BuildApi(service, sockets, server.getScheduler(), proxy);
        this.previewHandler = new PreviewHandler(service, proxy);
        server.setErrorHandler(new JsonErrorHandler());
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                route(new Exchange(request, response, callback));
                return true;
            }
        });
    }

    /**
     * Starts a server on the loopback address at {@code port} (0 picks a free port) that builds in
     * {@code workDirectory} with the local npm backend.
     *
     * @param maxConcurrentBuilds builds running at once, over all sessions
     * @param listener            receives every build's events (may be a no-op)
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static PreviewServer start(Path workDirectory, int port, int maxConcurrentBuilds, BuildListener listener) {
        PreviewBuilder previews = PreviewBuilder.configure()
                .backend(LocalNpmBackend.create())
                .workDirectory(workDirectory)
                .maxConcurrentBuilds(maxConcurrentBuilds)
                .listener(listener)
                .build();
        return start(previews, port, id -> previews.findSession(id).flatMap(PreviewSession::devServer)
                .filter(DevServer::isRunning).map(DevServer::uri));
    }

    /**
     * Starts a server for the sessions of {@code previews}, which it closes when it closes (or fails to start).
     *
     * @param devServers a session id to its running dev server's base URI, which the session's own origin is then
     *                   proxied to; empty while there is none
     */
    static PreviewServer start(PreviewBuilder previews, int port, Function<String, Optional<URI>> devServers) {
        try {
            Server jetty = Loopback.server(port);
            PreviewServer server = new PreviewServer(jetty, previews, devServers);
            Loopback.start(jetty);
            return server;
        } catch (RuntimeException e) {
            previews.close();
            throw e;
        }
    }

    /** Serves one request; a handler that fails answers 500 while nothing has been sent yet. */
    private void route(Exchange exchange) {
        try {
            dispatch(exchange);
        } catch (RuntimeException e) {
            LOG.error("Request {} {} failed", exchange.method(), exchange.request().getHttpURI(), e);
            if (exchange.response().isCommitted()) {
                exchange.callback().failed(e);
            } else {
                try {
                    Http.error(exchange, 500, "Internal error: " + e.getClass().getSimpleName());
                } catch (IOException unsent) {
                    exchange.callback().failed(unsent);
                }
            }
        } catch (IOException e) { // the client went away, mostly
            LOG.debug("Request {} {} ended early", exchange.method(), exchange.request().getHttpURI(), e);
            exchange.callback().failed(e);
        }
    }

    private void dispatch(Exchange exchange) throws IOException {
        String host = exchange.header("Host").orElse("").toLowerCase(Locale.ROOT);
        String path = exchange.rawPath();
        Matcher own = OWN_ORIGIN.matcher(host);
        Matcher api = API.matcher(path);
        Matcher mounted = PATH_PREVIEW.matcher(path);
        if (own.matches()) {
            previewHandler.serveOwnOrigin(exchange, own.group(1));
        } else if (api.matches()) {
            this.api.handle(exchange, api.group(1), api.group(2) == null ? "" : api.group(2));
        } else if (mounted.matches() && mounted.group(2) == null) {
            redirect(exchange, path + "/");
        } else if (mounted.matches()) {
            previewHandler.servePath(exchange, mounted.group(1), mounted.group(2));
        } else if (path.equals("/")) {
            redirect(exchange, "/preview/" + SAMPLE_SESSION + "/");
        } else {
            Http.error(exchange, 404, "Nothing here; see /api/build/{session} and /preview/{session}/");
        }
    }

    private static void redirect(Exchange exchange, String location) {
        exchange.response().setStatus(302);
        exchange.response().getHeaders().put("Location", location);
        exchange.callback().succeeded();
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
        return Loopback.port(server);
    }

    /**
     * Cancels builds and closes sessions, which ends their event streams and sockets, then stops listening and
     * ends the exchanges still open.
     */
    @Override
    public void close() {
        try {
            previews.close();
        } finally {
            Loopback.stop(server);
        }
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
                "  hot reload:  POST " + server.uri() + "api/build/" + SAMPLE_SESSION + "/dev  (the own origin then"
                        + " proxies to a Vite dev server)",
                "  as a socket: ws://localhost:" + server.port() + "/api/build/" + SAMPLE_SESSION + "/ws",
                "Ctrl+C stops the server.")) {
            System.out.println(line);
        }
        Thread.currentThread().join();
    }
}
