package dev.previewkit.internal.workspace;

import dev.previewkit.PreviewException;
import dev.previewkit.ProjectFiles;
import dev.previewkit.internal.fs.Directories;
import dev.previewkit.spi.WorkspaceUpdate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder of one session: the workspace its builds share ({@code build/}) and the one its dev server watches
 * ({@code dev/}, with {@code dev-cache/}). Users hold it while they work in it; once the session closed and the
 * last holder let go, the release action runs (the backend stops what it keeps there) and the folder is deleted,
 * both on the cleanup executor. Thread-safe.
 */
public final class SessionFolder {
    private static final Logger LOG = LoggerFactory.getLogger(SessionFolder.class);

    private final Path folder;
    private final Executor cleanup;
    private final Consumer<SessionFolder> release;
    private final WorkspaceSync build;
    private final WorkspaceSync dev;
    private int holders;
    private boolean closed;
    private boolean released;

    SessionFolder(Path folder, Executor cleanup, Consumer<SessionFolder> release) {
        this.folder = folder;
        this.cleanup = cleanup;
        this.release = release;
        this.build = new WorkspaceSync(folder.resolve("build"));
        this.dev = new WorkspaceSync(folder.resolve("dev"));
    }

    /** The workspace the session's builds share. */
    public Path buildWorkspace() {
        return build.root();
    }

    /** The workspace the session's dev server watches. */
    public Path devWorkspace() {
        return dev.root();
    }

    /** A folder for the dev server's caches. */
    public Path devCache() {
        return folder.resolve("dev-cache");
    }

    /**
     * Keeps the folder until the returned hold is closed.
     *
     * @throws IllegalStateException when the session closed
     */
    public synchronized AutoCloseable hold() {
        if (closed) {
            throw new IllegalStateException("the session closed");
        }
        holders++;
        boolean[] let = {false};
        return () -> {
            synchronized (SessionFolder.this) {
                if (!let[0]) {
                    let[0] = true;
                    holders--;
                    releaseIfDone();
                }
            }
        };
    }

    /** Brings the build workspace to {@code files}; see {@link WorkspaceSync}. Call while holding the folder. */
    public WorkspaceUpdate syncBuild(ProjectFiles files) {
        return sync(build, files);
    }

    /** Brings the dev workspace to {@code files}. Call while holding the folder. */
    public WorkspaceUpdate syncDev(ProjectFiles files) {
        return sync(dev, files);
    }

    private static WorkspaceUpdate sync(WorkspaceSync workspace, ProjectFiles files) {
        synchronized (workspace) {
            try {
                return workspace.sync(files);
            } catch (IOException | UncheckedIOException e) {
                try {
                    Directories.deleteRecursively(workspace.root());  // the next sync starts afresh
                } catch (UncheckedIOException ignored) {
                    // Reported below; the next sync tries again.
                }
                throw new PreviewException("Cannot update the session workspace " + workspace.root() + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /** Marks the session closed: the folder goes once nothing holds it. Idempotent. */
    public synchronized void close() {
        closed = true;
        releaseIfDone();
    }

    private void releaseIfDone() {
        if (closed && holders == 0 && !released) {
            released = true;
            cleanup.execute(() -> {
                try {
                    release.accept(this);
                } catch (RuntimeException e) {
                    LOG.warn("Releasing session folder {} failed", folder, e);
                }
                try {
                    Directories.deleteRecursively(folder);
                } catch (UncheckedIOException e) {
                    LOG.warn("Cannot delete session folder {}; it goes at the next start", folder, e);
                }
            });
        }
    }

    @Override
    public String toString() {
        return "SessionFolder[" + folder + "]";
    }
}
