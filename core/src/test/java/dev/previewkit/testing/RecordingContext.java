package dev.previewkit.testing;

import dev.previewkit.BuildPhase;
import dev.previewkit.OutputLine;
import dev.previewkit.PhaseTimeout;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.StopReason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** A {@link BuildContext} for store and backend tests: never stopped (no timers run), records every output line. */
public final class RecordingContext implements BuildContext {
    private final List<OutputLine> lines = Collections.synchronizedList(new ArrayList<>());
    private final BuildPhase phase;
    private final Path scratch;

    public RecordingContext(BuildPhase phase, Path scratch) {
        this.phase = phase;
        this.scratch = scratch;
    }

    /** Every line reported so far. */
    public List<OutputLine> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The text of every line reported so far. */
    public List<String> texts() {
        synchronized (lines) {
            return lines.stream().map(OutputLine::text).toList();
        }
    }

    @Override
    public String buildId() {
        return "test-build";
    }

    @Override
    public BuildPhase phase() {
        return phase;
    }

    @Override
    public PhaseTimeout timeout() {
        return PhaseTimeout.of(Duration.ofSeconds(30), Duration.ofMinutes(1));
    }

    @Override
    public void output(OutputLine.Stream stream, String line) {
        lines.add(new OutputLine(phase, stream, line));
    }

    @Override
    public void heartbeat() {
        // No timers run: this context is never stopped.
    }

    @Override
    public Optional<StopReason> stopReason() {
        return Optional.empty();
    }

    @Override
    public Registration onStop(Runnable action) {
        return () -> { };
    }

    @Override
    public Path scratchDirectory() {
        return scratch;
    }
}
