package dev.previewkit.examples;

import com.sun.net.httpserver.HttpServer;
import dev.previewkit.PreviewResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Serves one built artifact folder at {@code http://127.0.0.1:<port>/} through the core's
 * {@link PreviewResolver} (SPA fallback, ETags, cache headers, no path escapes), on an ephemeral loopback port.
 * For programs that check a single build, such as the corpus run; the {@link PreviewServer} serves sessions.
 *
 * <p>Starts serving on construction, on the JDK server's single dispatcher thread; {@link #close()} stops it at
 * once. Thread-safe.
 */
public final class ArtifactServer implements AutoCloseable {
    private final HttpServer server;

    private ArtifactServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts serving {@code root}.
     *
     * @throws UncheckedIOException when no loopback port can be bound
     */
    public static ArtifactServer start(Path root) {
        PreviewResolver resolver = PreviewResolver.forRoot(root);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                try (exchange) {
                    Http.send(exchange, resolver.resolve(exchange.getRequestMethod(),
                            exchange.getRequestURI().getRawPath(),
                            Optional.ofNullable(exchange.getRequestHeaders().getFirst("If-None-Match"))));
                }
            });
            server.start();
            return new ArtifactServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind a loopback port", e);
        }
    }

    /** The address of the artifact's root, {@code http://127.0.0.1:<port>/}. */
    public URI uri() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
