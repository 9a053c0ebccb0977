package dev.previewkit.examples;

import dev.previewkit.PreviewResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;

/**
 * Serves one built artifact folder at {@code http://127.0.0.1:<port>/} through the core's
 * {@link PreviewResolver} (SPA fallback, ETags, cache headers, no path escapes), on an ephemeral loopback port.
 * For programs that check a single build, such as the corpus run; the {@link PreviewServer} serves sessions.
 *
 * <p>Starts serving on construction, on Jetty like the preview server; {@link #close()} stops it at once.
 * Thread-safe.
 */
public final class ArtifactServer implements AutoCloseable {
    private final Server server;

    private ArtifactServer(Server server) {
        this.server = server;
    }

    /**
     * Starts serving {@code root}.
     *
     * @throws UncheckedIOException when no loopback port can be bound
     */
    public static ArtifactServer start(Path root) {
        PreviewResolver resolver = PreviewResolver.forRoot(root);
        Server server = Loopback.server(0);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws IOException {
                Exchange exchange = new Exchange(request, response, callback);
                Http.send(exchange, resolver.resolve(exchange.method(), exchange.rawPath(),
                        exchange.header("If-None-Match")));
                return true;
            }
        });
        Loopback.start(server);
        return new ArtifactServer(server);
    }

    /** The address of the artifact's root, {@code http://127.0.0.1:<port>/}. */
    public URI uri() {
        return URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + Loopback.port(server)
                + "/");
    }

    @Override
    public void close() {
        Loopback.stop(server);
    }
}
