package dev.previewkit.internal.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import dev.previewkit.BuildProfile;
import dev.previewkit.PreviewSession;
import dev.previewkit.internal.cache.ArtifactStore;
import dev.previewkit.internal.cache.DependencyStore;
import dev.previewkit.internal.pipeline.BuildEngine;
import dev.previewkit.internal.workspace.SessionFolders;
import dev.previewkit.spi.BuildBackend;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The sessions of one builder, by id. A session unused for the idle timeout expires (Caffeine's scheduler
 * notices without waiting for other activity) and is closed on a thread of the registry's own
 * ({@code previewkit-session-close-N}), never on the thread that happened to touch the cache. Thread-safe.
 */
public final class SessionRegistry implements AutoCloseable {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

    private final BuildEngine engine;
    private final ArtifactStore artifacts;
    private final SessionFolders folders;
    private final SessionDevServer.Services devServices;
    private final DefaultSession.Settings settings;
    private final ExecutorService eventThreads;
    private final ExecutorService closers;
    private final Cache<String, DefaultSession> sessions;

    public SessionRegistry(BuildEngine engine, ArtifactStore artifacts, SessionFolders folders, BuildBackend backend,
            DependencyStore dependencies, Duration idleTimeout, boolean supersedeRunning, int maxVersions,
            BuildProfile profile) {
        this.engine = engine;
        this.artifacts = artifacts;
        this.folders = folders;
        this.devServices = new SessionDevServer.Services(backend, dependencies);
        this.settings = new DefaultSession.Settings(supersedeRunning, maxVersions, 256, profile);
        this.eventThreads = Executors.newCachedThreadPool(daemons("previewkit-events-"));
        this.closers = Executors.newCachedThreadPool(daemons("previewkit-session-close-"));
        this.sessions = Caffeine.newBuilder()
                .expireAfterAccess(idleTimeout)
                .scheduler(Scheduler.systemScheduler())
                .executor(Runnable::run)
                .removalListener((String id, DefaultSession session, RemovalCause cause) -> {
                    if (session != null) {
                        closeLater(session);
                    }
                })
                .build();
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Closes a session that left the cache on a closer thread: closing cancels builds and stops a dev server,
     * which must not hold up whoever touched the cache (or Caffeine's scheduler thread). Once the registry is
     * closed, here.
     */
    private void closeLater(DefaultSession session) {
        try {
            closers.execute(session::close);
        } catch (RejectedExecutionException closing) {
            session.close();
        }
    }

    /**
     * The session with this id, created with {@code basePath} when it does not exist.
     *
     * @throws IllegalArgumentException when the id is not 1 to 63 letters, digits, '-' or '_' (starting with a
     *     letter or digit), or the session exists with another base path
     */
    public PreviewSession session(String id, String basePath) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("A session id is 1 to 63 letters, digits, '-' or '_', starting with"
                    + " a letter or digit: " + id);
        }
        DefaultSession session = sessions.asMap().compute(id, (key, existing) -> existing != null && !existing.isClosed()
                ? existing
                : new DefaultSession(key, basePath, engine, artifacts, folders.create(key), devServices, settings,
                        eventThreads, () -> sessions.getIfPresent(key)));
        if (!session.basePath().equals(basePath)) {
            throw new IllegalArgumentException("Session " + id + " builds for base path " + session.basePath()
                    + ", not " + basePath);
        }
        return session;
    }

    /** The session with this id, if it exists and has not expired. */
    public Optional<PreviewSession> find(String id) {
        return Optional.ofNullable(sessions.getIfPresent(id));
    }

    /** Closes every session, on this thread. */
    @Override
    public void close() {
        sessions.asMap().values().forEach(DefaultSession::close);
        sessions.invalidateAll();
        sessions.cleanUp();
        closers.shutdown();
        eventThreads.shutdown();
    }
}
