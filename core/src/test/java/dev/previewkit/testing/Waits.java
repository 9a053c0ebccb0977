package dev.previewkit.testing;

import dev.previewkit.BuildHandle;
import dev.previewkit.BuildResult;
import dev.previewkit.PreviewSession;
import dev.previewkit.PreviewVersion;
import dev.previewkit.VersionState;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Bounded waits for tests with the {@link InMemoryBackend}: every wait fails the test instead of hanging. */
public final class Waits {
    /** Generous for in-memory builds, which take milliseconds. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Waits() {}

    /** The result of a build, waiting at most {@link #TIMEOUT}. */
    public static BuildResult result(BuildHandle handle)
            throws InterruptedException, ExecutionException, TimeoutException {
        return handle.result().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until a version of a session is in {@code state}. */
    public static void state(PreviewSession session, String versionId, VersionState state)
            throws InterruptedException {
        until(() -> session.version(versionId).map(PreviewVersion::state).orElse(null) == state,
                versionId + " reaches " + state + " (now " + session.version(versionId) + ")");
    }

    /** Polls {@code condition} every 5 ms until it holds. */
    public static void until(BooleanSupplier condition, String what) throws InterruptedException {
        long giveUp = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }
}
