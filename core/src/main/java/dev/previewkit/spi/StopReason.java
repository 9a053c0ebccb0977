package dev.previewkit.spi;

import dev.previewkit.BuildStatus;
import java.util.Objects;

/**
 * Why a phase was stopped before it ended: see {@link BuildContext#stopReason()}.
 *
 * @param kind    what stopped it
 * @param message a sentence for the build's result and log, such as
 *                {@code "The build phase printed nothing for 2 s"}
 */
public record StopReason(Kind kind, String message) {
    /** What stopped a phase. */
    public enum Kind {
        /** The build was cancelled (by its handle, a newer session submission, or the builder closing). */
        CANCELLED,
        /** Nothing was printed and no heartbeat came for the phase's idle timeout. */
        IDLE_TIMEOUT,
        /** The phase passed its deadline. */
        DEADLINE
    }

    public StopReason {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    /** {@link BuildStatus#CANCELLED} for a cancel, {@link BuildStatus#TIMED_OUT} for either timeout. */
    public BuildStatus status() {
        return kind == Kind.CANCELLED ? BuildStatus.CANCELLED : BuildStatus.TIMED_OUT;
    }

    /** A new exception with {@link #status()} and {@link #message()}, for a backend to throw. */
    public StepFailedException exception() {
        return new StepFailedException(status(), message);
    }
}
