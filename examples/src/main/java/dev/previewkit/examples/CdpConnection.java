package dev.previewkit.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Chrome DevTools Protocol session over the JDK's WebSocket: commands carry an id and are answered through a
 * {@link CompletableFuture} per id; events go to the listeners of their method name, on the WebSocket's thread
 * (so listeners must be quick and must not call {@link #call}).
 *
 * <p>Thread-safe: any thread may send; sends are serialized because the JDK's WebSocket allows one outstanding
 * send at a time. When the connection closes or fails, every pending command fails and later ones fail at once.
 */
final class CdpConnection implements WebSocket.Listener, AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(CdpConnection.class);

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<JsonNode>>> listeners = new ConcurrentHashMap<>();
    private final Set<CompletableFuture<JsonNode>> waiters = ConcurrentHashMap.newKeySet();
    /** The parts of a fragmented text message; touched only by the WebSocket's (sequential) listener calls. */
    private final StringBuilder fragments = new StringBuilder();
    private volatile WebSocket socket;
    /** Why the connection is no longer usable; null while it is open. */
    private volatile String closedBecause;

    private CdpConnection() {}

    /**
     * Connects to a DevTools WebSocket URL ({@code ws://127.0.0.1:port/devtools/page/id}).
     *
     * @throws IllegalStateException when the connection cannot be opened within {@code timeout}
     */
    static CdpConnection connect(HttpClient http, URI uri, Duration timeout) {
        CdpConnection connection = new CdpConnection();
        try {
            connection.socket = http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(uri, connection)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return connection;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while connecting to " + uri, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot connect to Chromium's DevTools at " + uri + ": " + e, e);
        }
    }

    /** Whether commands can still be sent. */
    boolean isOpen() {
        return closedBecause == null;
    }

    /**
     * Sends {@code method} with {@code params} and blocks for its result (the response's {@code result} object).
     *
     * @throws IllegalStateException when Chromium answers with an error, does not answer within {@code timeout},
     *     the connection is closed, or the thread is interrupted (its flag is set again)
     */
    JsonNode call(String method, ObjectNode params, Duration timeout) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> response = new CompletableFuture<>();
        pending.put(id, response);
        try {
            send(id, method, params, timeout);
            JsonNode message = response.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            JsonNode error = message.path("error");
            if (!error.isMissingNode()) {
                throw new IllegalStateException("Chromium refused " + method + ": " + error.path("message").asText()
                        + " (" + error.path("code").asText() + ")");
            }
            return message.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Chromium to answer " + method, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Chromium did not answer " + method + " within " + describe(timeout), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(method + " failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pending.remove(id);
        }
    }

    private synchronized void send(long id, String method, ObjectNode params, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        String reason = closedBecause;
        if (reason != null) {
            throw new IllegalStateException("Cannot send " + method + ": the DevTools connection " + reason);
        }
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params == null ? JSON.createObjectNode() : params);
        socket.sendText(message.toString(), true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops a listener; idempotent. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Calls {@code listener} with the {@code params} of every {@code method} event until the returned handle is
     * closed.
     */
    Registration on(String method, Consumer<JsonNode> listener) {
        List<Consumer<JsonNode>> list = listeners.computeIfAbsent(method, m -> new CopyOnWriteArrayList<>());
        list.add(listener);
        return () -> list.remove(listener);
    }

    /**
     * The params of the next {@code method} event after this call; cancel the future to stop listening. It fails
     * when the connection closes first.
     */
    CompletableFuture<JsonNode> next(String method) {
        CompletableFuture<JsonNode> event = new CompletableFuture<>();
        Registration registration = on(method, event::complete);
        waiters.add(event);
        event.whenComplete((params, failure) -> {
            waiters.remove(event);
            registration.close();
        });
        String reason = closedBecause;  // a close racing with this call is seen here or by failAll
        if (reason != null) {
            event.completeExceptionally(new IllegalStateException("the DevTools connection " + reason));
        }
        return event;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        fragments.append(data);
        if (last) {
            String message = fragments.toString();
            fragments.setLength(0);
            dispatch(message);
        }
        webSocket.request(1);
        return null;
    }

    private void dispatch(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            LOG.warn("Chromium sent a DevTools message that is not JSON: {}", e.getOriginalMessage());
            return;
        }
        if (message.has("id")) {
            CompletableFuture<JsonNode> response = pending.remove(message.get("id").asLong());
            if (response != null) {
                response.complete(message);
            }
            return;
        }
        List<Consumer<JsonNode>> list = listeners.get(message.path("method").asText());
        if (list != null) {
            for (Consumer<JsonNode> listener : list) {
                try {
                    listener.accept(message.path("params"));
                } catch (RuntimeException e) {
                    LOG.warn("A listener of {} threw; the event is dropped for it", message.get("method"), e);
                }
            }
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        failAll("was closed by Chromium (" + statusCode + (reason.isEmpty() ? "" : ", " + reason) + ")");
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        failAll("failed: " + error);
    }

    private void failAll(String reason) {
        if (closedBecause == null) {
            closedBecause = reason;
        }
        IllegalStateException failure = new IllegalStateException("the DevTools connection " + closedBecause);
        pending.values().forEach(future -> future.completeExceptionally(failure));
        pending.clear();
        waiters.forEach(future -> future.completeExceptionally(failure));
    }

    /** Drops the connection at once and fails what is pending. Idempotent. */
    @Override
    public void close() {
        failAll("is closed");
        WebSocket current = socket;
        if (current != null) {
            current.abort();
        }
    }

    /** {@code 30 s} or {@code 250 ms}, for messages. */
    static String describe(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
