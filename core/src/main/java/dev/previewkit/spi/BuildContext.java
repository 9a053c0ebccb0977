package dev.previewkit.spi;

import dev.previewkit.BuildPhase;
import dev.previewkit.OutputLine;
import dev.previewkit.PhaseTimeout;
import java.nio.file.Path;

/**
 * What the core gives a backend for one phase of one build: where output goes, the phase's limits, and
 * whether the build was cancelled. Thread-safe.
 */
public interface BuildContext {
    /** The build's identifier, for logs and labels. */
    String buildId();

    /** The phase this context belongs to. */
    BuildPhase phase();

    /** The phase's idle timeout and deadline. */
    PhaseTimeout timeout();

    /** Reports one line of process output; cheap and thread-safe. */
    void output(OutputLine.Stream stream, String line);

    /** Whether the build was cancelled. */
    boolean isCancelled();

    /**
     * Runs {@code action} once when the build is cancelled (at once if it already is) until the returned
     * registration is closed.
     */
    Registration onCancel(Runnable action);

    /** A folder for this build's temporary files, deleted by the core when the build ends. */
    Path scratchDirectory();

    /** Removes a cancel action. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
