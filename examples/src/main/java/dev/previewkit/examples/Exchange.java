package dev.previewkit.examples;

import java.util.Optional;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One request being answered on Jetty's core Handler API: the request, its response, and the callback that ends the
 * exchange, carried together through the server's handlers. Whoever sends the last of the answer completes the
 * callback, exactly once; a handler that throws leaves that to the router.
 */
record Exchange(Request request, Response response, Callback callback) {
    /** The request method, such as {@code GET}. */
    String method() {
        return request.getMethod();
    }

    /** The raw (still percent-encoded) path, without the query. */
    String rawPath() {
        return request.getHttpURI().getPath();
    }

    /** A request header's first value. */
    Optional<String> header(String name) {
        return Optional.ofNullable(request.getHeaders().get(name));
    }
}
