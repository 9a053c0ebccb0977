package dev.previewkit.tck;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server on an address of this machine that accepts and counts connections and closes each at once. Its
 * first connection is the test's own check that it can be reached.
 */
public final class CountingServer implements AutoCloseable {
    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();

    public CountingServer(InetAddress address) throws IOException {
        socket = new ServerSocket(0, 50, address);
        Thread acceptor = new Thread(this::accept, "counting-server-" + address.getHostAddress());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try (Socket accepted = socket.accept()) {
                connections.incrementAndGet();
            } catch (SocketException e) {
                return;  // closed
            } catch (IOException e) {
                // the next one
            }
        }
    }

    /** Connects once from this JVM and waits until the server counted it. */
    public void checkReachableFromHere() throws IOException {
        try (Socket client = new Socket()) {
            client.connect(address(), 5000);
        }
        Waits.until(Duration.ofSeconds(5), "the server at " + address() + " counts the test's connection",
                () -> connections.get() == 1);
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(socket.getInetAddress(), socket.getLocalPort());
    }

    public int connections() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
