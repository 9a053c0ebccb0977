package dev.previewkit.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits in tests for something another thread does, failing with a message when it does not happen in time. */
public final class Eventually {
    private Eventually() {}

    /**
     * Returns as soon as {@code condition} holds; polls every 10 ms.
     *
     * @throws AssertionError when it still does not hold after {@code timeout}
     */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        long giveUp = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("Not within " + timeout.toMillis() + " ms: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting until " + what, e);
            }
        }
    }
}
