package dev.previewkit.examples;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Pings a WebSocket every {@link #INTERVAL} while it is open, as the event stream sends its keep-alive comments: a
 * quiet socket (a status stream between builds, a dev server's HMR socket while nobody edits) then never reaches an
 * idle timeout, on this server or on a proxy in between, and a peer that went away is found by the failed write.
 */
final class KeepAlive {
    /** Well under the 30 s idle timeout of Jetty's WebSocket sessions. */
    static final Duration INTERVAL = Duration.ofSeconds(15);

    private KeepAlive() {}

    /** Schedules the pings of {@code socket} on {@code scheduler}; they stop once it is closed. */
    static void start(Session socket, Scheduler scheduler) {
        scheduler.schedule(() -> {
            if (socket.isOpen()) {
                socket.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
                start(socket, scheduler);
            }
        }, INTERVAL);
    }
}
