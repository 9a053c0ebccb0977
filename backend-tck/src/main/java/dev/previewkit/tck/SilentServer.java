package dev.previewkit.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server on an address of this machine (loopback, or a container bridge's gateway) that accepts connections and never answers, so that an install fetching a tarball from it
 * stalls there. Counts connections, so a test knows the install got that far. Closing it closes every
 * connection. Thread-safe.
 */
public final class SilentServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();

    /** Listens on a free port of {@code address}, which must be an address of this machine. */
    public SilentServer(InetAddress address) {
        try {
            socket = new ServerSocket();
            socket.bind(new InetSocketAddress(address, 0));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind a port on " + address, e);
        }
        Thread acceptor = new Thread(this::accept, "previewkit-tck-silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                connections.add(socket.accept());
                accepted.incrementAndGet();
            } catch (IOException e) {
                return;  // closed
            }
        }
    }

    /** A URL of a tarball on this server. */
    public URI tarball(String name) {
        return URI.create("http://" + socket.getInetAddress().getHostAddress() + ":" + socket.getLocalPort() + "/" + name
                + "-1.0.0.tgz");
    }

    /** How many connections were accepted so far. */
    public int connections() {
        return accepted.get();
    }

    @Override
    public void close() {
        try {
            socket.close();
            for (Socket connection : connections) {
                connection.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
