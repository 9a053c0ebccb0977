package dev.previewkit.examples;

import com.sun.net.httpserver.HttpExchange;
import dev.previewkit.PreviewResolver;
import dev.previewkit.PreviewSession;
import dev.previewkit.PreviewVersion;
import java.io.IOException;
import java.util.Optional;

/**
 * Serves the current (last good) version of a session, through the core's {@link PreviewResolver}: SPA
 * fallback, ETags, cache headers, no path escapes.
 */
final class PreviewHandler {
    private final PreviewService service;

    PreviewHandler(PreviewService service) {
        this.service = service;
    }

    /** {@code http://<session>.localhost:PORT/<path>}: the variant built for its own origin. */
    void serveOwnOrigin(HttpExchange exchange, String session) throws IOException {
        serve(exchange, service.findHost(session), session, exchange.getRequestURI().getRawPath());
    }

    /** {@code /preview/<session>/<path>}: the variant built with that base path. */
    void servePath(HttpExchange exchange, String session, String rest) throws IOException {
        serve(exchange, service.findPath(session), session, rest);
    }

    private static void serve(HttpExchange exchange, Optional<PreviewSession> session, String id, String rawPath)
            throws IOException {
        if (session.isEmpty()) {
            Http.error(exchange, 404, "Unknown session '" + id + "'");
            return;
        }
        Optional<PreviewVersion> current = session.get().current();
        if (current.isEmpty()) {
            exchange.getResponseHeaders().set("Retry-After", "2");
            Http.error(exchange, 503, "Session '" + id + "' has no successful build yet");
            return;
        }
        PreviewResolver resolver = PreviewResolver.forRoot(current.get().artifact().orElseThrow().root());
        Http.send(exchange, resolver.resolve(exchange.getRequestMethod(), rawPath,
                Optional.ofNullable(exchange.getRequestHeaders().getFirst("If-None-Match"))));
    }
}
