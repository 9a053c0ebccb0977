package dev.previewkit.backend.localnpm;

import dev.previewkit.BuildPhase;
import dev.previewkit.OutputLine;
import dev.previewkit.PhaseTimeout;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.StopReason;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A {@link BuildContext} that passes everything on and also keeps the last lines of output, so that the
 * backend can read what a command said (why a frozen install refused, say). Thread-safe.
 */
final class CapturingContext implements BuildContext {
    private static final int KEPT_LINES = 400;

    private final BuildContext delegate;
    private final Deque<String> lines = new ArrayDeque<>();

    CapturingContext(BuildContext delegate) {
        this.delegate = delegate;
    }

    /** The lines printed so far (the last {@value #KEPT_LINES}), oldest first. */
    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void output(OutputLine.Stream stream, String line) {
        synchronized (this) {
            lines.addLast(line);
            if (lines.size() > KEPT_LINES) {
                lines.removeFirst();
            }
        }
        delegate.output(stream, line);
    }

    @Override
    public String buildId() {
        return delegate.buildId();
    }

    @Override
    public BuildPhase phase() {
        return delegate.phase();
    }

    @Override
    public PhaseTimeout timeout() {
        return delegate.timeout();
    }

    @Override
    public void heartbeat() {
        delegate.heartbeat();
    }

    @Override
    public Optional<StopReason> stopReason() {
        return delegate.stopReason();
    }

    @Override
    public Registration onStop(Runnable action) {
        return delegate.onStop(action);
    }

    @Override
    public Path scratchDirectory() {
        return delegate.scratchDirectory();
    }
}
