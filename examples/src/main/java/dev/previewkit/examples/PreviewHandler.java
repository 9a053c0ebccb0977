package dev.previewkit.examples;

import dev.previewkit.PreviewResolver;
import dev.previewkit.PreviewResponse;
import dev.previewkit.PreviewSession;
import dev.previewkit.PreviewVersion;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;

/**
 * Serves the current (last good) version of a session, through the core's {@link PreviewResolver}: SPA
 * fallback, ETags, cache headers, no path escapes. Both mounts serve the same build, made for the path mount; while
 * the session has a dev server, its own origin is that dev server instead, through the {@link DevServerProxy}.
 */
final class PreviewHandler {
    private final PreviewService service;
    private final DevServerProxy proxy;

    PreviewHandler(PreviewService service, DevServerProxy proxy) {
        this.service = service;
        this.proxy = proxy;
    }

    /**
     * {@code http://<session>.localhost:PORT/<path>}: the session's dev server if it runs one, else the build, its
     * base rewritten to {@code /}.
     */
    void serveOwnOrigin(Exchange exchange, String session) throws IOException {
        Optional<URI> devServer = service.devServer(session);
        if (devServer.isPresent()) {
            proxy.forward(exchange, session, devServer.get());
            return;
        }
        // A HEAD is resolved as the GET it stands for: the length of the rewritten file needs the file.
        Optional<PreviewResponse> response = resolve(exchange, session, exchange.rawPath(),
                Http.isHead(exchange) ? "GET" : exchange.method());
        if (response.isPresent()) {
            new BaseRewrite(PreviewService.basePath(session), "/").send(exchange, response.get());
        }
    }

    /** {@code /preview/<session>/<path>}: the build as made, for that base path. */
    void servePath(Exchange exchange, String session, String rest) throws IOException {
        Optional<PreviewResponse> response = resolve(exchange, session, rest, exchange.method());
        if (response.isPresent()) {
            Http.send(exchange, response.get());
        }
    }

    /** The resolver's answer for the session's current version, or empty once an error was sent. */
    private Optional<PreviewResponse> resolve(Exchange exchange, String id, String rawPath, String method)
            throws IOException {
        Optional<PreviewSession> session = service.find(id);
        if (session.isEmpty()) {
            Http.error(exchange, 404, "Unknown session '" + id + "'");
            return Optional.empty();
        }
        Optional<PreviewVersion> current = session.get().current();
        if (current.isEmpty()) {
            exchange.response().getHeaders().put("Retry-After", "2");
            Http.error(exchange, 503, "Session '" + id + "' has no successful build yet");
            return Optional.empty();
        }
        PreviewResolver resolver = PreviewResolver.forRoot(current.get().artifact().orElseThrow().root());
        return Optional.of(resolver.resolve(method, rawPath, exchange.header("If-None-Match")));
    }
}
