package dev.previewkit.internal.pipeline;

import dev.previewkit.BuildHandle;
import dev.previewkit.BuildListener;
import dev.previewkit.BuildResult;
import dev.previewkit.PreviewException;
import dev.previewkit.ProjectFiles;
import dev.previewkit.internal.project.PackageManifest;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs builds on a bounded pool: at most {@code maxConcurrentBuilds} at once, the rest queued in order. Keeps
 * track of unfinished builds so that {@link #close()} can cancel them.
 */
public final class BuildEngine implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BuildPipeline pipeline;
    private final Path buildsDirectory;
    private final int maxLogChars;
    private final ListenerDispatcher listeners;
    private final ExecutorService executor;
    private final Set<Handle> unfinished = ConcurrentHashMap.newKeySet();

    public BuildEngine(BuildPipeline pipeline, Path buildsDirectory, int maxConcurrentBuilds, int maxLogChars,
            List<BuildListener> listeners) {
        this.pipeline = pipeline;
        this.buildsDirectory = buildsDirectory;
        this.maxLogChars = maxLogChars;
        this.listeners = new ListenerDispatcher(listeners);
        this.executor = Executors.newFixedThreadPool(maxConcurrentBuilds, daemonThreads());
    }

    /**
     * Checks the project's manifest on the calling thread, then queues the build.
     *
     * @throws dev.previewkit.InvalidProjectException when package.json is missing or malformed
     * @throws IllegalStateException when the engine is closed
     */
    public BuildHandle start(ProjectFiles files) {
        PackageManifest manifest = PackageManifest.read(files);
        String id = newBuildId();
        BuildRun run = new BuildRun(id, buildsDirectory.resolve(id), maxLogChars, listeners);
        Handle handle = new Handle(run);
        unfinished.add(handle);
        handle.future.whenComplete((result, error) -> unfinished.remove(handle));
        try {
            executor.execute(() -> handle.complete(() -> pipeline.run(run, files, manifest)));
        } catch (RejectedExecutionException e) {
            unfinished.remove(handle);
            throw new IllegalStateException("This PreviewBuilder is closed");
        }
        return handle;
    }

    /** Cancels unfinished builds and waits up to {@code timeoutSeconds} for them to stop. */
    public void close(long timeoutSeconds) {
        executor.shutdown();
        unfinished.forEach(Handle::cancel);
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

    /** The {@link BuildHandle} of one queued or running build. */
    private static final class Handle implements BuildHandle {
        private final BuildRun run;
        private final CompletableFuture<BuildResult> future = new CompletableFuture<>();

        Handle(BuildRun run) {
            this.run = run;
        }

        void complete(Supplier<BuildResult> body) {
            try {
                future.complete(body.get());
            } catch (PreviewException e) {
                future.completeExceptionally(e);
            } catch (RuntimeException | Error e) {
                future.completeExceptionally(new PreviewException("Build " + run.buildId() + " failed unexpectedly: "
                        + e, e));
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
            run.token().cancel();
        }

        @Override
        public String toString() {
            return "BuildHandle[" + run.buildId() + "]";
        }
    }
}
