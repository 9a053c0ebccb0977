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
    CANCELLED
}
