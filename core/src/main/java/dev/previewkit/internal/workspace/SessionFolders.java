package dev.previewkit.internal.workspace;

import dev.previewkit.PreviewException;
import dev.previewkit.internal.fs.Directories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session folders of one builder, under {@code <work>/sessions/<instance>/}: sessions do not survive a restart,
 * so each builder works in a folder of its own, marked live by a lock on {@code <instance>.lock} that it holds
 * while it runs. At start it deletes the folders of instances whose lock nobody holds (a crashed or closed
 * process), leaving those of other live builders sharing the work directory alone. Thread-safe.
 */
public final class SessionFolders implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionFolders.class);
    private static final String LOCK_SUFFIX = ".lock";

    private final Path instance;
    private final FileChannel lockFile;
    private final FileLock lock;
    private final Consumer<SessionFolder> release;
    private final AtomicLong counter = new AtomicLong();
    private final ExecutorService cleanup = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "previewkit-session-cleanup");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param root    the {@code sessions} folder of the work directory
     * @param release run before a closed session's folder is deleted, such as telling the backend
     * @throws PreviewException when the folder cannot be created or locked
     */
    public SessionFolders(Path root, Consumer<SessionFolder> release) {
        this.release = release;
        String name = UUID.randomUUID().toString();
        try {
            Files.createDirectories(root);
            deleteAbandoned(root);
            this.lockFile = FileChannel.open(root.resolve(name + LOCK_SUFFIX), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            this.lock = lockFile.lock();
            this.instance = Files.createDirectory(root.resolve(name));
        } catch (IOException | UncheckedIOException e) {
            throw new PreviewException("Cannot create the session folders under " + root + ": " + e.getMessage(), e);
        }
    }

    /** The folder of a new session (created on first use). */
    public SessionFolder create(String sessionId) {
        return new SessionFolder(instance.resolve(sessionId + "-" + counter.incrementAndGet()), this::cleanUp, release);
    }

    /** Runs a folder's release on the cleanup thread, or here once this builder is closing. */
    private void cleanUp(Runnable task) {
        try {
            cleanup.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    /** Deletes instance folders and lock files that no live builder holds. */
    private static void deleteAbandoned(Path root) throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (name.endsWith(LOCK_SUFFIX)) {
                    continue;
                }
                Path lockPath = root.resolve(name + LOCK_SUFFIX);
                if (!Files.exists(lockPath) || unlocked(lockPath)) {
                    LOG.info("Deleting session folder {} left by a builder that is gone", entry);
                    Directories.deleteRecursively(entry);
                    Files.deleteIfExists(lockPath);
                }
            }
        }
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : entries.filter(path -> path.toString().endsWith(LOCK_SUFFIX)).toList()) {
                String folder = entry.getFileName().toString();
                if (!Files.exists(root.resolve(folder.substring(0, folder.length() - LOCK_SUFFIX.length())))
                        && unlocked(entry)) {
                    Files.deleteIfExists(entry);
                }
            }
        }
    }

    /** Whether no process holds the lock file (the check takes and drops the lock). */
    private static boolean unlocked(Path lockPath) throws IOException {
        try (FileChannel channel = FileChannel.open(lockPath, StandardOpenOption.WRITE);
                FileLock taken = channel.tryLock()) {
            return taken != null;
        } catch (OverlappingFileLockException e) {
            return false;  // a builder of this JVM holds it
        } catch (java.nio.file.NoSuchFileException e) {
            return true;
        }
    }

    /**
     * Waits up to {@code seconds} for closed sessions' folders to be released and deleted, then deletes this
     * builder's folder and gives up its lock.
     */
    public void close(long seconds) {
        cleanup.shutdown();
        try {
            cleanup.awaitTermination(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Directories.deleteRecursively(instance);
        } catch (UncheckedIOException e) {
            LOG.warn("Cannot delete {}; it goes at the next start", instance, e);
        }
        try {
            lock.release();
            lockFile.close();
            Files.deleteIfExists(instance.resolveSibling(instance.getFileName() + LOCK_SUFFIX));
        } catch (IOException e) {
            LOG.warn("Cannot remove the lock of {}", instance, e);
        }
    }

    @Override
    public void close() {
        close(30);
    }
}
