package dev.previewkit.internal.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OS lock on a lock file, which is deleted when the lock is given back, also while other processes use it.
 *
 * <p>Deleting a lock file that another process has open is unsafe on its own: that process could still lock the
 * deleted file while a third creates and locks a new one of the same name, and both would hold the key. The rule
 * that makes it safe: a lock file is opened and locked, and it is deleted, only under its folder's guard
 * ({@value #GUARD}, an OS lock on a file that is never deleted, held for the few system calls of one step). So a
 * lock is only ever taken on the file its name refers to at that moment, and a process that opened the file
 * without getting the lock has closed it again before the guard is free; once the holder has deleted the file
 * under the guard, nobody else has the deleted file open, and the next taker creates a new one. The holder deletes
 * the file as its last act before giving the lock back. Every process sharing a folder must follow the rule:
 * Previewkit snapshots from before this rule neither took the guard nor deleted lock files, so they must not share
 * a work directory with this one.
 *
 * <p>Within this JVM, callers must take a file's {@link LockTable} permit first, so that no file is open twice.
 */
final class LockFile {
    private static final Logger LOG = LoggerFactory.getLogger(LockFile.class);
    /** The guard file of a folder of lock files: never deleted, so every process locks the same file. */
    static final String GUARD = ".guard.lock";
    /** One guard channel open at a time in this JVM: two would overlap, and closing one could drop the other's lock. */
    private static final ReentrantLock GUARD_IN_PROCESS = new ReentrantLock();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private LockFile(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** One step under a folder's guard. */
    private interface Step<T> {
        T run() throws IOException;
    }

    /**
     * Creates {@code file} if needed and locks it.
     *
     * @return empty when another process holds the lock
     * @throws IOException when the file or its guard cannot be opened or locked
     */
    static Optional<LockFile> tryLock(Path file) throws IOException {
        return guarded(file, () -> {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return Optional.of(new LockFile(file, channel, lock));
                }
            } catch (OverlappingFileLockException e) {
                // held in this JVM through another spelling of the path: as good as held elsewhere
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            channel.close();
            return Optional.empty();
        });
    }

    /**
     * Deletes the file, then gives the lock back. When the guard cannot be had, the file stays (deleting it
     * without the guard would be unsafe); the next holder deletes it, or the store's next start.
     */
    void deleteAndRelease() {
        try {
            guarded(file, () -> Files.deleteIfExists(file));
        } catch (IOException e) {
            LOG.debug("Cannot delete lock file {}; it stays", file, e);
        } finally {
            try {
                lock.release();
            } catch (IOException ignored) {
                // Closing the channel next releases the lock anyway.
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing releases the lock; nothing else to undo.
            }
        }
    }

    private static <T> T guarded(Path file, Step<T> step) throws IOException {
        GUARD_IN_PROCESS.lock();
        try (FileChannel guard = FileChannel.open(file.toAbsolutePath().resolveSibling(GUARD),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = guard.lock()) {
            return step.run();
        } finally {
            GUARD_IN_PROCESS.unlock();
        }
    }
}
