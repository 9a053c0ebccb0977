package dev.previewkit.examples;

import dev.previewkit.PreviewSession;
import dev.previewkit.SessionEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

/**
 * The Server-Sent Events of {@code GET /api/build/{session}/events}: a {@code state} or {@code log} event per
 * session event ({@link EventMessage#sse()}) and a keep-alive comment every {@link #KEEP_ALIVE}, until the client
 * goes away or the session closes. Runs on the request's thread; the session's events reach it through a bounded
 * queue that drops on overflow, so a client that reads slowly never slows builds.
 */
final class EventStream {
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private EventStream() {}

    /** Streams the events of {@code preview}; returns once the stream ended, with the exchange completed. */
    static void stream(Exchange exchange, PreviewSession preview) throws IOException {
        EventQueue queue = new EventQueue();
        preview.events().subscribe(queue);
        exchange.response().setStatus(200);
        exchange.response().getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        exchange.response().getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        try (OutputStream out = Content.Sink.asOutputStream(exchange.response())) {
            write(out, ": connected to " + preview.id() + "\n\n");
            while (true) {
                Optional<SessionEvent> next = queue.events.poll(KEEP_ALIVE.toSeconds(), TimeUnit.SECONDS);
                if (next == null ? queue.completed : next.isEmpty()) {
                    break;
                }
                write(out, next == null ? ": keep-alive\n\n" : EventMessage.of(next.get()).sse());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            exchange.callback().failed(e); // the client went away
            return;
        } finally {
            queue.cancel();
        }
        exchange.callback().succeeded();
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * A subscriber that hands events to the request thread through a bounded queue, dropping on overflow, and wakes
     * it with an empty element when the session's events end.
     */
    private static final class EventQueue implements Flow.Subscriber<SessionEvent> {
        final BlockingQueue<Optional<SessionEvent>> events = new ArrayBlockingQueue<>(1024);
        volatile boolean completed;
        private volatile Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(SessionEvent event) {
            events.offer(Optional.of(event));
        }

        @Override
        public void onError(Throwable error) {
            onComplete();
        }

        @Override
        public void onComplete() {
            completed = true;
            events.offer(Optional.empty()); // if the queue is full, the flag ends the stream once it is drained
        }

        void cancel() {
            if (subscription != null) {
                subscription.cancel();
            }
        }
    }
}
