package dev.previewkit.tck;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits, in the kit and in backend tests, for what a build or the backend does on other threads. */
public final class Waits {
    private Waits() {}

    /**
     * Returns as soon as {@code condition} holds; polls every 20 ms.
     *
     * @throws AssertionError when it still does not hold after {@code timeout}; the message says {@code what}
     */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        long giveUp = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("Not within " + timeout.toMillis() + " ms: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting until " + what, e);
            }
        }
    }
}
