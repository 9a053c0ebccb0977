package dev.previewkit.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Serves a built preview folder over the JDK's HTTP server, with the fallback a single-page app needs: a GET
 * or HEAD for a path without a file extension that matches no file gets {@code index.html}, so client-side
 * routes such as {@code /about} survive a reload. Requests can never read outside the folder.
 *
 * <p>The folder is looked up on every request, so a newer build can replace it at any time.
 */
final class StaticSiteHandler implements HttpHandler {
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("map", "application/json"));

    private final Supplier<Path> root;

    StaticSiteHandler(Supplier<Path> root) {
        this.root = root;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "Method not allowed\n".getBytes());
                return;
            }
            Path folder = root.get();
            Path file = resolve(folder, exchange.getRequestURI());
            if (file == null) {
                send(exchange, 404, "text/plain; charset=utf-8", "Not found\n".getBytes());
                return;
            }
            byte[] body = Files.readAllBytes(file);
            boolean index = file.getFileName().toString().equals("index.html");
            exchange.getResponseHeaders().set("Cache-Control", index ? "no-cache" : "public, max-age=31536000, immutable");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            send(exchange, 200, contentType(file), method.equals("HEAD") ? null : body, body.length);
        }
    }

    /** The file for a request, the SPA fallback for extension-less paths, or null. */
    static Path resolve(Path folder, URI uri) {
        String path = uri.getPath();
        if (path == null || path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) {
            return null;
        }
        Path candidate = folder.resolve(path.replaceFirst("^/+", "")).normalize();
        if (!candidate.startsWith(folder)) {
            return null;
        }
        if (Files.isDirectory(candidate, LinkOption.NOFOLLOW_LINKS)) {
            candidate = candidate.resolve("index.html");
        }
        if (Files.isRegularFile(candidate, LinkOption.NOFOLLOW_LINKS)) {
            return candidate;
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.contains(".") ? null : folder.resolve("index.html");
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString();
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        send(exchange, status, type, body, body.length);
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body, int length)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body == null ? -1 : length == 0 ? -1 : length);
        if (body != null && length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
