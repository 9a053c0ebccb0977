package dev.previewkit;

import java.util.concurrent.CompletableFuture;

/**
 * A build started with {@link PreviewBuilder#start}. Thread-safe.
 */
public interface BuildHandle {
    /** The build's identifier, also found in logs (MDC key {@code previewkit.build}) and listener events. */
    String id();

    /**
     * The result, completed when the build ends. It always completes normally for a build that ran (failures,
     * timeouts and cancellation are statuses); it completes exceptionally only with a {@link PreviewException}
     * for an infrastructure fault, such as an unwritable work directory.
     */
    CompletableFuture<BuildResult> result();

    /**
     * Asks the build to stop. A running process tree is killed; the result ends as
     * {@link BuildStatus#CANCELLED} unless the build had already ended. Returns at once; idempotent.
     */
    void cancel();
}
