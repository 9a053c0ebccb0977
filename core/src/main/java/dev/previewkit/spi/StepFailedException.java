package dev.previewkit.spi;

import dev.previewkit.BuildStatus;
import dev.previewkit.PreviewException;

/**
 * Thrown by a backend when an install or build step does not succeed: the project failed, a timeout passed,
 * or the build was cancelled. The core turns it into a {@link dev.previewkit.BuildResult} with
 * {@link #status()}; it never reaches callers of the public API.
 */
public class StepFailedException extends PreviewException {
    private static final long serialVersionUID = 1L;

    private final BuildStatus status;

    public StepFailedException(BuildStatus status, String message) {
        super(message);
        if (status == BuildStatus.SUCCEEDED) {
            throw new IllegalArgumentException("a failed step cannot have status SUCCEEDED");
        }
        this.status = status;
    }

    /** {@link BuildStatus#FAILED}, {@link BuildStatus#TIMED_OUT} or {@link BuildStatus#CANCELLED}. */
    public BuildStatus status() {
        return status;
    }
}
