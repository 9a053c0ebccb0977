package dev.previewkit.internal.cache;

import dev.previewkit.BuildStatus;
import dev.previewkit.PreviewException;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.StepFailedException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * An exclusive lock on one cache key, held across threads of this JVM and across processes that share the
 * work directory: a {@link LockTable} permit per lock file inside the JVM (file locks belong to the whole
 * process), then an OS lock on the file ({@link LockFile}).
 *
 * <p>Nothing outlives its use: the table forgets a file once no thread holds or waits for it, and the lock file
 * is deleted when the lock is given back, under the folder's guard that makes this safe while other processes
 * use the file (see {@link LockFile}). A lock file is therefore present only while its lock is held, or after a
 * crash; {@link DiskStore#recover()} deletes those left over.
 */
final class KeyLock implements AutoCloseable {
    private static final LockTable IN_PROCESS = new LockTable();
    private static final long POLL_MILLIS = 50;

    private final LockTable.Permit permit;
    private final LockFile file;

    private KeyLock(LockTable.Permit permit, LockFile file) {
        this.permit = permit;
        this.file = file;
    }

    /**
     * Waits for the lock, checking {@code cancelled} while it waits.
     *
     * @throws StepFailedException (CANCELLED) when cancelled while waiting
     */
    static KeyLock acquire(Path file, BooleanSupplier cancelled) {
        while (true) {
            Optional<KeyLock> lock = tryAcquire(file, POLL_MILLIS);
            if (lock.isPresent()) {
                return lock.get();
            }
            if (cancelled.getAsBoolean()) {
                throw new StepFailedException(BuildStatus.CANCELLED, "The build was cancelled");
            }
        }
    }

    /**
     * The condition to give up waiting in {@link #acquire}: the phase was stopped. Each look also resets the
     * idle timer, as waiting for another build or process that holds the lock is progress (that holder has
     * timers of its own); the deadline still bounds the wait.
     */
    static BooleanSupplier untilStopped(BuildContext context) {
        return () -> {
            context.heartbeat();
            return context.isStopped();
        };
    }

    /** Takes the lock if it is free now. */
    static Optional<KeyLock> tryAcquire(Path file) {
        return tryAcquire(file, 0);
    }

    private static Optional<KeyLock> tryAcquire(Path file, long waitMillis) {
        Optional<LockTable.Permit> permit;
        try {
            permit = IN_PROCESS.tryTake(realPath(file), waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailedException(BuildStatus.CANCELLED, "Interrupted while waiting for " + file);
        }
        if (permit.isEmpty()) {
            return Optional.empty();
        }
        try {
            Optional<LockFile> locked = LockFile.tryLock(file);
            if (locked.isEmpty()) {
                permit.get().close();
                sleep(waitMillis);
                return Optional.empty();
            }
            return Optional.of(new KeyLock(permit.get(), locked.get()));
        } catch (IOException e) {
            permit.get().close();
            throw new PreviewException("Cannot lock " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            permit.get().close();
            throw e;
        }
    }

    /** One permit per file, however the path is spelled: symbolic links in the folder are resolved. */
    private static Path realPath(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        try {
            return absolute.getParent().toRealPath().resolve(absolute.getFileName());
        } catch (IOException e) {
            return absolute;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many lock files in {@code folder} this JVM's table tracks (for tests). */
    static long trackedIn(Path folder) {
        return IN_PROCESS.countIn(realPath(folder.resolve("x")).getParent());
    }

    /** Deletes the lock file and gives the lock back. */
    @Override
    public void close() {
        try {
            file.deleteAndRelease();
        } finally {
            permit.close();
        }
    }
}
