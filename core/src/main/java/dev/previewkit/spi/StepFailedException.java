package dev.previewkit.spi;

import dev.previewkit.BuildStatus;
import dev.previewkit.PreviewException;

/**
 * Thrown by a backend when an install or build step does not succeed: the project failed, a timeout passed,
 * the build was cancelled, or something outside the project failed ({@link #infrastructure}). The core turns it into a {@link dev.previewkit.BuildResult} with
 * {@link #status()}; it never reaches callers of the public API.
 */
public class StepFailedException extends PreviewException {
    private static final long serialVersionUID = 1L;

    private final BuildStatus status;
    private final boolean retryable;

    public StepFailedException(BuildStatus status, String message) {
        this(status, message, null, false);
    }

    private StepFailedException(BuildStatus status, String message, Throwable cause, boolean retryable) {
        super(message, cause);
        if (status == BuildStatus.SUCCEEDED) {
            throw new IllegalArgumentException("a failed step cannot have status SUCCEEDED");
        }
        this.status = status;
        this.retryable = retryable;
    }

    /**
     * A step that failed for a reason outside the project ({@link BuildStatus#INFRASTRUCTURE_FAILURE}): the
     * registry, an engine or a remote service. The cause is kept.
     *
     * @param retryable whether the same step may succeed later unchanged (a timeout, a 503), rather than never
     *                  (an engine whose API is too old)
     */
    public static StepFailedException infrastructure(String message, Throwable cause, boolean retryable) {
        return new StepFailedException(BuildStatus.INFRASTRUCTURE_FAILURE, message, cause, retryable);
    }

    /**
     * {@link BuildStatus#FAILED}, {@link BuildStatus#TIMED_OUT}, {@link BuildStatus#CANCELLED} or
     * {@link BuildStatus#INFRASTRUCTURE_FAILURE}.
     */
    public BuildStatus status() {
        return status;
    }

    /** Whether trying again later may succeed; only an infrastructure failure can be. */
    public boolean retryable() {
        return retryable;
    }
}
