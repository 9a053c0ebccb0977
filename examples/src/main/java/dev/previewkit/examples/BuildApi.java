package dev.previewkit.examples;

import com.sun.net.httpserver.HttpExchange;
import dev.previewkit.BuildHandle;
import dev.previewkit.BuildPhase;
import dev.previewkit.BuildResult;
import dev.previewkit.InvalidProjectException;
import dev.previewkit.PreviewSession;
import dev.previewkit.PreviewVersion;
import dev.previewkit.ProjectFiles;
import dev.previewkit.ProjectLimits;
import dev.previewkit.SessionEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * The build API of the preview server:
 * <ul>
 *   <li>{@code POST /api/build/{session}}: files as a JSON object of path to content, or a zip; queues one build,
 *       which both of the session's previews serve, and answers 202 with the new version's id;</li>
 *   <li>{@code GET /api/build/{session}/status}: state, current and building version, timings, log tail;</li>
 *   <li>{@code GET /api/build/{session}/events}: a Server-Sent Events stream of states and log lines.</li>
 * </ul>
 */
final class BuildApi {
    /** A zip may carry a whole project with its assets; it is streamed, never held in memory. */
    static final long MAX_BODY_BYTES = ProjectLimits.DEFAULT.maxTotalBytes() + (64L << 20);
    private static final int LOG_TAIL_CHARS = 4096;
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final PreviewService service;

    BuildApi(PreviewService service) {
        this.service = service;
    }

    void handle(HttpExchange exchange, String session, String action) throws IOException {
        String method = exchange.getRequestMethod();
        if (!PreviewService.isValidId(session)) {
            Http.error(exchange, 400, "A session id is 1 to 40 lower-case letters, digits or inner '-': " + session);
        } else if (action.isEmpty() && method.equals("POST")) {
            submit(exchange, session);
        } else if (action.equals("status") && method.equals("GET")) {
            status(exchange, session);
        } else if (action.equals("events") && method.equals("GET")) {
            events(exchange, session);
        } else {
            Http.error(exchange, action.isEmpty() || action.equals("status") || action.equals("events") ? 405 : 404,
                    method + " " + exchange.getRequestURI().getPath() + " is not part of the build API");
        }
    }

    private void submit(HttpExchange exchange, String session) throws IOException {
        ProjectFiles files;
        try {
            files = UploadedProject.parse(Http.body(exchange, MAX_BODY_BYTES),
                    exchange.getRequestHeaders().getFirst("Content-Type"));
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

    private void status(HttpExchange exchange, String session) throws IOException {
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
        body.put("urls", Map.of(
                "ownOrigin", "http://" + session + ".localhost:" + exchange.getLocalAddress().getPort() + "/",
                "path", "/preview/" + session + "/"));
        Http.json(exchange, 200, body);
    }

    private static void describe(BuildResult result, Map<String, Object> body) {
        body.put("message", result.message());
        Map<String, Long> timings = new LinkedHashMap<>();
        result.phaseDurations().forEach((BuildPhase phase, Duration took) -> timings.put(phase.name(), took.toMillis()));
        body.put("timingsMillis", timings);
        body.put("cache", result.cacheDecisions().stream().map(Object::toString).toList());
        String log = result.log();
        body.put("logTail", log.length() > LOG_TAIL_CHARS ? log.substring(log.length() - LOG_TAIL_CHARS) : log);
    }

    /** Streams the session's events until the client goes away or the session closes. */
    private void events(HttpExchange exchange, String session) throws IOException {
        Optional<PreviewSession> preview = service.find(session);
        if (preview.isEmpty()) {
            Http.error(exchange, 404, "Unknown session '" + session + "'");
            return;
        }
        EventQueue queue = new EventQueue();
        preview.get().events().subscribe(queue);
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            write(out, ": connected to " + session + "\n\n");
            while (!queue.completed) {
                SessionEvent event = queue.events.poll(KEEP_ALIVE.toSeconds(), TimeUnit.SECONDS);
                write(out, event == null ? ": keep-alive\n\n" : sse(event));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client went away.
        } finally {
            queue.cancel();
        }
    }

    private static String sse(SessionEvent event) throws IOException {
        Map<String, Object> data = new LinkedHashMap<>();
        String name;
        if (event instanceof SessionEvent.VersionChanged changed) {
            name = "state";
            data.put("version", changed.version().id());
            data.put("state", changed.version().state().name());
            data.put("current", changed.current().map(PreviewVersion::id).orElse(null));
        } else {
            SessionEvent.Output output = (SessionEvent.Output) event;
            name = "log";
            data.put("version", output.versionId());
            data.put("phase", output.line().phase().name());
            data.put("stream", output.line().stream().name());
            data.put("line", output.line().text());
        }
        return "event: " + name + "\ndata: " + Http.JSON.writeValueAsString(data) + "\n\n";
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** A subscriber that hands events to the request thread through a bounded queue, dropping on overflow. */
    private static final class EventQueue implements Flow.Subscriber<SessionEvent> {
        final BlockingQueue<SessionEvent> events = new ArrayBlockingQueue<>(1024);
        volatile boolean completed;
        private volatile Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(SessionEvent event) {
            events.offer(event);
        }

        @Override
        public void onError(Throwable error) {
            completed = true;
        }

        @Override
        public void onComplete() {
            completed = true;
        }

        void cancel() {
            if (subscription != null) {
                subscription.cancel();
            }
        }
    }
}
