package dev.previewkit.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.previewkit.PreviewResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/** Small helpers for the server's handlers: JSON answers, errors, bounded bodies, resolver responses. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The most of a refused request body that is read and dropped before answering. */
    private static final long MAX_DRAINED_BYTES = 64L * 1024 * 1024;

    private Http() {}

    /** Sends {@code body} as JSON with the given status and completes the exchange. */
    static void json(Exchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
        Response response = exchange.response();
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), exchange.callback());
    }

    /** Sends {@code {"error": message, ...details}} with the given status and completes the exchange. */
    static void error(Exchange exchange, int status, String message, Map<String, String> details) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.putAll(details);
        json(exchange, status, body);
    }

    static void error(Exchange exchange, int status, String message) throws IOException {
        error(exchange, status, message, Map.of());
    }

    /** Thrown when a request body passes its size limit. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long limit) {
            super("The request body is larger than " + limit + " bytes");
        }
    }

    /**
     * The request body as a stream that throws {@link TooLarge} once it passes {@code limit} bytes (at once when
     * the declared {@code Content-Length} does). After that, {@link #drain} what is left so that the client
     * receives the 413 answer instead of a reset connection.
     */
    static InputStream body(Exchange exchange, long limit) throws IOException {
        String declared = exchange.header("Content-Length").orElse(null);
        if (declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > limit) {
            throw new TooLarge(limit);
        }
        return new FilterInputStream(Request.asInputStream(exchange.request())) {
            private long read;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                read += Math.max(n, 0);
                if (read > limit) {
                    throw new TooLarge(limit);
                }
                return n;
            }
        };
    }

    /** Reads and drops the rest of a refused request body, up to {@link #MAX_DRAINED_BYTES}. */
    static void drain(Exchange exchange) throws IOException {
        try (InputStream in = Request.asInputStream(exchange.request())) {
            long dropped = 0;
            byte[] buffer = new byte[64 * 1024];
            int read;
            while (dropped < MAX_DRAINED_BYTES && (read = in.read(buffer)) > 0) {
                dropped += read;
            }
        }
    }

    /**
     * Sends what a {@link dev.previewkit.PreviewResolver} decided and completes the exchange. A {@code HEAD} gets the
     * headers a {@code GET} would get, with the length of its body, and no body.
     */
    static void send(Exchange exchange, PreviewResponse answer) throws IOException {
        if (answer.file().isPresent() && !isHead(exchange)) {
            try (OutputStream out = stream(exchange, answer, answer.contentLength())) {
                Files.copy(answer.file().get(), out);
            }
            exchange.callback().succeeded();
            return;
        }
        head(exchange, answer, answer.contentLength());
        Response response = exchange.response();
        if (answer.status() == 304) { // committed first, so that Jetty adds no "Content-Length: 0" (RFC 9110 8.6)
            response.write(false, BufferUtil.EMPTY_BUFFER, Callback.from(
                    () -> response.write(true, BufferUtil.EMPTY_BUFFER, exchange.callback()),
                    exchange.callback()::failed));
            return;
        }
        response.write(true, answer.message().filter(message -> !isHead(exchange))
                .map(message -> ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)))
                .orElse(BufferUtil.EMPTY_BUFFER), exchange.callback());
    }

    /**
     * Sets the status and headers of {@code answer} with a body of {@code length} bytes, and returns the stream to
     * write that body to; closing it sends the last of it, after which the caller completes the exchange.
     */
    static OutputStream stream(Exchange exchange, PreviewResponse answer, long length) {
        head(exchange, answer, length);
        return Response.asBufferedOutputStream(exchange.request(), exchange.response());
    }

    /** Whether the request is a {@code HEAD}, answered with headers only. */
    static boolean isHead(Exchange exchange) {
        return exchange.method().equals("HEAD");
    }

    /** The status, the resolver's headers and, but for a 304, the {@code Content-Length}. */
    private static void head(Exchange exchange, PreviewResponse answer, long length) {
        Response response = exchange.response();
        response.setStatus(answer.status());
        answer.headers().forEach(response.getHeaders()::put);
        if (answer.status() != 304) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        }
    }
}
