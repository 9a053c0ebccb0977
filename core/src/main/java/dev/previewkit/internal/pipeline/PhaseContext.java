package dev.previewkit.internal.pipeline;

import dev.previewkit.BuildPhase;
import dev.previewkit.OutputLine;
import dev.previewkit.PhaseTimeout;
import dev.previewkit.spi.BuildContext;
import java.nio.file.Path;

/** The {@link BuildContext} of one phase of a {@link BuildRun}. */
record PhaseContext(BuildRun run, BuildPhase phase, PhaseTimeout timeout) implements BuildContext {

    @Override
    public String buildId() {
        return run.buildId();
    }

    @Override
    public void output(OutputLine.Stream stream, String line) {
        run.output(new OutputLine(phase, stream, line));
    }

    @Override
    public boolean isCancelled() {
        return run.token().isCancelled();
    }

    @Override
    public Registration onCancel(Runnable action) {
        return run.token().register(action);
    }

    @Override
    public Path scratchDirectory() {
        return run.scratch().resolve("tmp");
    }
}
