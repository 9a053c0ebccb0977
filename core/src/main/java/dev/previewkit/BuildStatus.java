package dev.previewkit;

/** How a build ended. Only {@link #SUCCEEDED} carries an {@link Artifact}. */
public enum BuildStatus {
    /** The build produced an artifact. */
    SUCCEEDED,
    /** Install or build failed; the log says why. */
    FAILED,
    /** A phase passed its deadline or produced no output for longer than its idle timeout. */
    TIMED_OUT,
    /** {@link BuildHandle#cancel()} was called before the build ended. */
    CANCELLED,
    /**
     * Something outside the project failed: the npm registry could not be reached, a container engine or a
     * remote service was down or answered with an error. Not the project's fault; {@link BuildResult#retryable()}
     * says whether trying the same build again later may succeed.
     */
    INFRASTRUCTURE_FAILURE
}
