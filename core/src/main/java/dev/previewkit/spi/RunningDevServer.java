package dev.previewkit.spi;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * A dev server a backend started ({@link BuildBackend#startDevServer}), answering on a loopback port. Thread-safe.
 */
public interface RunningDevServer extends AutoCloseable {
    /** Where it answers, such as {@code http://127.0.0.1:41873/}. */
    URI uri();

    /** Whether it still runs. */
    boolean isAlive();

    /** Completes when it has ended, whether closed or by itself (a crash). */
    CompletableFuture<Void> ended();

    /** Stops it and every process it started, and waits until they are gone. Idempotent. */
    @Override
    void close();
}
