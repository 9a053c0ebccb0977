package dev.previewkit;

import java.util.Objects;

/**
 * One line a build process printed, as delivered to {@link BuildListener#outputLine}.
 *
 * @param phase  the phase that printed it
 * @param stream which stream it came from
 * @param text   the line without its terminator, truncated when very long
 */
public record OutputLine(BuildPhase phase, Stream stream, String text) {
    /** The stream a line came from. */
    public enum Stream { STDOUT, STDERR }

    public OutputLine {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(text, "text");
    }
}
