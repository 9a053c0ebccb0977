package dev.previewkit;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How one build ended. Immutable.
 *
 * <p>A failed, timed-out or cancelled build is a result like any other: check {@link #status()} (or
 * {@link #succeeded()}), show {@link #message()} to people and feed {@link #log()} to whoever repairs the
 * project.
 *
 * @param buildId        the build's identifier
 * @param status         how it ended
 * @param artifact       the published output, present exactly when {@code status} is {@link BuildStatus#SUCCEEDED}
 * @param message        one line saying what happened, for example {@code vite build exited with code 1}
 * @param log            the tail of the build's output, bounded in size, with secrets redacted
 * @param phaseDurations how long each phase that ran took, in phase order
 * @param packageManager the package manager the project was installed with, once known
 * @param cacheDecisions what the build reused from each cache, and why not where it did not
 * @param projectChanges what the project doctor added before building (template files, undeclared packages)
 * @param diagnostics    first the warnings of how the build went (severity {@code WARNING}, such as a lockfile
 *                       that did not match {@code package.json} and was resolved again, or a package manager
 *                       that was replaced by npm), also on success; then, when the build failed, the errors
 *                       parsed from the output of the phase that failed: file, line, column, code, message and
 *                       code frame
 * @param diagnosticSummary a deduplicated plain-text rendering of the diagnostics, at most 4 KB, ready to paste
 *                       into an AI repair prompt; empty when there are none
 * @param retryable      whether the same build may succeed when tried again later unchanged: true only for an
 *                       {@link BuildStatus#INFRASTRUCTURE_FAILURE} the backend marked as passing (a registry
 *                       that did not answer, a remote 503)
 */
public record BuildResult(
        String buildId,
        BuildStatus status,
        Optional<Artifact> artifact,
        String message,
        String log,
        Map<BuildPhase, Duration> phaseDurations,
        Optional<PackageManager> packageManager,
        List<CacheDecision> cacheDecisions,
        List<ProjectChange> projectChanges,
        List<Diagnostic> diagnostics,
        String diagnosticSummary,
        boolean retryable) {

    public BuildResult {
        Objects.requireNonNull(buildId, "buildId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(packageManager, "packageManager");
        if (artifact.isPresent() != (status == BuildStatus.SUCCEEDED)) {
            throw new IllegalArgumentException("an artifact is present exactly when the build succeeded: " + status);
        }
        EnumMap<BuildPhase, Duration> ordered = new EnumMap<>(BuildPhase.class);
        ordered.putAll(phaseDurations);
        phaseDurations = Collections.unmodifiableMap(ordered);
        cacheDecisions = List.copyOf(cacheDecisions);
        projectChanges = List.copyOf(projectChanges);
        diagnostics = List.copyOf(diagnostics);
        Objects.requireNonNull(diagnosticSummary, "diagnosticSummary");
        if (retryable && status != BuildStatus.INFRASTRUCTURE_FAILURE) {
            throw new IllegalArgumentException("only an infrastructure failure is retryable: " + status);
        }
    }

    /** The decision of one cache, if the build consulted it. */
    public Optional<CacheDecision> cacheDecision(CacheDecision.Kind kind) {
        return cacheDecisions.stream().filter(decision -> decision.kind() == kind).findFirst();
    }

    /** Whether the build produced an artifact. */
    public boolean succeeded() {
        return status == BuildStatus.SUCCEEDED;
    }

    /** The whole time of the phases that ran. */
    public Duration totalDuration() {
        return phaseDurations.values().stream().reduce(Duration.ZERO, Duration::plus);
    }
}
