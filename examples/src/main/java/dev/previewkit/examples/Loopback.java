package dev.previewkit.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.http.UriCompliance.Violation;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The examples' Jetty servers: HTTP/1.1 on the loopback interface only, without a {@code Server} header, and with
 * every malformed, ambiguous or suspicious path passed to the handlers, since the core's
 * {@link dev.previewkit.PreviewResolver} refuses those itself (400), as it does on any HTTP stack; the
 * {@link DevServerProxy} forwards none of them.
 */
final class Loopback {
    private static final UriCompliance RESOLVER_JUDGES_PATHS = UriCompliance.DEFAULT.with("RESOLVER_JUDGES_PATHS",
            Violation.AMBIGUOUS_PATH_SEGMENT, Violation.AMBIGUOUS_EMPTY_SEGMENT, Violation.AMBIGUOUS_PATH_SEPARATOR,
            Violation.AMBIGUOUS_PATH_PARAMETER, Violation.AMBIGUOUS_PATH_ENCODING, Violation.UTF16_ENCODINGS,
            Violation.BAD_UTF8_ENCODING, Violation.TRUNCATED_UTF8_ENCODING, Violation.BAD_PERCENT_ENCODING,
            Violation.SUSPICIOUS_PATH_CHARACTERS, Violation.ILLEGAL_PATH_CHARACTERS);

    private Loopback() {}

    /** A server, not started yet, that will listen on the loopback address at {@code port} (0 picks a free one). */
    static Server server(int port) {
        Server server = new Server();
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setUriCompliance(RESOLVER_JUDGES_PATHS);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(port);
        server.addConnector(connector);
        return server;
    }

    /**
     * Starts {@code server}; stops it again if that fails.
     *
     * @throws UncheckedIOException when its port cannot be bound
     */
    static void start(Server server) {
        try {
            server.start();
        } catch (Exception e) {
            stop(server);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("Cannot listen on " + connector(server).getHost() + ":"
                        + connector(server).getPort(), io);
            }
            throw new IllegalStateException("Cannot start the server", e);
        }
    }

    /** The port the server listens on. */
    static int port(Server server) {
        return connector(server).getLocalPort();
    }

    /** Stops listening and ends the open exchanges and sockets. */
    static void stop(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot stop the server", e);
        }
    }

    private static ServerConnector connector(Server server) {
        return (ServerConnector) server.getConnectors()[0];
    }
}
