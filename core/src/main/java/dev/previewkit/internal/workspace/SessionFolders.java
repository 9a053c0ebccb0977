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
 * The session folders of one builder, {@code <work>/sessions/<instance>~<session>-<n>/}: sessions do not survive a
 * restart, so each builder names its folders after an instance id of its own, marked live by a lock on
 * {@code <instance>.lock} that it holds while it runs. At start it deletes the folders of instances whose lock
 * nobody holds (a crashed or closed process), leaving those of other live builders sharing the work directory
 * alone. A session's workspace is as deep below the work directory as a one-off build's, so that the paths tools
 * write into unminified output (module comments relative to the workspace) are the same.
 */
public final class SessionFolders implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionFolders.class);
    private static final String LOCK_SUFFIX = ".lock";

    private static final String SEPARATOR = "~";

    private final Path root;
    private final String instance;
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
        this.root = root;
        this.instance = UUID.randomUUID().toString();
        try {
            Files.createDirectories(root);
            deleteAbandoned(root);
            this.lockFile = FileChannel.open(root.resolve(instance + LOCK_SUFFIX), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            this.lock = lockFile.lock();
        } catch (IOException | UncheckedIOException e) {
            throw new PreviewException("Cannot create the session folders under " + root + ": " + e.getMessage(), e);
        }
    }

    /** The folder of a new session (created on first use). */
    public SessionFolder create(String sessionId) {
        return new SessionFolder(root.resolve(instance + SEPARATOR + sessionId + "-" + counter.incrementAndGet()),
                this::cleanUp, release);
    }

    /** Runs a folder's release on the cleanup thread, or here once this builder is closing. */
    private void cleanUp(Runnable task) {
        try {
            cleanup.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    /** Deletes session folders and lock files that no live builder holds. */
    private static void deleteAbandoned(Path root) throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                String owner = name.endsWith(LOCK_SUFFIX) ? name.substring(0, name.length() - LOCK_SUFFIX.length())
                        : name.contains(SEPARATOR) ? name.substring(0, name.indexOf(SEPARATOR)) : name;
                Path lockPath = root.resolve(owner + LOCK_SUFFIX);
                if (!Files.exists(lockPath) || unlocked(lockPath)) {
                    if (!name.endsWith(LOCK_SUFFIX)) {
                        LOG.info("Deleting session folder {} left by a builder that is gone", entry);
                    }
                    Directories.deleteRecursively(entry);
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
        try (Stream<Path> entries = Files.list(root)) {
            for (Path folder : entries.filter(path -> path.getFileName().toString().startsWith(instance + SEPARATOR))
                    .toList()) {
                Directories.deleteRecursively(folder);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Cannot delete the session folders of {}; they go at the next start", instance, e);
        }
        try {
            lock.release();
            lockFile.close();
            Files.deleteIfExists(root.resolve(instance + LOCK_SUFFIX));
        } catch (IOException e) {
            LOG.warn("Cannot remove the lock of {}", instance, e);
        }
    }

    @Override
    public void close() {
        close(30);
    }
}
