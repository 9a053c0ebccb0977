package dev.previewkit.tck;

import dev.previewkit.BuildListener;
import dev.previewkit.BuildPhase;
import dev.previewkit.BuildResult;
import java.util.concurrent.atomic.AtomicInteger;

/** A listener that records the most builds that ran at the same time (stored artifacts run nothing). */
public final class ConcurrencyProbe implements BuildListener {
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();

    @Override
    public void phaseStarted(String buildId, BuildPhase phase) {
        if (phase == BuildPhase.WORKSPACE) {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
        }
    }

    @Override
    public void buildFinished(BuildResult result) {
        if (result.phaseDurations().containsKey(BuildPhase.WORKSPACE)) {
            running.decrementAndGet();
        }
    }

    /** The most builds seen running at once. */
    public int mostRunning() {
        return most.get();
    }
}
