package dev.previewkit.examples;

import dev.previewkit.BuildHandle;
import dev.previewkit.BuildPhase;
import dev.previewkit.BuildResult;
import dev.previewkit.DevServer;
import dev.previewkit.DevServerOptions;
import dev.previewkit.InvalidProjectException;
import dev.previewkit.PreviewException;
import dev.previewkit.PreviewSession;
import dev.previewkit.PreviewVersion;
import dev.previewkit.ProjectFiles;
import dev.previewkit.ProjectLimits;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * The build API of the preview server:
 * <ul>
 *   <li>{@code POST /api/build/{session}}: files as a JSON object of path to content, or a zip; queues one build,
 *       which both of the session's previews serve, and answers 202 with the new version's id;</li>
 *   <li>{@code GET /api/build/{session}/status}: state, current and building version, timings, log tail;</li>
 *   <li>{@code GET /api/build/{session}/events}: a Server-Sent Events stream of states and log lines
 *       ({@link EventStream});</li>
 *   <li>{@code GET /api/build/{session}/ws}: the same events over a WebSocket, one JSON message each
 *       ({@link EventSocket});</li>
 *   <li>{@code POST /api/build/{session}/dev}: starts the session's Vite dev server with hot reload (it blocks
 *       until the server answers) and answers 200 with its state; from then on the session's own origin is
 *       proxied to it, HMR WebSocket included, while the path mount keeps serving built versions.
 *       {@code DELETE} stops it, {@code GET} tells its state and how many HMR sockets of browsers were proxied to
 *       it.</li>
 * </ul>
 */
final class BuildApi {
    /** A zip may carry a whole project with its assets; it is streamed, never held in memory. */
    static final long MAX_BODY_BYTES = ProjectLimits.DEFAULT.maxTotalBytes() + (64L << 20);
    private static final int LOG_TAIL_CHARS = 4096;
    private static final Set<String> ACTIONS = Set.of("", "status", "events", "ws", "dev");

    private final PreviewService service;
    private final ServerWebSocketContainer sockets;
    private final Scheduler scheduler;
    private final DevServerProxy proxy;

    /**
     * @param sockets   upgrades the {@code /ws} requests
     * @param scheduler runs the sockets' keep-alive pings
     * @param proxy     proxies the sessions' own origins to their dev servers, and counts their HMR sockets
     */
    BuildApi(PreviewService service, ServerWebSocketContainer sockets, Scheduler scheduler, DevServerProxy proxy) {
        this.service = service;
        this.sockets = sockets;
        this.scheduler = scheduler;
        this.proxy = proxy;
    }

    void handle(Exchange exchange, String session, String action) throws IOException {
        String method = exchange.method();
        if (!PreviewService.isValidId(session)) {
            Http.error(exchange, 400, "A session id is 1 to 40 lower-case letters, digits or inner '-': " + session);
        } else if (action.isEmpty() && method.equals("POST")) {
            submit(exchange, session);
        } else if (action.equals("status") && method.equals("GET")) {
            status(exchange, session);
        } else if (action.equals("events") && method.equals("GET")) {
            events(exchange, session);
        } else if (action.equals("ws") && method.equals("GET")) {
            socket(exchange, session);
        } else if (action.equals("dev") && List.of("POST", "GET", "DELETE").contains(method)) {
            devServer(exchange, session, method);
        } else {
            Http.error(exchange, ACTIONS.contains(action) ? 405 : 404,
                    method + " " + exchange.request().getHttpURI().getDecodedPath() + " is not part of the build API");
        }
    }

    private void submit(Exchange exchange, String session) throws IOException {
        ProjectFiles files;
        try {
            files = UploadedProject.parse(Http.body(exchange, MAX_BODY_BYTES),
                    exchange.header("Content-Type").orElse(null));
            PreviewSession preview = service.session(session);
            BuildHandle build = preview.submit(files);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("session", session);
            body.put("version", preview.latest().map(PreviewVersion::id).orElseThrow());
            body.put("build", build.id());
            body.put("status", "/api/build/" + session + "/status");
            Http.json(exchange, 202, body);
        } catch (Http.TooLarge e) {
            Http.drain(exchange);
            Http.error(exchange, 413, e.getMessage());
        } catch (UploadedProject.Malformed e) {
            Http.error(exchange, 400, e.getMessage());
        } catch (InvalidProjectException e) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("rule", e.rule().name());
            e.path().ifPresent(path -> details.put("path", path));
            Http.error(exchange, 400, e.getMessage(), details);
        }
    }

    private void status(Exchange exchange, String session) throws IOException {
        Optional<PreviewSession> preview = service.find(session);
        Optional<PreviewVersion> newest = preview.flatMap(PreviewSession::latest);
        if (newest.isEmpty()) { // no session, or only rejected input
            Http.error(exchange, 404, "Unknown session '" + session + "'");
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("session", session);
        PreviewVersion latest = newest.get();
        body.put("state", latest.state().name());
        body.put("version", latest.id());
        body.put("current", preview.get().current().map(PreviewVersion::id).orElse(null));
        body.put("building", preview.get().building().map(PreviewVersion::id).orElse(null));
        latest.result().ifPresent(result -> describe(result, body));
        body.put("devServer", preview.get().devServer().map(DevServer::isRunning).orElse(false));
        body.put("urls", Map.of(
                "ownOrigin", "http://" + session + ".localhost:" + Request.getLocalPort(exchange.request()) + "/",
                "path", "/preview/" + session + "/"));
        Http.json(exchange, 200, body);
    }

    private static void describe(BuildResult result, Map<String, Object> body) {
        body.put("message", result.message());
        Map<String, Long> timings = new LinkedHashMap<>();
        result.phaseDurations().forEach((BuildPhase phase, Duration took) -> timings.put(phase.name(), took.toMillis()));
        body.put("timingsMillis", timings);
        body.put("cache", result.cacheDecisions().stream().map(Object::toString).toList());
        body.put("logTail", tail(result.log()));
    }

    /** Starts ({@code POST}), stops ({@code DELETE}) or describes ({@code GET}) the session's dev server. */
    private void devServer(Exchange exchange, String session, String method) throws IOException {
        Optional<PreviewSession> preview = service.find(session).filter(found -> found.latest().isPresent());
        if (preview.isEmpty()) {
            Http.error(exchange, 404, "Unknown session '" + session + "': submit its files first");
            return;
        }
        Optional<DevServer> server = preview.get().devServer();
        try {
            if (method.equals("POST")) {
                server = Optional.of(preview.get().startDevServer(DevServerOptions.DEFAULT));
            } else if (method.equals("DELETE")) {
                server.ifPresent(DevServer::close);
                server = Optional.empty();
            }
        } catch (PreviewException | IllegalStateException e) {
            Http.error(exchange, 502, e.getMessage());
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("session", session);
        body.put("running", server.map(DevServer::isRunning).orElse(false));
        body.put("ownOrigin", "http://" + session + ".localhost:" + Request.getLocalPort(exchange.request()) + "/");
        body.put("proxiedSockets", proxy.proxiedSockets(session));
        server.filter(running -> !running.isRunning()).ifPresent(stopped -> body.put("logTail", tail(stopped.log())));
        Http.json(exchange, 200, body);
    }

    private static String tail(String log) {
        return log.length() > LOG_TAIL_CHARS ? log.substring(log.length() - LOG_TAIL_CHARS) : log;
    }

    /** Streams the session's events as Server-Sent Events. */
    private void events(Exchange exchange, String session) throws IOException {
        Optional<PreviewSession> preview = service.find(session);
        if (preview.isEmpty()) {
            Http.error(exchange, 404, "Unknown session '" + session + "'");
            return;
        }
        EventStream.stream(exchange, preview.get());
    }

    /** Upgrades to a WebSocket of the session's events; an unknown session gets 404 before any upgrade. */
    private void socket(Exchange exchange, String session) throws IOException {
        Optional<PreviewSession> preview = service.find(session);
        if (preview.isEmpty()) {
            Http.error(exchange, 404, "Unknown session '" + session + "'");
            return;
        }
        boolean upgraded = sockets.upgrade(
                (request, response, callback) -> EventSocket.subscribe(preview.get(), scheduler),
                exchange.request(), exchange.response(), exchange.callback());
        if (!upgraded) {
            exchange.response().getHeaders().put("Upgrade", "websocket");
            Http.error(exchange, 426, "/api/build/" + session + "/ws is a WebSocket: send a WebSocket upgrade");
        }
    }
}
