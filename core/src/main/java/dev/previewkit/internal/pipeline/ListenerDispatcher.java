package dev.previewkit.internal.pipeline;

import dev.previewkit.BuildListener;
import dev.previewkit.BuildPhase;
import dev.previewkit.BuildResult;
import dev.previewkit.CacheDecision;
import dev.previewkit.OutputLine;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans events out to the configured listeners; a listener that throws is logged and otherwise ignored. */
final class ListenerDispatcher implements BuildListener {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerDispatcher.class);

    private final List<BuildListener> listeners;

    ListenerDispatcher(List<BuildListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void phaseStarted(String buildId, BuildPhase phase) {
        each(listener -> listener.phaseStarted(buildId, phase));
    }

    @Override
    public void phaseFinished(String buildId, BuildPhase phase, Duration took, boolean succeeded) {
        each(listener -> listener.phaseFinished(buildId, phase, took, succeeded));
    }

    @Override
    public void cacheDecided(String buildId, CacheDecision decision) {
        each(listener -> listener.cacheDecided(buildId, decision));
    }

    @Override
    public void outputLine(String buildId, OutputLine line) {
        each(listener -> listener.outputLine(buildId, line));
    }

    @Override
    public void buildFinished(BuildResult result) {
        each(listener -> listener.buildFinished(result));
    }

    private void each(Consumer<BuildListener> call) {
        for (BuildListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("Build listener {} threw; the build goes on", listener.getClass().getName(), e);
            }
        }
    }
}
