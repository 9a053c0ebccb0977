package dev.previewkit.internal.cache;

import dev.previewkit.BuildStatus;
import dev.previewkit.PreviewException;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.StepFailedException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * An exclusive lock on one cache key, held across threads of this JVM and across processes that share the
 * work directory: a semaphore per lock file inside the JVM (file locks belong to the whole process), then an
 * OS file lock on the file.
 */
final class KeyLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();
    private static final long POLL_MILLIS = 50;

    private final Semaphore semaphore;
    private final FileChannel channel;
    private final FileLock lock;

    private KeyLock(Semaphore semaphore, FileChannel channel, FileLock lock) {
        this.semaphore = semaphore;
        this.channel = channel;
        this.lock = lock;
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
        Semaphore semaphore = IN_PROCESS.computeIfAbsent(realPath(file), path -> new Semaphore(1));
        try {
            if (!semaphore.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailedException(BuildStatus.CANCELLED, "Interrupted while waiting for " + file);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                semaphore.release();
                sleep(waitMillis);
                return Optional.empty();
            }
            return Optional.of(new KeyLock(semaphore, channel, lock));
        } catch (IOException e) {
            closeQuietly(channel);
            semaphore.release();
            throw new PreviewException("Cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** The lock, or null when another process (or another spelling of the path in this JVM) holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /** One semaphore per file, however the path is spelled: symbolic links in the folder are resolved. */
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

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing releases any lock; nothing else to undo.
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // The channel is closed next, which releases the lock anyway.
        } finally {
            closeQuietly(channel);
            semaphore.release();
        }
    }
}
