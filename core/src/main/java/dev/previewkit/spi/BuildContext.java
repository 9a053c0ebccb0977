package dev.previewkit.spi;

import dev.previewkit.BuildPhase;
import dev.previewkit.OutputLine;
import dev.previewkit.PhaseTimeout;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the core gives a backend for one phase of one build: where output goes, the phase's timers, and
 * whether the phase was stopped.
 *
 * <p><b>Timers live here, not in the backend.</b> The phase's {@linkplain #timeout() deadline} and idle
 * timer start when the phase starts. {@link #output} and {@link #heartbeat()} reset the idle timer. When the
 * build is cancelled, the idle timeout passes or the deadline passes, the context is <em>stopped</em>:
 * {@link #stopReason()} says why, and every action registered with {@link #onStop} runs once. So a backend
 * with no local process (a remote sandbox, a container engine reached over HTTP) gets the same timeouts and
 * cancellation as one that runs child processes: it reports output or heartbeats while it waits, registers an
 * action that aborts the remote work, and calls {@link #checkRunning()} (or throws
 * {@link StopReason#exception()}) when it notices the stop. Local processes are best run with a
 * {@link ProcessLauncher}, which does all of that.
 *
 * <p>Implementations are thread-safe; every method is cheap and never blocks.
 */
public interface BuildContext {
    /** The build's identifier, for logs and labels. */
    String buildId();

    /** The phase this context belongs to. */
    BuildPhase phase();

    /** The phase's idle timeout and deadline, both counted from the start of the phase. */
    PhaseTimeout timeout();

    /** Reports one line of output (without its terminator) and resets the idle timer. */
    void output(OutputLine.Stream stream, String line);

    /**
     * Resets the idle timer without printing anything: a sign of life for work that makes progress silently,
     * such as binary output being read or a remote job whose status was polled and found running.
     */
    void heartbeat();

    /** Why the phase was stopped; empty while it may go on. Once present it never changes. */
    Optional<StopReason> stopReason();

    /** Whether the phase was stopped (cancelled or timed out). */
    default boolean isStopped() {
        return stopReason().isPresent();
    }

    /**
     * Returns normally while the phase may go on.
     *
     * @throws StepFailedException with status {@code CANCELLED} or {@code TIMED_OUT} and the stop reason's
     *     message once the phase was stopped
     */
    default void checkRunning() {
        Optional<StopReason> reason = stopReason();
        if (reason.isPresent()) {
            throw reason.get().exception();
        }
    }

    /**
     * Runs {@code action} once when the phase is stopped for any reason (at once, on the calling thread, if it
     * already is), unless the returned registration was closed before. An action that throws is logged and
     * does not keep the others from running.
     *
     * <p>Actions must be quick and must not block: they run on the thread that stops the phase, which is a
     * timer thread shared by all builds or the thread that cancels the build. Wake the waiting thread, abort a
     * request or destroy a process; do slow clean-up (removing a container) on the thread that waits, as
     * {@link Launch.Builder#onStop} does.
     */
    Registration onStop(Runnable action);

    /** A folder for this build's temporary files, deleted by the core when the build ends. */
    Path scratchDirectory();

    /** Removes a stop action; closing twice does nothing. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
