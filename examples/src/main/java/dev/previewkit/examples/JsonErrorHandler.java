package dev.previewkit.examples;

import java.io.IOException;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty answers itself, such as a URI it refuses before any handler sees it or a handler that failed
 * before answering, as the preview server's other errors: {@code {"error": message}}. A server error names only the
 * type of its cause, as the router's own 500 does.
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) throws IOException {
        String text = code >= 500 && cause != null ? "Internal error: " + cause.getClass().getSimpleName()
                : message != null ? message : HttpStatus.getMessage(code);
        Http.error(new Exchange(request, response, callback), code, text);
    }
}
