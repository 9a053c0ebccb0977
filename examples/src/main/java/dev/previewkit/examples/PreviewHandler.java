package dev.previewkit.examples;

import com.sun.net.httpserver.HttpExchange;
import dev.previewkit.PreviewResolver;
import dev.previewkit.PreviewResponse;
import dev.previewkit.PreviewSession;
import dev.previewkit.PreviewVersion;
import java.io.IOException;
import java.util.Optional;

/**
 * Serves the current (last good) version of a session, through the core's {@link PreviewResolver}: SPA
 * fallback, ETags, cache headers, no path escapes. Both mounts serve the same build, made for the path mount.
 */
final class PreviewHandler {
    private final PreviewService service;

    PreviewHandler(PreviewService service) {
        this.service = service;
    }

    /** {@code http://<session>.localhost:PORT/<path>}: the build, its base rewritten to {@code /}. */
    void serveOwnOrigin(HttpExchange exchange, String session) throws IOException {
        Optional<PreviewResponse> response = resolve(exchange, session, exchange.getRequestURI().getRawPath());
        if (response.isPresent()) {
            new BaseRewrite(PreviewService.basePath(session), "/").send(exchange, response.get());
        }
    }

    /** {@code /preview/<session>/<path>}: the build as made, for that base path. */
    void servePath(HttpExchange exchange, String session, String rest) throws IOException {
        Optional<PreviewResponse> response = resolve(exchange, session, rest);
        if (response.isPresent()) {
            Http.send(exchange, response.get());
        }
    }

    /** The resolver's answer for the session's current version, or empty once an error was sent. */
    private Optional<PreviewResponse> resolve(HttpExchange exchange, String id, String rawPath) throws IOException {
        Optional<PreviewSession> session = service.find(id);
        if (session.isEmpty()) {
            Http.error(exchange, 404, "Unknown session '" + id + "'");
            return Optional.empty();
        }
        Optional<PreviewVersion> current = session.get().current();
        if (current.isEmpty()) {
            exchange.getResponseHeaders().set("Retry-After", "2");
            Http.error(exchange, 503, "Session '" + id + "' has no successful build yet");
            return Optional.empty();
        }
        PreviewResolver resolver = PreviewResolver.forRoot(current.get().artifact().orElseThrow().root());
        return Optional.of(resolver.resolve(exchange.getRequestMethod(), rawPath,
                Optional.ofNullable(exchange.getRequestHeaders().getFirst("If-None-Match"))));
    }
}
