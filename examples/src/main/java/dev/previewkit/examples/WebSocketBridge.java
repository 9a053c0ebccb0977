package dev.previewkit.examples;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays one WebSocket conversation between a browser's socket and a dev server's, for the {@link DevServerProxy}:
 * text and binary messages, fragment by fragment (so no message is too large to pass), both ways, and a close of
 * either side to the other with its status and reason. A side that drops without a close frame (a dev server that
 * stopped) is dropped on the other side too, so that a client such as Vite's sees the unclean close it reacts to by
 * waiting for the server and reloading.
 *
 * <p>Nothing is read until both sides are open, and a side reads its next frame only once the other has sent its
 * last one, so a slow side slows its peer instead of filling memory. Both sides are pinged by {@link KeepAlive}.
 * Thread-safe: Jetty calls each side on its own threads.
 */
final class WebSocketBridge {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketBridge.class);

    private final URI upstream;
    private final Scheduler scheduler;
    private final End browser = new End();
    private final End dev = new End();
    private final AtomicInteger opened = new AtomicInteger();

    /** @param upstream the dev server's socket, for the logs */
    WebSocketBridge(URI upstream, Scheduler scheduler) {
        this.upstream = upstream;
        this.scheduler = scheduler;
    }

    /** The endpoint of the browser's socket, to upgrade the browser's request with. */
    Session.Listener browserEnd() {
        return browser;
    }

    /** The endpoint of the socket to the dev server, to connect with. */
    Session.Listener upstreamEnd() {
        return dev;
    }

    /**
     * Whether a close frame may carry {@code statusCode} (RFC 6455 §7.4): not the codes that only report a close
     * without one (1005 no code, 1006 abnormal, 1015 TLS failure). Jetty's {@code StatusCode.isTransmittable} also
     * refuses the 3000-4999 codes of applications.
     */
    private static boolean sendable(int statusCode) {
        return statusCode >= 1000 && statusCode <= 4999 && statusCode != StatusCode.NO_CODE
                && statusCode != StatusCode.ABNORMAL && statusCode != StatusCode.FAILED_TLS_HANDSHAKE;
    }

    /** One side; public, as Jetty calls WebSocket endpoints through public method handles only. */
    public final class End implements Session.Listener {
        private volatile Session socket;
        /** A close of the peer that came before this side opened: {@code 0} while there was none. */
        private volatile int closedWith;

        private End peer() {
            return this == browser ? dev : browser;
        }

        @Override
        public void onWebSocketOpen(Session socket) {
            this.socket = socket;
            KeepAlive.start(socket, scheduler);
            if (closedWith != 0) {
                close(closedWith, "");
            } else if (opened.incrementAndGet() == 2) {
                LOG.debug("Relaying the WebSocket {}", upstream);
                browser.socket.demand();
                dev.socket.demand();
            }
        }

        @Override
        public void onWebSocketPartialText(String text, boolean last) {
            peer().socket.sendPartialText(text, last, Callback.from(socket::demand, this::failed));
        }

        @Override
        public void onWebSocketPartialBinary(ByteBuffer data, boolean last, Callback callback) {
            peer().socket.sendPartialBinary(data, last, Callback.from(() -> {
                callback.succeed();
                socket.demand();
            }, failure -> {
                callback.fail(failure);
                failed(failure);
            }));
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            callback.succeed();
            LOG.debug("{} side of the WebSocket {} closed: {} {}", this == browser ? "Browser" : "Dev server",
                    upstream, statusCode, reason);
            peer().close(statusCode, reason);
        }

        @Override
        public void onWebSocketError(Throwable failure) {
            failed(failure);
        }

        /** Relaying failed: both sides are dropped. */
        private void failed(Throwable failure) {
            LOG.debug("Relaying the WebSocket {} failed", upstream, failure);
            close(StatusCode.ABNORMAL, "");
            peer().close(StatusCode.ABNORMAL, "");
        }

        /** Closes this side as the peer was closed: with its status if it can be sent, else without a close frame. */
        void close(int statusCode, String reason) {
            closedWith = statusCode;
            Session open = socket;
            if (open == null || !open.isOpen()) {
                return;
            }
            if (statusCode == StatusCode.ABNORMAL) {
                open.disconnect();
            } else {
                open.close(sendable(statusCode) ? statusCode : StatusCode.NORMAL, reason, Callback.NOOP);
            }
        }
    }
}
