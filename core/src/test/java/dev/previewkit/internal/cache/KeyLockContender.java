package dev.previewkit.internal.cache;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Run in other JVMs by {@link KeyLockTest}: until a given time, takes one key lock in a shared folder, marks the
 * hold by creating a file no other holder may have created, and releases it; prints {@code holds=N} and
 * {@code overlaps=N} (holds during which another holder's mark was there).
 */
public final class KeyLockContender {
    private KeyLockContender() {}

    /** How often a contender held the lock, and how often it found another holder inside. */
    record Tally(int holds, int overlaps) {}

    public static void main(String[] args) throws IOException {
        Tally tally = contend(Path.of(args[0]), Long.parseLong(args[1]));
        System.out.println("holds=" + tally.holds());
        System.out.println("overlaps=" + tally.overlaps());
    }

    static Tally contend(Path folder, long until) throws IOException {
        Path mark = folder.resolve("inside");
        int holds = 0;
        int overlaps = 0;
        while (System.currentTimeMillis() < until) {
            Optional<KeyLock> lock = KeyLock.tryAcquire(folder.resolve("key.lock"));  // spins: many more races
            if (lock.isEmpty()) {
                continue;
            }
            try (KeyLock ignored = lock.get()) {
                holds++;
                try {
                    Files.createFile(mark);
                } catch (FileAlreadyExistsException e) {
                    overlaps++;
                    continue;
                }
                Files.delete(mark);
            }
        }
        return new Tally(holds, overlaps);
    }
}
