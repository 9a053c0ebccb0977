package dev.previewkit.internal.pipeline;

import dev.previewkit.Artifact;
import dev.previewkit.BuildPhase;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.CacheDecision;
import dev.previewkit.Diagnostic;
import dev.previewkit.OutputLine;
import dev.previewkit.PackageManager;
import dev.previewkit.ProjectChange;
import dev.previewkit.internal.diagnostics.DiagnosticParser;
import dev.previewkit.internal.diagnostics.DiagnosticSummary;
import dev.previewkit.internal.log.BoundedLog;
import dev.previewkit.PhaseTimeout;
import dev.previewkit.internal.log.Redactor;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.StepFailedException;
import dev.previewkit.spi.StopReason;
import dev.previewkit.spi.TimedContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The state of one build while it runs: its id, cancel flag, log tail, phase timings and listeners. */
final class BuildRun {
    private static final Logger LOG = LoggerFactory.getLogger(BuildRun.class);
    /** How many of each phase's last output lines are kept for parsing diagnostics. */
    private static final int LINES_PARSED_PER_PHASE = 2000;

    private final String buildId;
    private final Path scratch;
    private final CancellationToken token = new CancellationToken();
    private final BoundedLog log;
    private final ListenerDispatcher listeners;
    private final Map<BuildPhase, Duration> durations = new EnumMap<>(BuildPhase.class);
    private final List<CacheDecision> decisions = new CopyOnWriteArrayList<>();
    private final Map<BuildPhase, Deque<String>> phaseLines = new EnumMap<>(BuildPhase.class);
    private volatile List<ProjectChange> projectChanges = List.of();
    private final List<Diagnostic> warnings = new CopyOnWriteArrayList<>();
    private volatile PackageManager packageManager;
    private volatile BuildPhase failedPhase;
    private volatile Optional<String> toolWorkspace = Optional.empty();
    private volatile Path workspace;

    BuildRun(String buildId, Path scratch, int maxLogChars, ListenerDispatcher listeners) {
        this.buildId = buildId;
        this.scratch = scratch;
        this.log = new BoundedLog(maxLogChars);
        this.listeners = listeners;
        this.workspace = scratch.resolve("workspace");
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

    /** Where the backend's tools see the project, when not in the host workspace; mapped back in diagnostics. */
    void toolWorkspace(Optional<String> path) {
        this.toolWorkspace = path;
    }

    /** The host folder the project was written to, when not this build's own: a session's lasting workspace. */
    void workspace(Path folder) {
        this.workspace = folder;
    }

    /**
     * Forgets the output lines of a phase kept for diagnostics, when the phase starts over (a build retried with
     * another toolchain): only the last attempt's errors are the project's. The log keeps every line.
     */
    void restartDiagnostics(BuildPhase phase) {
        synchronized (phaseLines) {
            phaseLines.remove(phase);
        }
    }

    /** What the project doctor changed before this build. */
    void projectChanges(List<ProjectChange> changes) {
        this.projectChanges = List.copyOf(changes);
    }

    /**
     * Adds warnings to report whatever the outcome, such as what the doctor noticed or how the dependencies had
     * to be installed.
     */
    void warnings(List<Diagnostic> found) {
        found.forEach(warning -> LOG.info("Build {}: warning: {}", buildId, warning));
        warnings.addAll(found);
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
        synchronized (phaseLines) {
            Deque<String> lines = phaseLines.computeIfAbsent(clean.phase(), phase -> new ArrayDeque<>());
            lines.addLast(clean.text());
            if (lines.size() > LINES_PARSED_PER_PHASE) {
                lines.removeFirst();
            }
        }
        LOG.debug("[{} {}] {}", clean.phase(), clean.stream(), clean.text());
        listeners.outputLine(buildId, clean);
    }

    private List<String> linesOf(BuildPhase phase) {
        synchronized (phaseLines) {
            return List.copyOf(phaseLines.getOrDefault(phase, new ArrayDeque<>()));
        }
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
            if (!succeeded) {
                failedPhase = phase;
            }
            synchronized (durations) {
                durations.put(phase, took);
            }
            LOG.info("Build {}: {} {} in {} ms", buildId, phase, succeeded ? "done" : "stopped", took.toMillis());
            listeners.phaseFinished(buildId, phase, took, succeeded);
        }
    }

    /**
     * Runs one phase that gets a {@link BuildContext}: its deadline and idle timer start now and stop when the
     * phase ends, and cancelling the build stops it. When the body fails after the context was stopped, the
     * build ends with the stop reason (a deadline passed while waiting for a lock is a timeout, whatever the
     * waiting code threw).
     *
     * @throws StepFailedException when the phase does not succeed
     */
    <T> T phase(BuildPhase phase, PhaseTimeout timeout, Function<BuildContext, T> body) {
        return phase(phase, () -> {
            try (TimedContext context = TimedContext.builder(buildId, timeout)
                    .phase(phase)
                    .scratchDirectory(scratch.resolve("tmp"))
                    .output((stream, text) -> output(new OutputLine(phase, stream, text)))
                    .start();
                    BuildContext.Registration ignored = token.register(
                            () -> context.cancel("The build was cancelled"))) {
                try {
                    return body.apply(context);
                } catch (StepFailedException e) {
                    Optional<StopReason> reason = context.stopReason();
                    if (reason.isPresent() && reason.get().status() != e.status()) {
                        throw reason.get().exception();
                    }
                    throw e;
                }
            }
        });
    }

    /**
     * The result of this build, delivered to listeners before it is returned. It carries the warnings recorded
     * along the way and, when the build failed, the diagnostics parsed from the output of the phase that failed.
     */
    BuildResult finish(BuildStatus status, Optional<Artifact> artifact, String message) {
        return finish(status, artifact, message, false);
    }

    /** {@link #finish(BuildStatus, Optional, String)} for a step that may succeed when tried again later. */
    BuildResult finish(BuildStatus status, Optional<Artifact> artifact, String message, boolean retryable) {
        List<Diagnostic> diagnostics = new ArrayList<>(warnings);
        if ((status == BuildStatus.FAILED || status == BuildStatus.INFRASTRUCTURE_FAILURE) && failedPhase != null) {
            diagnostics.addAll(DiagnosticParser.parse(failedPhase, linesOf(failedPhase), workspace, toolWorkspace));
        }
        BuildResult result;
        synchronized (durations) {
            result = new BuildResult(buildId, status, artifact, message, log.text(), durations,
                    Optional.ofNullable(packageManager), decisions, projectChanges, diagnostics,
                    DiagnosticSummary.render(diagnostics), retryable);
        }
        LOG.info("Build {} {}: {}", buildId, status, message);
        listeners.buildFinished(result);
        return result;
    }
}
