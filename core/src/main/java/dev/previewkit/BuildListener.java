package dev.previewkit;

import java.time.Duration;

/**
 * Receives the events of builds as they happen. Every method has a no-op default, so implement only what you
 * need.
 *
 * <p>Methods are called on the build's own thread, in order for one build; events of different builds may
 * interleave. Keep them fast: a slow listener slows the build. An exception thrown by a listener is caught and
 * logged and never changes the build.
 */
public interface BuildListener {
    /** A phase began. */
    default void phaseStarted(String buildId, BuildPhase phase) {}

    /** A phase ended after {@code took}; {@code succeeded} is false when it failed, timed out or was cancelled. */
    default void phaseFinished(String buildId, BuildPhase phase, Duration took, boolean succeeded) {}

    /** A cache was consulted: what was reused, or why not. */
    default void cacheDecided(String buildId, CacheDecision decision) {}

    /** A build process printed a line (secrets redacted). */
    default void outputLine(String buildId, OutputLine line) {}

    /** The build ended with this result. */
    default void buildFinished(BuildResult result) {}
}
