package dev.previewkit.examples;

import dev.previewkit.PreviewSession;
import dev.previewkit.SessionEvent;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * The WebSocket of {@code GET /api/build/{session}/ws}: the session's events as the {@link EventStream} sends them,
 * one JSON text message each ({@link EventMessage#json()}), until the client closes the socket or the session
 * closes (then it closes with 1000). Messages from the client are ignored.
 *
 * <p>At most {@link #MAX_PENDING} messages wait to be sent; an event past that is dropped, so a client that reads
 * slowly never holds more memory nor slows builds. One instance per socket, called by Jetty's and the session's
 * threads. Public only because Jetty calls WebSocket endpoints through public method handles.
 */
public final class EventSocket implements Session.Listener.AutoDemanding, Flow.Subscriber<SessionEvent> {
    static final int MAX_PENDING = 1024;

    private final Scheduler scheduler;
    private final AtomicInteger pending = new AtomicInteger();
    /** Counts the subscription and the socket's opening: events flow once both happened. */
    private final AtomicInteger ready = new AtomicInteger();
    private volatile Session socket;
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;
    /** Why the event stream ended, once it did: the socket closes with it, at once or when it opens. */
    private volatile String endReason;
    private volatile int endStatus;

    private EventSocket(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * An endpoint subscribed to the events of {@code preview} before the upgrade is answered, so that the client
     * misses no event after its handshake: they wait in the session's buffer until the socket is open.
     *
     * @param scheduler runs the socket's {@link KeepAlive} pings
     */
    static EventSocket subscribe(PreviewSession preview, Scheduler scheduler) {
        EventSocket endpoint = new EventSocket(scheduler);
        preview.events().subscribe(endpoint);
        return endpoint;
    }

    @Override
    public void onWebSocketOpen(Session socket) {
        this.socket = socket;
        KeepAlive.start(socket, scheduler);
        startWhenReady();
        closeIfEnded();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (closed) {
            subscription.cancel();
        } else {
            startWhenReady();
        }
    }

    private void startWhenReady() {
        if (ready.incrementAndGet() == 2) {
            subscription.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(SessionEvent event) {
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            return;
        }
        socket.sendText(EventMessage.of(event).json(),
                Callback.from(pending::decrementAndGet, failure -> pending.decrementAndGet()));
    }

    @Override
    public void onError(Throwable error) {
        end(StatusCode.SERVER_ERROR, "The session's event stream failed");
    }

    @Override
    public void onComplete() {
        end(StatusCode.NORMAL, "The session closed");
    }

    private void end(int status, String reason) {
        endStatus = status;
        endReason = reason;
        closeIfEnded();
    }

    private void closeIfEnded() {
        Session open = socket;
        if (endReason != null && open != null) {
            open.close(endStatus, endReason, Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        callback.succeed();
        closed = true;
        Flow.Subscription subscribed = subscription;
        if (subscribed != null) {
            subscribed.cancel();
        }
    }
}
