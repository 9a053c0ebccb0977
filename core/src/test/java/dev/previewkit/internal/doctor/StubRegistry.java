package dev.previewkit.internal.doctor;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local stand-in for the registry's {@code /<name>/latest} endpoint on a loopback port: knows {@code left-pad}
 * and {@code @acme/widgets} (version 1.3.0), answers 404 for every other name, answers requests concurrently,
 * each after {@link #delayMillis} ms, and records the paths asked for.
 */
final class StubRegistry implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final List<String> requested = new CopyOnWriteArrayList<>();
    private volatile long delayMillis;

    StubRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            requested.add(path);
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            boolean known = path.equals("/left-pad/latest") || path.equals("/@acme%2Fwidgets/latest");
            byte[] body = (known ? "{\"name\":\"x\",\"version\":\"1.3.0\"}" : "{\"error\":\"Not found\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(known ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Makes every later answer wait this long. */
    void delay(long millis) {
        delayMillis = millis;
    }

    /** The raw paths asked for so far, in order. */
    List<String> requested() {
        return List.copyOf(requested);
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
