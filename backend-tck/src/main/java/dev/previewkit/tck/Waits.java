package dev.previewkit.tck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** Waits, in the kit and in backend tests, for what a build or the backend does on other threads. */
public final class Waits {
    private Waits() {}

    /**
     * Returns as soon as no build folder is left in {@code workDirectory}'s {@code builds} folder (or it does not
     * exist): the core deletes each build's folder when the build ends.
     *
     * @throws AssertionError when one is still there after {@code timeout}
     */
    public static void untilNoBuildFolderIn(Path workDirectory, Duration timeout) {
        Path builds = workDirectory.resolve("builds");
        until(timeout, "no build folder is left in " + builds, () -> {
            if (!Files.isDirectory(builds)) {
                return true;
            }
            try (Stream<Path> left = Files.list(builds)) {
                return left.findAny().isEmpty();
            } catch (IOException e) {
                return false;
            }
        });
    }

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
