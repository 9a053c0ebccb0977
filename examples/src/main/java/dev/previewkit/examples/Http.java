package dev.previewkit.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.previewkit.PreviewResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers for the JDK HTTP server: JSON answers, errors, bounded bodies, resolver responses. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The most of a refused request body that is read and dropped before answering. */
    private static final long MAX_DRAINED_BYTES = 64L * 1024 * 1024;

    private Http() {}

    /** Sends {@code body} as JSON with the given status. */
    static void json(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Sends {@code {"error": message, ...details}} with the given status. */
    static void error(HttpExchange exchange, int status, String message, Map<String, String> details)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.putAll(details);
        json(exchange, status, body);
    }

    static void error(HttpExchange exchange, int status, String message) throws IOException {
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
    static InputStream body(HttpExchange exchange, long limit) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > limit) {
            throw new TooLarge(limit);
        }
        return new FilterInputStream(exchange.getRequestBody()) {
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
    static void drain(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            drain(in);
        }
    }

    private static void drain(InputStream in) throws IOException {
        long dropped = 0;
        byte[] buffer = new byte[64 * 1024];
        int read;
        while (dropped < MAX_DRAINED_BYTES && (read = in.read(buffer)) > 0) {
            dropped += read;
        }
    }

    /** Sends what a {@link dev.previewkit.PreviewResolver} decided. */
    static void send(HttpExchange exchange, PreviewResponse response) throws IOException {
        response.headers().forEach(exchange.getResponseHeaders()::set);
        if (!response.hasBody()) {
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(response.status(), response.contentLength());
        try (OutputStream out = exchange.getResponseBody()) {
            if (response.file().isPresent()) {
                Files.copy(response.file().get(), out);
            } else {
                out.write(response.message().orElseThrow().getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
