package dev.previewkit.spi;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A long-lived process started by {@link ProcessLauncher#start}, such as a warm build worker or a dev server,
 * with every process it starts. Unlike {@link ProcessLauncher#launch}, nothing waits for it: the caller talks to it
 * through {@link #send} and the output sink it gave, and ends it with {@link #stop} or {@link #close}.
 *
 * <p>It never outlives its owner: when its root process exits, the processes it left are killed; when the JVM
 * exits normally (or on SIGTERM), a shutdown hook kills every process still running. A JVM killed with SIGKILL
 * runs no hook: a command that must not outlive it watches its standard input, which closes then.
 *
 * <p>Thread-safe.
 */
public interface RunningProcess extends AutoCloseable {
    /** The root process's id. */
    long pid();

    /**
     * Writes {@code line} and a newline to the process's standard input, as UTF-8, and flushes.
     *
     * @throws IOException when the process closed its standard input or has ended
     */
    void send(String line) throws IOException;

    /** Whether the root process still runs. */
    boolean isAlive();

    /**
     * Completes with the root process's exit code once it has ended and the processes it left are gone (also when
     * it was killed by {@link #close}).
     */
    CompletableFuture<Integer> exit();

    /**
     * Closes standard input, lets the process end by itself for up to {@code grace}, then kills what is left as
     * {@link #close} does. Blocks until everything is gone.
     */
    void stop(Duration grace);

    /** Kills the process and every descendant with SIGKILL and waits until they are gone. Idempotent. */
    @Override
    void close();
}
