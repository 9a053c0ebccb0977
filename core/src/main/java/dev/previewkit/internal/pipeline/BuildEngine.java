package dev.previewkit.internal.pipeline;

import dev.previewkit.Artifact;
import dev.previewkit.BuildHandle;
import dev.previewkit.BuildListener;
import dev.previewkit.BuildProfile;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.CacheDecision;
import dev.previewkit.PreviewException;
import dev.previewkit.ProjectFiles;
import dev.previewkit.internal.workspace.SessionFolder;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Runs builds on a bounded pool: at most {@code maxConcurrentBuilds} at once, the rest queued in order.
 *
 * <p>Builds of one owner (a session) never run at once, and owners are served in turn (see
 * {@link FairScheduler}). Before queueing, a request whose artifact is stored completes at once without building, and a request
 * identical to a running build shares that build (it is cancelled only when every sharer cancels). Keeps
 * track of unfinished builds so that {@link #close()} can cancel them.
 */
public final class BuildEngine implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BuildPipeline pipeline;
    private final Path buildsDirectory;
    private final int maxLogChars;
    private final List<BuildListener> listeners;
    private final FairScheduler scheduler;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Set<Running> unfinished = ConcurrentHashMap.newKeySet();

    public BuildEngine(BuildPipeline pipeline, Path buildsDirectory, int maxConcurrentBuilds, int maxLogChars,
            List<BuildListener> listeners) {
        this.pipeline = pipeline;
        this.buildsDirectory = buildsDirectory;
        this.maxLogChars = maxLogChars;
        this.listeners = List.copyOf(listeners);
        this.scheduler = new FairScheduler(maxConcurrentBuilds);
    }

    /**
     * Who asks for a build: the owner (a session id; builds of one owner never run at once), listeners of this
     * build only, the files of the owner's previous version (for a backend that sends differences) and the
     * session's folder (for a backend that keeps sessions warm in a lasting workspace).
     */
    public record Submission(Optional<String> owner, List<BuildListener> listeners, Optional<ProjectFiles> previous,
            Optional<SessionFolder> folder) {
        public Submission {
            listeners = List.copyOf(listeners);
        }

        /** A build of no session. */
        public static Submission alone() {
            return new Submission(Optional.empty(), List.of(), Optional.empty(), Optional.empty());
        }
    }

    /**
     * Runs the project doctor and computes the keys of a build under {@code basePath} with {@code profile}, on
     * the calling thread.
     *
     * @throws dev.previewkit.InvalidProjectException when package.json is malformed or declares an unsafe
     *     dependency
     */
    public BuildPipeline.Job plan(ProjectFiles files, String basePath, BuildProfile profile) {
        return pipeline.plan(files, basePath, profile);
    }

    /**
     * Returns a stored artifact, joins an identical running build, or queues a new one.
     *
     * @throws IllegalStateException when the engine is closed
     */
    public BuildHandle start(BuildPipeline.Job job, Submission submission) {
        if (scheduler.isShutdown()) {
            throw new IllegalStateException("This PreviewBuilder is closed");
        }
        Optional<Artifact> stored = pipeline.storedArtifact(job);
        if (stored.isPresent()) {
            return completed(job, stored.get(), submission);
        }
        while (true) {
            Running build = running.get(job.outputKey());
            if (build == null) {
                Running fresh = new Running(newRun(submission));
                fresh.run.projectChanges(job.changes());
                fresh.run.warnings(job.warnings());
                if (running.putIfAbsent(job.outputKey(), fresh) == null) {
                    return submit(fresh, job, submission);
                }
            } else if (build.share()) {
                return new Sharer(newBuildId(), build);
            } else {
                running.remove(job.outputKey(), build);  // finished, or cancelled by all its handles
            }
        }
    }

    private BuildRun newRun(Submission submission) {
        String id = newBuildId();
        List<BuildListener> all = new ArrayList<>(listeners);
        all.addAll(submission.listeners());
        return new BuildRun(id, buildsDirectory.resolve(id), maxLogChars, new ListenerDispatcher(all));
    }

    private BuildHandle completed(BuildPipeline.Job job, Artifact artifact, Submission submission) {
        BuildRun run = newRun(submission);
        run.projectChanges(job.changes());
        run.warnings(job.warnings());
        run.decide(new CacheDecision(CacheDecision.Kind.ARTIFACT, CacheDecision.Outcome.REUSED, job.outputKey(),
                "an identical build was published before"));
        BuildResult result = run.finish(BuildStatus.SUCCEEDED, Optional.of(artifact),
                "Reused the artifact of an identical earlier build");
        return new Finished(result);
    }

    private BuildHandle submit(Running build, BuildPipeline.Job job, Submission submission) {
        String owner = submission.owner().orElse(build.id());
        build.run.decide(pipeline.artifactMiss(job));
        unfinished.add(build);
        build.future.whenComplete((result, error) -> {
            unfinished.remove(build);
            running.remove(job.outputKey(), build);
        });
        FairScheduler.Task task = new FairScheduler.Task(owner, () -> {
            if (build.started.compareAndSet(false, true)) {
                build.complete(() -> pipeline.run(build.run, job, submission));
            }
        });
        build.run.token().register(() -> {
            if (build.started.compareAndSet(false, true)) {  // still queued: end it now, not when a slot frees
                scheduler.withdraw(task);
                build.future.complete(build.run.finish(BuildStatus.CANCELLED, Optional.empty(),
                        "The build was cancelled before it started"));
            }
        });
        try {
            scheduler.submit(task);
        } catch (IllegalStateException e) {
            build.run.token().cancel();
            throw e;
        }
        return build;
    }

    /** Cancels unfinished builds and waits up to {@code timeoutSeconds} for them to stop. */
    public void close(long timeoutSeconds) {
        scheduler.shutdown();
        unfinished.forEach(build -> build.run.token().cancel());
        try {
            scheduler.awaitTermination(timeoutSeconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(30);
    }

    private static String newBuildId() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return "b" + Long.toString(System.currentTimeMillis(), 36) + "-" + HexFormat.of().formatHex(bytes);
    }

    /**
     * The result of a handle cancelled while the build it shares goes on for other handles: that handle's own
     * result is CANCELLED, as {@link BuildHandle#cancel()} promises, whatever becomes of the build.
     */
    private static BuildResult cancelledShare(String id) {
        return new BuildResult(id, BuildStatus.CANCELLED, Optional.empty(),
                "The build was cancelled (an identical build goes on for other callers)", "", Map.of(),
                Optional.empty(), List.of(), List.of(), List.of(), "", false);
    }

    /** A queued or running build, with the number of handles that still want its result. */
    private static final class Running implements BuildHandle {
        private final BuildRun run;
        private final CompletableFuture<BuildResult> future = new CompletableFuture<>();
        /** What this handle reports: the build's result, unless this handle was cancelled while others share it. */
        private final CompletableFuture<BuildResult> own = new CompletableFuture<>();
        private final AtomicInteger interest = new AtomicInteger(1);
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final AtomicBoolean started = new AtomicBoolean();

        Running(BuildRun run) {
            this.run = run;
            future.whenComplete((result, error) -> {
                if (error != null) {
                    own.completeExceptionally(error);
                } else {
                    own.complete(result);
                }
            });
        }

        /** Registers one more handle; false once every handle has cancelled. */
        boolean share() {
            return interest.getAndUpdate(n -> n == 0 ? 0 : n + 1) > 0 && !future.isDone();
        }

        /**
         * Drops one handle's interest; the build is cancelled when none is left.
         *
         * @return whether the build goes on for other handles
         */
        boolean release() {
            if (interest.decrementAndGet() == 0) {
                run.token().cancel();
                return false;
            }
            return true;
        }

        void complete(Supplier<BuildResult> body) {
            try {
                future.complete(body.get());
            } catch (PreviewException e) {
                future.completeExceptionally(e);
            } catch (RuntimeException | Error e) {
                future.completeExceptionally(new PreviewException("Build " + run.buildId()
                        + " failed unexpectedly: " + e, e));
            }
        }

        @Override
        public String id() {
            return run.buildId();
        }

        @Override
        public CompletableFuture<BuildResult> result() {
            return own.copy();
        }

        @Override
        public void cancel() {
            if (cancelled.compareAndSet(false, true) && release()) {
                own.complete(cancelledShare(run.buildId()));
            }
        }
    }

    /** A handle on an identical build that was already running: its result, told as shared. */
    private static final class Sharer implements BuildHandle {
        private final String id;
        private final Running build;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final CompletableFuture<BuildResult> own;

        Sharer(String id, Running build) {
            this.id = id;
            this.build = build;
            this.own = build.future.thenApply(this::asShared);
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public CompletableFuture<BuildResult> result() {
            return own.copy();
        }

        private BuildResult asShared(BuildResult result) {
            CacheDecision shared = new CacheDecision(CacheDecision.Kind.ARTIFACT, CacheDecision.Outcome.SHARED,
                    result.cacheDecision(CacheDecision.Kind.ARTIFACT).map(CacheDecision::key).orElse(""),
                    "an identical build (" + result.buildId() + ") was already running; its result is shared");
            List<CacheDecision> decisions = Stream.concat(Stream.of(shared), result.cacheDecisions().stream()
                    .filter(decision -> decision.kind() != CacheDecision.Kind.ARTIFACT)).toList();
            return new BuildResult(id, result.status(), result.artifact(), result.message(), result.log(),
                    result.phaseDurations(), result.packageManager(), decisions, result.projectChanges(),
                    result.diagnostics(), result.diagnosticSummary(), result.retryable());
        }

        @Override
        public void cancel() {
            if (cancelled.compareAndSet(false, true) && build.release()) {
                own.complete(cancelledShare(id));
            }
        }
    }

    /** A handle whose result was known at once: a stored artifact. */
    private record Finished(BuildResult value) implements BuildHandle {
        @Override
        public String id() {
            return value.buildId();
        }

        @Override
        public CompletableFuture<BuildResult> result() {
            return CompletableFuture.completedFuture(value);
        }

        @Override
        public void cancel() {
            // Nothing runs.
        }
    }
}
