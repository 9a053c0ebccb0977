package dev.previewkit.spi;

import java.util.Objects;

/**
 * The answer of {@link BuildBackend#probe()}: available, or not and why, in words a person can act on.
 *
 * @param available whether builds can run
 * @param detail    what was found (such as versions) or why builds cannot run
 */
public record Availability(boolean available, String detail) {
    public Availability {
        Objects.requireNonNull(detail, "detail");
    }

    /** Builds can run; {@code detail} says with what. */
    public static Availability available(String detail) {
        return new Availability(true, detail);
    }

    /** Builds cannot run, for the given reason. */
    public static Availability unavailable(String reason) {
        return new Availability(false, reason);
    }
}
