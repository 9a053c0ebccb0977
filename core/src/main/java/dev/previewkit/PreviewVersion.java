package dev.previewkit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One submission to a {@link PreviewSession}, as it stood when this snapshot was taken. Immutable; a newer
 * snapshot of the same version has the same {@link #id()}.
 *
 * @param id        the version's identifier, unique within its session, such as {@code v3}
 * @param number    1 for the session's first submission, then counting up
 * @param state     where it stands
 * @param submitted when it was submitted
 * @param result    the build's result once it ended (absent while queued or running, and for a version
 *                  superseded before it started)
 */
public record PreviewVersion(String id, int number, VersionState state, Instant submitted,
        Optional<BuildResult> result) {
    public PreviewVersion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(submitted, "submitted");
        Objects.requireNonNull(result, "result");
    }

    /** The artifact to serve, when the version succeeded. */
    public Optional<Artifact> artifact() {
        return result.flatMap(BuildResult::artifact);
    }
}
