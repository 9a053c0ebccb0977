package dev.previewkit;

/** Where one submitted version of a {@link PreviewSession} stands. */
public enum VersionState {
    /** Waiting for a build slot. */
    QUEUED,
    /** Being built. */
    RUNNING,
    /** Built; its artifact can be served. */
    SUCCEEDED,
    /** The build failed, or something outside the project did ({@link BuildStatus#INFRASTRUCTURE_FAILURE}); the result says why. */
    FAILED,
    /** The build passed a time limit. */
    TIMED_OUT,
    /** Cancelled by a caller or by closing the session. */
    CANCELLED,
    /** A newer submission replaced it before it was built (or while it was built, when so configured). */
    SUPERSEDED;

    /** Whether this state is final. */
    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }
}
