package dev.previewkit;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link PreviewSession} reports as it happens: version state changes and build output lines, in the
 * order they occurred.
 */
public sealed interface SessionEvent permits SessionEvent.VersionChanged, SessionEvent.Output {
    /** The session the event belongs to. */
    String sessionId();

    /**
     * A version changed state.
     *
     * @param sessionId the session
     * @param version   the version as it now stands
     * @param current   the version now served (the last good one), if any
     */
    record VersionChanged(String sessionId, PreviewVersion version, Optional<PreviewVersion> current)
            implements SessionEvent {
        public VersionChanged {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(current, "current");
        }
    }

    /**
     * A build of the session printed a line (secrets redacted).
     *
     * @param sessionId the session
     * @param versionId the version being built
     * @param line      the line
     */
    record Output(String sessionId, String versionId, OutputLine line) implements SessionEvent {
        public Output {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(versionId, "versionId");
            Objects.requireNonNull(line, "line");
        }
    }
}
