package dev.previewkit.spi;

import dev.previewkit.BuildStatus;
import dev.previewkit.OutputLine;
import dev.previewkit.PreviewException;
import java.util.function.BiConsumer;

/**
 * Runs a {@link Launch} under a {@link BuildContext}: the one way Previewkit starts processes. Backends take a
 * launcher by injection (default {@link #local()}), so a test or a host can wrap it (to log, to count, to run
 * commands somewhere else) without touching the backend.
 *
 * <p>Implementations are thread-safe; {@link #launch} blocks the calling thread until the command ends.
 */
public interface ProcessLauncher {
    /**
     * Runs the command to its end and returns its exit code.
     *
     * <p>Standard error, and standard output unless the launch reads it as bytes, go to
     * {@link BuildContext#output} line by line; a line longer than 8,192 characters is cut there (marked
     * {@code [line truncated]}) and never held whole. Everything the process prints, binary output included,
     * resets the context's idle timer.
     *
     * <p>When this method returns or throws, no process the command started is left running: descendants that
     * outlive it (a daemon a build plugin spawned, double-forked or not) are killed too. When the context is
     * stopped while the command runs, the whole process tree is killed, then {@link Launch#onStop()} runs, then
     * the stop reason is thrown. {@code onStop} does not run when the command exits by itself, whatever its
     * exit code.
     *
     * @return the command's exit code
     * @throws StepFailedException {@link BuildStatus#CANCELLED} or {@link BuildStatus#TIMED_OUT} with the
     *     context's {@link StopReason} when it is stopped before or while the command runs ({@code CANCELLED}
     *     also when the calling thread is interrupted); {@link BuildStatus#FAILED} when the command cannot be
     *     started
     * @throws PreviewException when standard input cannot be read from its source, standard output's reader
     *     throws, or {@link BuildContext#output} throws; the process tree is killed and {@code onStop} runs
     */
    int launch(Launch launch, BuildContext context);

    /**
     * Starts a long-lived command and returns at once: a warm build worker, a dev server. Every line it prints on
     * standard output or standard error goes to {@code output} (cut at 8,192 characters like {@link #launch}'s), on a
     * thread of the launcher; the caller writes to its standard input with {@link RunningProcess#send}. The launch
     * must not set {@link Launch#stdin()}, {@link Launch#stdout()} or {@link Launch#onStop()}.
     *
     * <p>The default refuses: a launcher that cannot keep processes running (one that runs every command
     * somewhere else and waits for it) leaves callers to fall back to one process per step.
     *
     * @throws UnsupportedOperationException when this launcher cannot start long-lived processes
     * @throws IllegalArgumentException      when the launch sets stdin, stdout or onStop
     * @throws StepFailedException           (FAILED) when the command cannot be started
     */
    default RunningProcess start(Launch launch, BiConsumer<OutputLine.Stream, String> output) {
        throw new UnsupportedOperationException(this + " cannot start long-lived processes");
    }

    /** Runs commands as child processes of this JVM, without a shell. */
    static ProcessLauncher local() {
        return LocalProcessLauncher.INSTANCE;
    }
}
