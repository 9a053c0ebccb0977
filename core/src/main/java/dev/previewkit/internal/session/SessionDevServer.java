package dev.previewkit.internal.session;

import dev.previewkit.BuildPhase;
import dev.previewkit.DevServer;
import dev.previewkit.DevServerOptions;
import dev.previewkit.OutputLine;
import dev.previewkit.PhaseTimeout;
import dev.previewkit.PreviewException;
import dev.previewkit.internal.cache.DependencyStore;
import dev.previewkit.internal.log.BoundedLog;
import dev.previewkit.internal.log.Redactor;
import dev.previewkit.internal.pipeline.BuildPipeline;
import dev.previewkit.internal.workspace.SessionFolder;
import dev.previewkit.spi.BuildBackend;
import dev.previewkit.spi.DevServerRequest;
import dev.previewkit.spi.RunningDevServer;
import dev.previewkit.spi.StepFailedException;
import dev.previewkit.spi.TimedContext;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DevServer} of one session: keeps the session's dev workspace equal to its newest submission, holds the
 * dependency set the server runs on, and starts the server again on a new set when a submission changes the
 * dependencies (or when it had crashed). Updates run in submission order on a thread of their own, so
 * {@code submit} never waits for them. Thread-safe.
 */
final class SessionDevServer implements DevServer {
    private static final Logger LOG = LoggerFactory.getLogger(SessionDevServer.class);
    private static final int LOG_CHARS = 64 * 1024;

    /** What every dev server of a builder needs. */
    record Services(BuildBackend backend, DependencyStore dependencies) {}

    private final String sessionId;
    private final SessionFolder folder;
    private final DevServerOptions options;
    private final Services services;
    private final BoundedLog log = new BoundedLog(LOG_CHARS);
    private final ExecutorService updates;
    private final AutoCloseable hold;
    private volatile RunningDevServer running;
    private DependencyStore.Lease lease;
    private String dependencyKey;
    private boolean closed;

    private SessionDevServer(String sessionId, SessionFolder folder, DevServerOptions options, Services services) {
        this.sessionId = sessionId;
        this.folder = folder;
        this.options = options;
        this.services = services;
        this.hold = folder.hold();
        this.updates = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "previewkit-dev-" + sessionId);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts a dev server for {@code job}'s files and blocks until it answers.
     *
     * @throws PreviewException when it does not start
     */
    static SessionDevServer start(String sessionId, SessionFolder folder, DevServerOptions options, Services services,
            BuildPipeline.Job job) {
        SessionDevServer server = new SessionDevServer(sessionId, folder, options, services);
        try {
            server.launch(job);
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Brings the server to {@code job}'s files, in the background: written in place, or a restart on new dependencies. */
    void update(BuildPipeline.Job job) {
        updates.execute(() -> {
            try {
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    RunningDevServer current = running;
                    if (current != null && current.isAlive() && job.dependencyKey().equals(dependencyKey)) {
                        folder.syncDev(job.files());
                    } else {
                        launch(job);
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("Session {}: the dev server could not take the new version", sessionId, e);
                log.append("[previewkit] the dev server could not take the new version: " + e.getMessage());
            }
        });
    }

    /** Writes the files, gets their dependency set (installing it if needed) and starts a server on it. */
    private synchronized void launch(BuildPipeline.Job job) {
        folder.syncDev(job.files());
        PhaseTimeout timeout = PhaseTimeout.of(options.startTimeout(), options.startTimeout());
        try (TimedContext context = TimedContext.builder("dev-" + sessionId, timeout)
                .phase(BuildPhase.INSTALL)
                .scratchDirectory(folder.devCache())
                .output(this::output)
                .start()) {
            DependencyStore.Lease set = services.dependencies().acquire(job.dependencyKey(), job.files(),
                    job.manifest(), context, true);
            RunningDevServer started;
            try {
                started = services.backend().startDevServer(new DevServerRequest(sessionId, folder.devWorkspace(),
                        folder.devCache(), options.allowedHosts(), this::output), set.set(), context);
            } catch (RuntimeException e) {
                set.close();
                throw e;
            }
            stopServer();
            running = started;
            lease = set;
            dependencyKey = job.dependencyKey();
            LOG.info("Session {}: dev server answers at {}", sessionId, started.uri());
        } catch (StepFailedException e) {
            throw new PreviewException("The dev server of session " + sessionId + " did not start (" + e.status()
                    + "): " + e.getMessage() + tail(), e);
        }
    }

    private void output(OutputLine.Stream stream, String line) {
        String clean = Redactor.redact(line);
        log.append(clean);
        LOG.debug("[dev {} {}] {}", sessionId, stream, clean);
    }

    private String tail() {
        String text = log.text();
        return text.isEmpty() ? "" : "\n" + text.substring(Math.max(0, text.length() - 2000));
    }

    /** Stops the running server and lets go of its set. */
    private void stopServer() {
        RunningDevServer old = running;
        running = null;
        if (old != null) {
            old.close();
        }
        if (lease != null) {
            lease.close();
            lease = null;
        }
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public URI uri() {
        RunningDevServer current = running;
        if (current == null) {
            throw new IllegalStateException("The dev server of session " + sessionId + " is not running");
        }
        return current.uri();
    }

    @Override
    public boolean isRunning() {
        RunningDevServer current = running;
        return current != null && current.isAlive();
    }

    @Override
    public String log() {
        return log.text();
    }

    /** Whether {@link #close()} was called. */
    synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        updates.shutdownNow();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stopServer();
        }
        try {
            hold.close();
        } catch (Exception e) {
            LOG.warn("Cannot release the folder of session {}", sessionId, e);
        }
        LOG.info("Session {}: dev server closed", sessionId);
    }

    @Override
    public String toString() {
        return "DevServer[" + sessionId + "]";
    }
}
