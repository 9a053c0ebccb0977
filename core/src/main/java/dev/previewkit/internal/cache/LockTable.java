package dev.previewkit.internal.cache;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One permit per lock file for the threads of this JVM (OS file locks belong to the whole process, and a second
 * channel on a locked file could release the lock when it closes). A file is in the table only while a thread
 * holds or waits for its permit: each user joins before it waits and leaves after it gave the permit back, and the
 * last to leave removes the entry, all in one atomic step per file, so a permit being taken is never removed.
 * Thread-safe.
 */
final class LockTable {
    private final ConcurrentHashMap<Path, Slot> slots = new ConcurrentHashMap<>();

    /** A file's permit and how many threads use it; {@code users} changes only inside the map's atomic steps. */
    private static final class Slot {
        final Semaphore permit = new Semaphore(1);
        int users;
    }

    /** A taken permit; closing it gives the permit back. */
    final class Permit implements AutoCloseable {
        private final Path file;
        private final Slot slot;

        private Permit(Path file, Slot slot) {
            this.file = file;
            this.slot = slot;
        }

        @Override
        public void close() {
            slot.permit.release();
            leave(file);
        }
    }

    /**
     * Takes the permit of {@code file}, waiting up to {@code waitMillis}.
     *
     * @return empty when another thread held it all that time
     * @throws InterruptedException when interrupted while waiting
     */
    Optional<Permit> tryTake(Path file, long waitMillis) throws InterruptedException {
        Slot slot = slots.compute(file, (key, existing) -> {
            Slot joined = existing != null ? existing : new Slot();
            joined.users++;
            return joined;
        });
        boolean taken = false;
        try {
            taken = slot.permit.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
        } finally {
            if (!taken) {
                leave(file);
            }
        }
        return taken ? Optional.of(new Permit(file, slot)) : Optional.empty();
    }

    private void leave(Path file) {
        slots.computeIfPresent(file, (key, current) -> --current.users == 0 ? null : current);
    }

    /** How many files in {@code folder} the table holds. */
    long countIn(Path folder) {
        return slots.keySet().stream().filter(file -> folder.equals(file.getParent())).count();
    }
}
