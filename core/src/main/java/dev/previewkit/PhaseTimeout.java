package dev.previewkit;

import java.time.Duration;
import java.util.Objects;

/**
 * The two time limits of a phase that runs a process: an {@code idle} timeout (no output line for that long)
 * and an absolute {@code deadline} from the start of the phase. Passing either kills the whole process tree
 * and ends the build as {@link BuildStatus#TIMED_OUT}.
 *
 * @param idle     the longest silence allowed
 * @param deadline the longest the phase may take
 */
public record PhaseTimeout(Duration idle, Duration deadline) {
    public PhaseTimeout {
        Objects.requireNonNull(idle, "idle");
        Objects.requireNonNull(deadline, "deadline");
        if (idle.isNegative() || idle.isZero() || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive: idle " + idle + ", deadline " + deadline);
        }
    }

    /** A timeout with both limits. */
    public static PhaseTimeout of(Duration idle, Duration deadline) {
        return new PhaseTimeout(idle, deadline);
    }
}
