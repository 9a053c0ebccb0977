package dev.previewkit.internal.pipeline;

import dev.previewkit.Artifact;
import dev.previewkit.BuildPhase;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.CacheDecision;
import dev.previewkit.OutputLine;
import dev.previewkit.PackageManager;
import dev.previewkit.internal.log.BoundedLog;
import dev.previewkit.internal.log.Redactor;
import dev.previewkit.spi.StepFailedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The state of one build while it runs: its id, cancel flag, log tail, phase timings and listeners. */
final class BuildRun {
    private static final Logger LOG = LoggerFactory.getLogger(BuildRun.class);

    private final String buildId;
    private final Path scratch;
    private final CancellationToken token = new CancellationToken();
    private final BoundedLog log;
    private final ListenerDispatcher listeners;
    private final Map<BuildPhase, Duration> durations = new EnumMap<>(BuildPhase.class);
    private final List<CacheDecision> decisions = new CopyOnWriteArrayList<>();
    private volatile PackageManager packageManager;

    BuildRun(String buildId, Path scratch, int maxLogChars, ListenerDispatcher listeners) {
        this.buildId = buildId;
        this.scratch = scratch;
        this.log = new BoundedLog(maxLogChars);
        this.listeners = listeners;
    }

    String buildId() {
        return buildId;
    }

    /** This build's private folder; it holds the workspace and is deleted when the build ends. */
    Path scratch() {
        return scratch;
    }

    CancellationToken token() {
        return token;
    }

    void packageManager(PackageManager manager) {
        this.packageManager = manager;
    }

    /** Records what a cache lookup decided and tells the listeners. */
    void decide(CacheDecision decision) {
        decisions.add(decision);
        LOG.info("Build {}: {}", buildId, decision);
        listeners.cacheDecided(buildId, decision);
    }

    /** Records a process line: redacted, kept in the log tail, logged at DEBUG and sent to listeners. */
    void output(OutputLine line) {
        OutputLine clean = new OutputLine(line.phase(), line.stream(), Redactor.redact(line.text()));
        log.append(clean.text());
        LOG.debug("[{} {}] {}", clean.phase(), clean.stream(), clean.text());
        listeners.outputLine(buildId, clean);
    }

    /** Adds a line of Previewkit's own to the log, such as why the build stopped. */
    void note(String text) {
        log.append("[previewkit] " + text);
    }

    /**
     * Runs one phase with its events and timing. A cancelled build does not start a new phase.
     *
     * @throws StepFailedException with status CANCELLED when the build was cancelled before the phase
     */
    <T> T phase(BuildPhase phase, Supplier<T> body) {
        if (token.isCancelled()) {
            throw new StepFailedException(BuildStatus.CANCELLED, "The build was cancelled");
        }
        listeners.phaseStarted(buildId, phase);
        long started = System.nanoTime();
        boolean succeeded = false;
        try {
            T value = body.get();
            succeeded = true;
            return value;
        } finally {
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            synchronized (durations) {
                durations.put(phase, took);
            }
            LOG.info("Build {}: {} {} in {} ms", buildId, phase, succeeded ? "done" : "stopped", took.toMillis());
            listeners.phaseFinished(buildId, phase, took, succeeded);
        }
    }

    /** The result of this build, delivered to listeners before it is returned. */
    BuildResult finish(BuildStatus status, Optional<Artifact> artifact, String message) {
        BuildResult result;
        synchronized (durations) {
            result = new BuildResult(buildId, status, artifact, message, log.text(), durations,
                    Optional.ofNullable(packageManager), decisions);
        }
        LOG.info("Build {} {}: {}", buildId, status, message);
        listeners.buildFinished(result);
        return result;
    }
}
