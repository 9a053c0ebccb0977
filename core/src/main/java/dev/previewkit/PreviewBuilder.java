package dev.previewkit;

import dev.previewkit.internal.cache.ArtifactStore;
import dev.previewkit.internal.cache.DependencyStore;
import dev.previewkit.internal.fs.Directories;
import dev.previewkit.internal.doctor.ProjectDoctor;
import dev.previewkit.internal.doctor.ProjectTemplate;
import dev.previewkit.internal.doctor.VersionResolver;
import dev.previewkit.internal.pipeline.BuildEngine;
import dev.previewkit.internal.pipeline.BuildPipeline;
import dev.previewkit.internal.session.SessionRegistry;
import dev.previewkit.internal.toolchain.ModernToolchain;
import dev.previewkit.internal.workspace.SessionFolders;
import dev.previewkit.spi.Availability;
import dev.previewkit.spi.BackendCapabilities;
import dev.previewkit.spi.BuildBackend;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * Builds previews: turns {@link ProjectFiles} into a published {@link Artifact} through a
 * {@link BuildBackend}.
 *
 * <pre>{@code
 * try (PreviewBuilder previews = PreviewBuilder.configure()
 *         .backend(LocalNpmBackend.create())
 *         .workDirectory(Path.of("/var/lib/previews"))
 *         .build()) {
 *     BuildResult result = previews.build(ProjectFiles.fromDirectory(project));
 *     if (result.succeeded()) {
 *         serve(result.artifact().orElseThrow().root());
 *     }
 * }
 * }</pre>
 *
 * <p>Thread-safe: any number of threads may call {@link #build} and {@link #start}; at most
 * {@code maxConcurrentBuilds} builds run at once and the rest wait in order. Each build gets a fresh workspace
 * under the work directory, deleted when it ends.
 *
 * <p>Two caches make repeated builds cheap, both on disk under the work directory and kept across restarts:
 * installed dependency sets ({@code dependencies/}, keyed by what shapes {@code node_modules}) and artifacts
 * ({@code artifacts/}, keyed by every input of a build). Identical input returns the stored artifact without
 * building; a change to sources only reuses the installed dependencies; a new dependency set is installed once,
 * even when requested concurrently or by another process sharing the work directory. Every result says what
 * was reused, and why not ({@link BuildResult#cacheDecisions()}).
 *
 * <p>For a stream of versions of one project (an AI builder's session), use {@link #session(String)}: latest
 * submission wins, the last good version stays current, and builds are queued fairly across sessions.
 *
 * <p>{@link #close()} closes sessions, cancels unfinished builds and closes the backend, which this builder owns.
 */
public final class PreviewBuilder implements AutoCloseable {
    private final BuildBackend backend;
    private final BuildEngine engine;
    private final DependencyStore dependencies;
    private final SessionFolders folders;
    private final SessionRegistry sessions;
    private final String basePath;
    private final BuildProfile profile;

    private PreviewBuilder(BuildBackend backend, BuildEngine engine, DependencyStore dependencies,
            SessionFolders folders, SessionRegistry sessions, String basePath, BuildProfile profile) {
        this.backend = backend;
        this.engine = engine;
        this.dependencies = dependencies;
        this.folders = folders;
        this.sessions = sessions;
        this.basePath = basePath;
        this.profile = profile;
    }

    /** Starts a configuration; {@link Config#backend} is the only required setting. */
    public static Config configure() {
        return new Config();
    }

    /**
     * Builds a project and blocks until it ends. A failed, timed-out or cancelled build is returned as a
     * result, not thrown.
     *
     * @throws InvalidProjectException when {@code package.json} is malformed or declares an unsafe dependency
     * @throws PreviewException        for an infrastructure fault, or when the calling thread is interrupted
     *                                 (the build is then cancelled)
     * @throws IllegalStateException   when this builder is closed
     */
    public BuildResult build(ProjectFiles files) {
        BuildHandle handle = start(files);
        try {
            return handle.result().get();
        } catch (InterruptedException e) {
            handle.cancel();
            Thread.currentThread().interrupt();
            throw new PreviewException("Interrupted while waiting for build " + handle.id(), e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof PreviewException cause ? cause
                    : new PreviewException("Build " + handle.id() + " failed unexpectedly", e.getCause());
        }
    }

    /**
     * Queues a build with the configured {@link Config#buildProfile build profile} and returns at once. The
     * project doctor runs on the calling thread first: it adds the files a project lacks from the template and
     * declares packages that code imports but {@code package.json} does not, looking their versions up in the
     * registry together (this call blocks up to 10 s for that, however many packages there are; an answer is
     * reused for an hour, a failure for a minute); the result lists each change, and warns
     * ({@code VERSION_UNRESOLVED}) about each package declared as {@code latest} because no version was found.
     *
     * @throws InvalidProjectException when {@code package.json} is malformed or declares an unsafe dependency
     * @throws IllegalStateException   when this builder is closed
     */
    public BuildHandle start(ProjectFiles files) {
        Objects.requireNonNull(files, "files");
        return engine.start(engine.plan(files, basePath, profile), BuildEngine.Submission.alone());
    }

    /**
     * The session with this id, created when it does not exist (or expired), building for the configured base
     * path with the {@link Config#sessionBuildProfile session build profile}.
     *
     * @throws IllegalArgumentException when the id is not 1 to 63 letters, digits, '-' or '_' starting with a
     *     letter or digit, or the session exists with another base path
     */
    public PreviewSession session(String id) {
        return sessions.session(id, basePath);
    }

    /**
     * The session with this id, building for {@code basePath} (such as {@code /preview/42/} when previews are
     * served under a path) with the {@link Config#sessionBuildProfile session build profile}.
     *
     * @throws IllegalArgumentException for an invalid id or base path, or a session that exists with another
     *     base path
     */
    public PreviewSession session(String id, String basePath) {
        return sessions.session(id, checkBasePath(basePath));
    }

    /** The session with this id, if it exists and has not expired; does not create one. */
    public Optional<PreviewSession> findSession(String id) {
        return sessions.find(id);
    }

    /** The backend builds run on. */
    public BuildBackend backend() {
        return backend;
    }

    /**
     * Closes sessions (their dev servers stop), cancels queued and running builds, waits up to 30 seconds for them
     * to stop, up to 30 seconds for the backend to release the sessions' workspaces and up to 30 seconds for
     * dependency sets being discarded, and closes the backend. Idempotent.
     */
    @Override
    public void close() {
        sessions.close();
        engine.close();
        folders.close(30);
        dependencies.close(30);
        try {
            backend.close();
        } catch (Exception e) {
            throw new PreviewException("Cannot close backend " + backend.id() + ": " + e.getMessage(), e);
        }
    }

    private static String checkBasePath(String basePath) {
        Objects.requireNonNull(basePath, "basePath");
        if (!basePath.startsWith("/") || !basePath.endsWith("/") || basePath.contains("..")
                || basePath.chars().anyMatch(c -> c < 0x21 || c == '\\' || c == '"' || c == '\'')) {
            throw new IllegalArgumentException("basePath must start and end with '/' and hold no spaces,"
                    + " quotes, backslashes or '..': " + basePath);
        }
        return basePath;
    }

    /**
     * The settings of a {@link PreviewBuilder}. Each setter checks its argument at once. Not thread-safe.
     */
    public static final class Config {
        private BuildBackend backend;
        private Path workDirectory = Path.of(System.getProperty("java.io.tmpdir"), "previewkit");
        private int maxConcurrentBuilds = 2;
        private PhaseTimeout installTimeout = PhaseTimeout.of(Duration.ofMinutes(2), Duration.ofMinutes(10));
        private PhaseTimeout buildTimeout = PhaseTimeout.of(Duration.ofMinutes(2), Duration.ofMinutes(5));
        private String basePath = "/";
        private BuildProfile buildProfile = BuildProfile.PRODUCTION;
        private BuildProfile sessionBuildProfile;
        private OutputLimits outputLimits = OutputLimits.DEFAULT;
        private CacheLimits dependencyCache = CacheLimits.DEFAULT_DEPENDENCIES;
        private CacheLimits artifactCache = CacheLimits.DEFAULT_ARTIFACTS;
        private final List<BuildListener> listeners = new ArrayList<>();
        private Duration sessionIdleTimeout = Duration.ofMinutes(30);
        private boolean supersedeRunningBuilds = true;
        private int maxVersionsPerSession = 20;
        private String template = "react-ts";
        private boolean allowUnsafeDependencies;
        private boolean typeCheck;
        private URI npmRegistry = URI.create("https://registry.npmjs.org/");

        private Config() {}

        /** The backend that installs and builds. Required. */
        public Config backend(BuildBackend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /**
         * The folder for workspaces and artifacts; created when missing. Defaults to
         * {@code java.io.tmpdir/previewkit}.
         */
        public Config workDirectory(Path workDirectory) {
            this.workDirectory = Objects.requireNonNull(workDirectory, "workDirectory").toAbsolutePath();
            return this;
        }

        /** How many builds may run at once; 2 by default. */
        public Config maxConcurrentBuilds(int builds) {
            if (builds < 1) {
                throw new IllegalArgumentException("maxConcurrentBuilds must be at least 1: " + builds);
            }
            this.maxConcurrentBuilds = builds;
            return this;
        }

        /** Limits of the install phase; 2 minutes idle and a 10-minute deadline by default. */
        public Config installTimeout(PhaseTimeout timeout) {
            this.installTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Limits of the build phase; 2 minutes idle and a 5-minute deadline by default. */
        public Config buildTimeout(PhaseTimeout timeout) {
            this.buildTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * The public path the preview is served under, such as {@code /preview/42/}; {@code /} by default.
         * Must start and end with {@code /}.
         */
        public Config basePath(String basePath) {
            this.basePath = checkBasePath(basePath);
            return this;
        }

        /**
         * The profile of {@link PreviewBuilder#build} and {@link PreviewBuilder#start}: {@link BuildProfile#PRODUCTION}
         * by default, the project's own build settings; {@link BuildProfile#PREVIEW} skips minification, the
         * compressed-size report and source maps.
         */
        public Config buildProfile(BuildProfile profile) {
            this.buildProfile = Objects.requireNonNull(profile, "profile");
            return this;
        }

        /**
         * The profile of every session's builds: by default {@link BuildProfile#PREVIEW}, since a session's versions
         * are looked at, not shipped, with the modern toolchain when the backend can override the toolchain (without
         * it otherwise); {@code BuildProfile.PREVIEW.withSourceMaps(true)} adds source maps for debugging in the
         * browser, {@code withModernToolchain(false)} always builds with the project's own Vite, and
         * {@link BuildProfile#PRODUCTION} builds as {@code vite build} does.
         */
        public Config sessionBuildProfile(BuildProfile profile) {
            this.sessionBuildProfile = Objects.requireNonNull(profile, "profile");
            return this;
        }

        /** How long a session may go unused before it expires and is closed; 30 minutes by default. */
        public Config sessionIdleTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("sessionIdleTimeout must be positive: " + timeout);
            }
            this.sessionIdleTimeout = timeout;
            return this;
        }

        /**
         * Whether a newer submission to a session cancels the session's running build (true by default); a
         * queued one is always superseded.
         */
        public Config supersedeRunningBuilds(boolean supersede) {
            this.supersedeRunningBuilds = supersede;
            return this;
        }

        /** How many versions a session keeps addressable; 20 by default. */
        public Config maxVersionsPerSession(int versions) {
            if (versions < 1) {
                throw new IllegalArgumentException("maxVersionsPerSession must be at least 1: " + versions);
            }
            this.maxVersionsPerSession = versions;
            return this;
        }

        /** Caps on artifact size and on the log kept in results. */
        public Config outputLimits(OutputLimits limits) {
            this.outputLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Bounds of the dependency store ({@code workDirectory/dependencies}); 10 GiB and 14 days unused by
         * default.
         */
        public Config dependencyCache(CacheLimits limits) {
            this.dependencyCache = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Bounds of the artifact cache ({@code workDirectory/artifacts}); 2 GiB and 7 days unused by default. */
        public Config artifactCache(CacheLimits limits) {
            this.artifactCache = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * The template whose files the project doctor adds when a project lacks them ({@code react-ts} by
         * default): a resource folder {@code dev/previewkit/templates/<name>/} with a {@code template-files.txt}.
         *
         * @throws IllegalArgumentException when there is no such template
         */
        public Config template(String name) {
            ProjectTemplate.named(Objects.requireNonNull(name, "name"));
            this.template = name;
            return this;
        }

        /**
         * Whether {@code file:}, {@code link:}, git and URL dependencies are accepted; false by default, so that
         * a project can only install from the registry.
         */
        public Config allowUnsafeDependencies(boolean allow) {
            this.allowUnsafeDependencies = allow;
            return this;
        }

        /**
         * Whether to run {@code tsc --noEmit} before each build (false by default); type errors then fail the
         * build with diagnostics ({@code TS2322} and the like).
         */
        public Config typeCheck(boolean check) {
            this.typeCheck = check;
            return this;
        }

        /** The registry the doctor asks for the latest version of an undeclared package. */
        public Config npmRegistry(URI registry) {
            this.npmRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Adds a listener for the events of every build. */
        public Config listener(BuildListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Probes the backend, recovers the stores in the work directory (indexing complete entries, deleting
         * ones a crash left incomplete) and creates the builder.
         *
         * @throws IllegalStateException        when no backend was set, or a setting asks for what the backend
         *                                     cannot do (type checking, more concurrent builds than it takes, the
         *                                     modern toolchain); the message names the setting
         * @throws BackendUnavailableException when the backend cannot run builds here; the message says why
         * @throws PreviewException            when the work directory cannot be created
         */
        public PreviewBuilder build() {
            if (backend == null) {
                throw new IllegalStateException("No backend configured: call backend(...) first");
            }
            BackendCapabilities capabilities = backend.capabilities();
            refuseWhatTheBackendCannotServe(capabilities);
            BuildProfile sessionProfile = sessionBuildProfile != null ? sessionBuildProfile
                    : BuildProfile.PREVIEW.withModernToolchain(capabilities.toolchainOverride());
            Availability availability = backend.probe();
            if (!availability.available()) {
                throw new BackendUnavailableException("Backend " + backend.id() + " cannot build: "
                        + availability.detail());
            }
            try {
                Files.createDirectories(workDirectory);
            } catch (IOException e) {
                throw new PreviewException("Cannot create work directory " + workDirectory + ": " + e.getMessage(), e);
            }
            Directories.deleteChildrenOlderThan(workDirectory.resolve("builds"),
                    installTimeout.deadline().plus(buildTimeout.deadline()).plusMinutes(10));
            DependencyStore dependencies = new DependencyStore(workDirectory.resolve("dependencies"),
                    dependencyCache, backend);
            ArtifactStore artifacts = new ArtifactStore(workDirectory.resolve("artifacts"), artifactCache,
                    outputLimits);
            dependencies.recover();
            artifacts.recover();
            ProjectDoctor doctor = new ProjectDoctor(new ProjectDoctor.Settings(template, allowUnsafeDependencies,
                    typeCheck), new VersionResolver(npmRegistry));
            BuildPipeline pipeline = new BuildPipeline(backend,
                    new BuildPipeline.Settings(installTimeout, buildTimeout, typeCheck), doctor, dependencies,
                    artifacts, new ModernToolchain());
            BuildEngine engine = new BuildEngine(pipeline, workDirectory.resolve("builds"), maxConcurrentBuilds,
                    outputLimits.maxLogChars(), listeners);
            SessionFolders folders = new SessionFolders(workDirectory.resolve("sessions"),
                    folder -> backend.releaseWorkspace(folder.buildWorkspace()));
            SessionRegistry sessions = new SessionRegistry(engine, artifacts, folders, backend, dependencies,
                    sessionIdleTimeout, supersedeRunningBuilds, maxVersionsPerSession, sessionProfile);
            return new PreviewBuilder(backend, engine, dependencies, folders, sessions, basePath, buildProfile);
        }

        private void refuseWhatTheBackendCannotServe(BackendCapabilities capabilities) {
            if (typeCheck && !capabilities.typeCheck()) {
                throw new IllegalStateException("typeCheck(true) cannot be served: backend " + backend.id()
                        + " cannot type-check projects");
            }
            for (BuildProfile asked : new BuildProfile[] {buildProfile, sessionBuildProfile}) {
                if (asked != null && asked.modernToolchain() && !capabilities.toolchainOverride()) {
                    throw new IllegalStateException((asked == buildProfile ? "buildProfile" : "sessionBuildProfile")
                            + "(" + asked + ") cannot be served: backend " + backend.id()
                            + " cannot build with the modern toolchain");
                }
            }
            if (maxConcurrentBuilds > capabilities.maxConcurrentBuilds()) {
                throw new IllegalStateException("maxConcurrentBuilds(" + maxConcurrentBuilds + ") cannot be served:"
                        + " backend " + backend.id() + " takes at most " + capabilities.maxConcurrentBuilds()
                        + " builds at once");
            }
        }
    }
}
