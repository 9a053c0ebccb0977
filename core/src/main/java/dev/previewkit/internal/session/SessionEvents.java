package dev.previewkit.internal.session;

import dev.previewkit.SessionEvent;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SubmissionPublisher;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one session's events to its listeners, then to its subscribers, in the order they were emitted and
 * one at a time, on the executor's threads: {@link #emit} only queues, so it may be called under the session's
 * lock (which keeps the order of events that of the state changes they report), and no listener ever runs under
 * it. A slow listener delays only the later events of its session. While more than {@value #MAX_PENDING_OUTPUT}
 * output lines wait for delivery, further output lines are dropped (and counted in a warning); state changes are
 * never dropped. Subscribers keep their own bounded buffers ({@link SubmissionPublisher}). Thread-safe.
 */
final class SessionEvents {
    private static final Logger LOG = LoggerFactory.getLogger(SessionEvents.class);
    static final int MAX_PENDING_OUTPUT = 10_000;

    private final String sessionId;
    private final Executor executor;
    private final SubmissionPublisher<SessionEvent> publisher;
    private final List<Consumer<SessionEvent>> listeners = new CopyOnWriteArrayList<>();
    /** What waits for delivery, in order; guarded by this, as are the fields below. */
    private final ArrayDeque<Runnable> pending = new ArrayDeque<>();
    private boolean draining;
    private int pendingOutput;
    private long droppedOutput;

    SessionEvents(String sessionId, Executor executor, int subscriberBuffer) {
        this.sessionId = sessionId;
        this.executor = executor;
        this.publisher = new SubmissionPublisher<>(executor, subscriberBuffer);
    }

    void addListener(Consumer<SessionEvent> listener) {
        listeners.add(listener);
    }

    Flow.Publisher<SessionEvent> publisher() {
        return publisher;
    }

    /** Queues an event for delivery; never blocks and never calls a listener. */
    void emit(SessionEvent event) {
        boolean output = event instanceof SessionEvent.Output;
        synchronized (this) {
            if (output && pendingOutput >= MAX_PENDING_OUTPUT) {
                if (droppedOutput++ == 0) {
                    LOG.warn("Session {}: listeners are {} output lines behind; dropping output lines until they"
                            + " catch up", sessionId, MAX_PENDING_OUTPUT);
                }
                return;
            }
            if (output) {
                pendingOutput++;
            }
        }
        enqueue(() -> deliver(event, output));
    }

    /** Completes the subscribers once every event emitted before is delivered; later events reach listeners only. */
    void closeSubscribers() {
        enqueue(publisher::close);
    }

    private void enqueue(Runnable delivery) {
        synchronized (this) {
            pending.add(delivery);
            if (draining) {
                return;
            }
            draining = true;
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException closing) {
            Thread late = new Thread(this::drain, "previewkit-events-late");  // the builder closed: last events
            late.setDaemon(true);
            late.start();
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = pending.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            next.run();
        }
    }

    private void deliver(SessionEvent event, boolean output) {
        if (output) {
            synchronized (this) {
                pendingOutput--;
                if (droppedOutput > 0 && pendingOutput == 0) {
                    LOG.warn("Session {}: listeners caught up; {} output lines were dropped", sessionId, droppedOutput);
                    droppedOutput = 0;
                }
            }
        }
        for (Consumer<SessionEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("Session listener threw; the session goes on", e);
            }
        }
        if (!publisher.isClosed()) {
            publisher.offer(event, (subscriber, dropped) -> false);
        }
    }
}
