package dev.previewkit.internal.session;

import dev.previewkit.BuildHandle;
import dev.previewkit.BuildListener;
import dev.previewkit.BuildPhase;
import dev.previewkit.BuildProfile;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.DevServer;
import dev.previewkit.DevServerOptions;
import dev.previewkit.OutputLine;
import dev.previewkit.PreviewSession;
import dev.previewkit.PreviewVersion;
import dev.previewkit.ProjectFiles;
import dev.previewkit.SessionEvent;
import dev.previewkit.VersionState;
import dev.previewkit.internal.cache.ArtifactStore;
import dev.previewkit.internal.pipeline.BuildEngine;
import dev.previewkit.internal.pipeline.BuildPipeline;
import dev.previewkit.internal.workspace.SessionFolder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link PreviewSession} of a {@link SessionRegistry}; see the interface for the contract. */
final class DefaultSession implements PreviewSession {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultSession.class);

    /** The session-wide settings, the profile of every build among them. */
    record Settings(boolean supersedeRunning, int maxVersions, int eventBuffer, BuildProfile profile) {}

    private final String id;
    private final String basePath;
    private final BuildEngine engine;
    private final ArtifactStore artifacts;
    private final SessionFolder folder;
    private final SessionDevServer.Services devServices;
    private final Settings settings;
    private final Runnable touch;
    private final SessionEvents events;
    private final List<Version> versions = new ArrayList<>();
    private int submissions;
    private Version current;
    private AutoCloseable currentHold;
    private SessionDevServer devServer;
    private boolean closed;

    DefaultSession(String id, String basePath, BuildEngine engine, ArtifactStore artifacts, SessionFolder folder,
            SessionDevServer.Services devServices, Settings settings, Executor eventExecutor, Runnable touch) {
        this.id = id;
        this.basePath = basePath;
        this.engine = engine;
        this.artifacts = artifacts;
        this.folder = folder;
        this.devServices = devServices;
        this.settings = settings;
        this.touch = touch;
        this.events = new SessionEvents(id, eventExecutor, settings.eventBuffer());
    }

    /** The latest submission, its files as the doctor left them: the previous version of the next one. */
    private BuildPipeline.Job lastJob;

    /** One submission and what became of it; guarded by the session's lock. */
    private static final class Version {
        final String id;
        final int number;
        final Instant submitted = Instant.now();
        VersionState state = VersionState.QUEUED;
        BuildHandle handle;
        BuildResult result;
        boolean superseded;

        Version(int number) {
            this.id = "v" + number;
            this.number = number;
        }

        PreviewVersion snapshot() {
            return new PreviewVersion(id, number, state, submitted, Optional.ofNullable(result));
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String basePath() {
        return basePath;
    }

    @Override
    public BuildProfile buildProfile() {
        return settings.profile();
    }

    @Override
    public BuildHandle submit(ProjectFiles files) {
        touch.run();
        BuildPipeline.Job job = engine.plan(files, basePath, settings.profile());  // invalid input is refused before it becomes a version
        Version version;
        Optional<ProjectFiles> previous;
        List<BuildHandle> replaced = new ArrayList<>();
        SessionDevServer dev;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("Session " + id + " is closed");
            }
            previous = Optional.ofNullable(lastJob).map(BuildPipeline.Job::files);
            lastJob = job;
            dev = devServer;
            version = new Version(++submissions);
            for (Version older : versions) {
                if (older.state == VersionState.QUEUED
                        || (older.state == VersionState.RUNNING && settings.supersedeRunning())) {
                    older.superseded = true;
                    if (older.handle != null) {
                        replaced.add(older.handle);  // else its own submit cancels it once it has its handle
                    }
                }
            }
            versions.add(version);
            trim();
            publish(version);
        }
        if (dev != null) {
            dev.update(job);  // the dev server shows the files at once; the build publishes them as a version
        }
        replaced.forEach(BuildHandle::cancel);
        BuildHandle handle = engine.start(job, new BuildEngine.Submission(Optional.of(id),
                List.of(new VersionListener(version)), previous, Optional.of(folder)));
        boolean cancel;
        synchronized (this) {
            version.handle = handle;
            cancel = version.superseded || closed;  // superseded or closed while it was being started
        }
        if (cancel) {
            handle.cancel();
        }
        CompletableFuture<BuildResult> recorded = handle.result().whenComplete((result, error) -> finish(version,
                result, error));
        return new VersionHandle(handle, recorded);
    }

    /** The handle of one version: its result completes once the session has recorded the version's outcome. */
    private record VersionHandle(BuildHandle build, CompletableFuture<BuildResult> recorded) implements BuildHandle {
        @Override
        public String id() {
            return build.id();
        }

        @Override
        public CompletableFuture<BuildResult> result() {
            return recorded.copy();
        }

        @Override
        public void cancel() {
            build.cancel();
        }
    }

    /** Turns a build's events into this session's events. */
    private final class VersionListener implements BuildListener {
        private final Version version;

        VersionListener(Version version) {
            this.version = version;
        }

        @Override
        public void phaseStarted(String buildId, BuildPhase phase) {
            if (phase == BuildPhase.WORKSPACE) {
                synchronized (DefaultSession.this) {
                    if (version.state == VersionState.QUEUED) {
                        version.state = VersionState.RUNNING;
                        publish(version);
                    }
                }
            }
        }

        @Override
        public void outputLine(String buildId, OutputLine line) {
            events.emit(new SessionEvent.Output(id, version.id, line));
        }
    }

    private void finish(Version version, BuildResult result, Throwable error) {
        boolean succeeded = error == null && result.status() == BuildStatus.SUCCEEDED;
        // taken outside the lock (the artifact store locks and reads its index); dropped below if not needed
        Optional<AutoCloseable> hold = succeeded ? artifacts.hold(result.artifact().orElseThrow().id())
                : Optional.empty();
        AutoCloseable released = hold.orElse(null);
        synchronized (this) {
            version.result = result;
            version.state = error != null ? VersionState.FAILED : switch (result.status()) {
                case SUCCEEDED -> VersionState.SUCCEEDED;
                case FAILED, INFRASTRUCTURE_FAILURE -> VersionState.FAILED;
                case TIMED_OUT -> VersionState.TIMED_OUT;
                case CANCELLED -> version.superseded ? VersionState.SUPERSEDED : VersionState.CANCELLED;
            };
            if (hold.isPresent() && !closed && (current == null || version.number > current.number)) {
                released = currentHold;
                currentHold = hold.get();
                current = version;
            }
            trim();
            publish(version);
        }
        closeQuietly(released);
        if (error != null) {
            LOG.warn("Session {} version {} ended with an infrastructure fault", id, version.id, error);
        }
    }

    /** Keeps the newest versions, never dropping the current one or one still in progress. */
    private void trim() {
        int excess = versions.size() - settings.maxVersions();
        for (Iterator<Version> it = versions.iterator(); excess > 0 && it.hasNext(); ) {
            Version oldest = it.next();
            if (oldest != current && oldest.state.isFinal()) {
                it.remove();
                excess--;
            }
        }
    }

    /**
     * Queues the event of a version's new state; called under the session's lock, in the same step as the change,
     * so that events keep the order of the changes. Listeners get it later, outside the lock ({@link SessionEvents}).
     */
    private void publish(Version version) {
        events.emit(new SessionEvent.VersionChanged(id, version.snapshot(),
                Optional.ofNullable(current).map(Version::snapshot)));
    }

    @Override
    public Optional<PreviewVersion> current() {
        touch.run();  // a cache call: never under the session's lock
        synchronized (this) {
            return Optional.ofNullable(current).map(Version::snapshot);
        }
    }

    @Override
    public synchronized Optional<PreviewVersion> latest() {
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1).snapshot());
    }

    @Override
    public synchronized Optional<PreviewVersion> building() {
        return versions.stream().filter(v -> !v.state.isFinal()).reduce((a, b) -> b).map(Version::snapshot);
    }

    @Override
    public synchronized Optional<PreviewVersion> version(String versionId) {
        return versions.stream().filter(v -> v.id.equals(versionId)).findFirst().map(Version::snapshot);
    }

    @Override
    public synchronized List<PreviewVersion> versions() {
        return versions.stream().map(Version::snapshot).toList();
    }

    @Override
    public DevServer startDevServer(DevServerOptions options) {
        Objects.requireNonNull(options, "options");
        touch.run();
        BuildPipeline.Job job;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("Session " + id + " is closed");
            }
            if (devServer != null && !devServer.isClosed()) {
                return devServer;
            }
            if (lastJob == null) {
                throw new IllegalStateException("Session " + id + " has no submission to serve: submit files first");
            }
            job = lastJob;
        }
        if (!devServices.backend().capabilities().devServer()) {
            throw new IllegalStateException("Backend " + devServices.backend().id() + " cannot run dev servers");
        }
        SessionDevServer started = SessionDevServer.start(id, folder, options, devServices, job);
        BuildPipeline.Job newest;
        synchronized (this) {
            if (closed || (devServer != null && !devServer.isClosed())) {
                SessionDevServer kept = closed ? null : devServer;
                started.close();
                if (kept == null) {
                    throw new IllegalStateException("Session " + id + " closed while its dev server started");
                }
                return kept;
            }
            devServer = started;
            newest = lastJob;
        }
        if (newest != job) {
            started.update(newest);  // submitted while the server started
        }
        return started;
    }

    @Override
    public synchronized Optional<DevServer> devServer() {
        if (devServer != null && devServer.isClosed()) {
            devServer = null;
        }
        return Optional.ofNullable(devServer);
    }

    @Override
    public void addListener(Consumer<SessionEvent> listener) {
        events.addListener(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public Flow.Publisher<SessionEvent> events() {
        return events.publisher();
    }

    @Override
    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        List<BuildHandle> running = new ArrayList<>();
        AutoCloseable hold;
        SessionDevServer dev;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            versions.stream().filter(v -> !v.state.isFinal() && v.handle != null).forEach(v -> running.add(v.handle));
            hold = currentHold;
            currentHold = null;
            dev = devServer;
            devServer = null;
        }
        running.forEach(BuildHandle::cancel);
        if (dev != null) {
            dev.close();
        }
        folder.close();
        closeQuietly(hold);
        events.closeSubscribers();
        LOG.info("Session {} closed", id);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("Cannot release an artifact hold", e);
        }
    }

    @Override
    public String toString() {
        return "PreviewSession[" + id + "]";
    }
}
