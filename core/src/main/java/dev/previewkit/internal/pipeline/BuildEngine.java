package dev.previewkit.internal.pipeline;

import dev.previewkit.Artifact;
import dev.previewkit.BuildHandle;
import dev.previewkit.BuildListener;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.CacheDecision;
import dev.previewkit.PreviewException;
import dev.previewkit.ProjectFiles;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Runs builds on a bounded pool: at most {@code maxConcurrentBuilds} at once, the rest queued in order.
 *
 * <p>Before queueing, a request whose artifact is stored completes at once without building, and a request
 * identical to a running build shares that build (it is cancelled only when every sharer cancels). Keeps
 * track of unfinished builds so that {@link #close()} can cancel them.
 */
public final class BuildEngine implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BuildPipeline pipeline;
    private final Path buildsDirectory;
    private final int maxLogChars;
    private final ListenerDispatcher listeners;
    private final ExecutorService executor;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Set<Running> unfinished = ConcurrentHashMap.newKeySet();

    public BuildEngine(BuildPipeline pipeline, Path buildsDirectory, int maxConcurrentBuilds, int maxLogChars,
            List<BuildListener> listeners) {
        this.pipeline = pipeline;
        this.buildsDirectory = buildsDirectory;
        this.maxLogChars = maxLogChars;
        this.listeners = new ListenerDispatcher(listeners);
        this.executor = Executors.newFixedThreadPool(maxConcurrentBuilds, daemonThreads());
    }

    /**
     * Checks the project's manifest and computes its keys on the calling thread, then returns a stored
     * artifact, joins an identical running build, or queues a new one.
     *
     * @throws dev.previewkit.InvalidProjectException when package.json is missing or malformed
     * @throws IllegalStateException when the engine is closed
     */
    public BuildHandle start(ProjectFiles files) {
        if (executor.isShutdown()) {
            throw new IllegalStateException("This PreviewBuilder is closed");
        }
        BuildPipeline.Job job = pipeline.plan(files);
        Optional<Artifact> stored = pipeline.storedArtifact(job);
        if (stored.isPresent()) {
            return completed(job, stored.get());
        }
        while (true) {
            Running build = running.get(job.outputKey());
            if (build == null) {
                Running fresh = new Running(newRun());
                if (running.putIfAbsent(job.outputKey(), fresh) == null) {
                    return submit(fresh, job);
                }
            } else if (build.share()) {
                return new Sharer(newBuildId(), build);
            } else {
                running.remove(job.outputKey(), build);  // finished, or cancelled by all its handles
            }
        }
    }

    private BuildRun newRun() {
        String id = newBuildId();
        return new BuildRun(id, buildsDirectory.resolve(id), maxLogChars, listeners);
    }

    private BuildHandle completed(BuildPipeline.Job job, Artifact artifact) {
        BuildRun run = newRun();
        run.decide(new CacheDecision(CacheDecision.Kind.ARTIFACT, CacheDecision.Outcome.REUSED, job.outputKey(),
                "an identical build was published before"));
        BuildResult result = run.finish(BuildStatus.SUCCEEDED, Optional.of(artifact),
                "Reused the artifact of an identical earlier build");
        return new Finished(result);
    }

    private BuildHandle submit(Running build, BuildPipeline.Job job) {
        build.run.decide(pipeline.artifactMiss(job));
        unfinished.add(build);
        build.future.whenComplete((result, error) -> {
            unfinished.remove(build);
            running.remove(job.outputKey(), build);
        });
        build.run.token().register(() -> {
            if (build.started.compareAndSet(false, true)) {  // still queued: end it now, not when a thread frees
                build.future.complete(build.run.finish(BuildStatus.CANCELLED, Optional.empty(),
                        "The build was cancelled before it started"));
            }
        });
        try {
            executor.execute(() -> {
                if (build.started.compareAndSet(false, true)) {
                    build.complete(() -> pipeline.run(build.run, job));
                }
            });
        } catch (RejectedExecutionException e) {
            build.future.completeExceptionally(new IllegalStateException("This PreviewBuilder is closed"));
            throw new IllegalStateException("This PreviewBuilder is closed");
        }
        return build;
    }

    /** Cancels unfinished builds and waits up to {@code timeoutSeconds} for them to stop. */
    public void close(long timeoutSeconds) {
        executor.shutdown();
        unfinished.forEach(build -> build.run.token().cancel());
        try {
            executor.awaitTermination(timeoutSeconds, TimeUnit.SECONDS);
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

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "previewkit-build-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A queued or running build, with the number of handles that still want its result. */
    private static final class Running implements BuildHandle {
        private final BuildRun run;
        private final CompletableFuture<BuildResult> future = new CompletableFuture<>();
        private final AtomicInteger interest = new AtomicInteger(1);
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final AtomicBoolean started = new AtomicBoolean();

        Running(BuildRun run) {
            this.run = run;
        }

        /** Registers one more handle; false once every handle has cancelled. */
        boolean share() {
            return interest.getAndUpdate(n -> n == 0 ? 0 : n + 1) > 0 && !future.isDone();
        }

        /** Drops one handle's interest; the build is cancelled when none is left. */
        void release() {
            if (interest.decrementAndGet() == 0) {
                run.token().cancel();
            }
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
            return future.copy();
        }

        @Override
        public void cancel() {
            if (cancelled.compareAndSet(false, true)) {
                release();
            }
        }
    }

    /** A handle on an identical build that was already running: its result, told as shared. */
    private static final class Sharer implements BuildHandle {
        private final String id;
        private final Running build;
        private final AtomicBoolean cancelled = new AtomicBoolean();

        Sharer(String id, Running build) {
            this.id = id;
            this.build = build;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public CompletableFuture<BuildResult> result() {
            return build.future.thenApply(this::asShared);
        }

        private BuildResult asShared(BuildResult result) {
            CacheDecision shared = new CacheDecision(CacheDecision.Kind.ARTIFACT, CacheDecision.Outcome.SHARED,
                    result.cacheDecision(CacheDecision.Kind.ARTIFACT).map(CacheDecision::key).orElse(""),
                    "an identical build (" + result.buildId() + ") was already running; its result is shared");
            List<CacheDecision> decisions = Stream.concat(Stream.of(shared), result.cacheDecisions().stream()
                    .filter(decision -> decision.kind() != CacheDecision.Kind.ARTIFACT)).toList();
            return new BuildResult(id, result.status(), result.artifact(), result.message(), result.log(),
                    result.phaseDurations(), result.packageManager(), decisions);
        }

        @Override
        public void cancel() {
            if (cancelled.compareAndSet(false, true)) {
                build.release();
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
