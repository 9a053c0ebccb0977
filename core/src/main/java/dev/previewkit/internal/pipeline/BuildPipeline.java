package dev.previewkit.internal.pipeline;

import dev.previewkit.Artifact;
import dev.previewkit.BuildPhase;
import dev.previewkit.BuildProfile;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.CacheDecision;
import dev.previewkit.Diagnostic;
import dev.previewkit.PhaseTimeout;
import dev.previewkit.ProjectChange;
import dev.previewkit.PreviewException;
import dev.previewkit.ProjectFile;
import dev.previewkit.ProjectFiles;
import dev.previewkit.OutputLine;
import dev.previewkit.Toolchain;
import dev.previewkit.internal.cache.ArtifactStore;
import dev.previewkit.internal.cache.BuildOptions;
import dev.previewkit.internal.cache.DependencyStore;
import dev.previewkit.internal.cache.Fingerprints;
import dev.previewkit.internal.doctor.ProjectDoctor;
import dev.previewkit.internal.fs.Directories;
import dev.previewkit.internal.project.PackageManifest;
import dev.previewkit.internal.toolchain.ModernToolchain;
import dev.previewkit.internal.workspace.SessionFolder;
import dev.previewkit.spi.BackendCapabilities;
import dev.previewkit.spi.BuildBackend;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.DependencySet;
import dev.previewkit.spi.BuildOutput;
import dev.previewkit.spi.BuildRequest;
import dev.previewkit.spi.StepFailedException;
import dev.previewkit.spi.ToolchainSet;
import dev.previewkit.spi.WorkspaceUpdate;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one build from validated files to a published artifact: workspace, dependencies (stored set or
 * install), build, publish. Whatever happens, the build's scratch folder is deleted and its hold on the
 * dependency set released before it returns.
 */
public final class BuildPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(BuildPipeline.class);
    static final String MDC_KEY = "previewkit.build";
    /** The code of the warning that the modern toolchain failed and the project's own built the version. */
    public static final String MODERN_TOOLCHAIN_FAILED = "MODERN_TOOLCHAIN_FAILED";

    /** The settings a pipeline runs with. */
    public record Settings(PhaseTimeout installTimeout, PhaseTimeout buildTimeout, boolean typeCheck) {}

    /**
     * One requested build: the files as the doctor left them, what it changed and warned about, their manifest,
     * the base path, the build profile, both keys.
     */
    public record Job(ProjectFiles files, List<ProjectChange> changes, List<Diagnostic> warnings,
            PackageManifest manifest, String basePath, BuildProfile profile, String dependencyKey,
            String outputKey) {}

    private final BuildBackend backend;
    private final Settings settings;
    private final ProjectDoctor doctor;
    private final DependencyStore dependencies;
    private final ArtifactStore artifacts;
    private final ModernToolchain toolchain;
    private final String toolchainKey;

    public BuildPipeline(BuildBackend backend, Settings settings, ProjectDoctor doctor,
            DependencyStore dependencies, ArtifactStore artifacts, ModernToolchain toolchain) {
        this.backend = backend;
        this.settings = settings;
        this.doctor = doctor;
        this.dependencies = dependencies;
        this.artifacts = artifacts;
        this.toolchain = toolchain;
        this.toolchainKey = Fingerprints.dependencyKey(toolchain.installFiles(), toolchain.manifest(), backend.id());
    }

    /**
     * Runs the project doctor, checks the manifest and computes the cache keys, on the calling thread. The
     * doctor may look up the latest versions of undeclared packages in the registry (together, within 10 s).
     *
     * @throws dev.previewkit.InvalidProjectException when package.json is malformed or declares an unsafe
     *     dependency
     */
    Job plan(ProjectFiles given, String basePath, BuildProfile profile) {
        ProjectDoctor.Report report = doctor.examine(given);
        ProjectFiles files = report.files();
        PackageManifest manifest = PackageManifest.read(files);
        String dependencyKey = Fingerprints.dependencyKey(files, manifest, backend.id());
        String outputKey = Fingerprints.outputKey(dependencyKey, files, BuildOptions.vite(basePath, profile));
        return new Job(files, report.changes(), report.warnings(), manifest, basePath, profile, dependencyKey,
                outputKey);
    }

    /** The stored artifact of an identical earlier build, if there is one. */
    Optional<Artifact> storedArtifact(Job job) {
        return artifacts.lookup(job.outputKey());
    }

    /** The decision for a job whose artifact is not stored. */
    CacheDecision artifactMiss(Job job) {
        return new CacheDecision(CacheDecision.Kind.ARTIFACT, CacheDecision.Outcome.MISS, job.outputKey(),
                artifacts.missReason(job.outputKey()));
    }

    /**
     * Runs the build to its end.
     *
     * @throws PreviewException for an infrastructure fault, such as an unwritable work directory
     */
    BuildResult run(BuildRun run, Job job, BuildEngine.Submission submission) {
        MDC.put(MDC_KEY, run.buildId());
        Leases leases = new Leases();
        try {
            BackendCapabilities capabilities = backend.capabilities();
            run.toolWorkspace(backend.toolWorkspace());
            Optional<SessionFolder> folder = capabilities.warmSessions() ? submission.folder() : Optional.empty();
            Prepared prepared = run.phase(BuildPhase.WORKSPACE,
                    () -> prepare(run.scratch(), job.files(), capabilities.hostWorkspace(), folder, leases));
            prepared.workspace().ifPresent(run::workspace);
            run.packageManager(job.manifest().packageManager());
            ModernToolchain.Decision toolchainDecision = job.profile().modernToolchain() && capabilities.toolchainOverride()
                    ? toolchain.decide(job.files(), job.manifest(), job.dependencyKey())
                    : new ModernToolchain.Decision.Keep(Toolchain.PROJECT);
            DependencyStore.Lease lease = run.phase(BuildPhase.INSTALL, settings.installTimeout(), context -> {
                leases.project = dependencies.acquire(job.dependencyKey(), job.files(), job.manifest(), context, true);
                if (toolchainDecision instanceof ModernToolchain.Decision.Use) {
                    leases.toolchain = dependencies.acquire(toolchainKey, toolchain.installFiles(),
                            toolchain.manifest(), context, false);
                }
                return leases.project;
            });
            run.decide(lease.decision());
            run.warnings(lease.warnings());
            run.packageManager(lease.set().packageManager());
            Optional<ToolchainSet> toolchainSet = Optional.ofNullable(leases.toolchain).map(held -> {
                run.decide(new CacheDecision(CacheDecision.Kind.TOOLCHAIN, held.decision().outcome(),
                        held.decision().key(), held.decision().reason()));
                return new ToolchainSet(held.set(), ModernToolchain.REPLACED, toolchain.versions());
            });
            BuildRequest request = new BuildRequest(job.files(), prepared.workspace(), job.basePath(), job.profile(),
                    submission.owner(), submission.previous(), prepared.update(), toolchainSet);
            if (settings.typeCheck()) {
                run.phase(BuildPhase.TYPECHECK, settings.buildTimeout(), context -> {
                    backend.typeCheck(request, lease.set(), context);
                    return null;
                });
            }
            Toolchain chosen = toolchainDecision instanceof ModernToolchain.Decision.Use use ? use.toolchain()
                    : ((ModernToolchain.Decision.Keep) toolchainDecision).toolchain();
            Built built = run.phase(BuildPhase.BUILD, settings.buildTimeout(),
                    context -> build(run, job, request, lease.set(), chosen, context));
            Artifact artifact = run.phase(BuildPhase.PUBLISH, settings.buildTimeout(), context ->
                    artifacts.publish(built.output(), job.outputKey(), job.profile(), built.toolchain(), context));
            return run.finish(BuildStatus.SUCCEEDED, Optional.of(artifact), artifact.previewUri()
                    .map(uri -> "Built; the preview is served at " + uri)
                    .orElse("Built " + artifact.files().size() + " files"));
        } catch (StepFailedException e) {
            run.note(e.getMessage());
            if (e.getCause() != null) {
                run.note("caused by " + e.getCause());  // an infrastructure fault keeps what the backend saw
            }
            return run.finish(e.status(), Optional.empty(), e.getMessage(), e.retryable());
        } finally {
            leases.close();
            deleteQuietly(run.scratch());
            MDC.remove(MDC_KEY);
        }
    }

    /** What the build phase made, and with which toolchain. */
    private record Built(BuildOutput output, Toolchain toolchain) {}

    /**
     * Builds with the request's toolchain; when the modern toolchain's build fails, builds again with the
     * project's own (only its errors become the result's diagnostics) and remembers the dependency set's failure.
     */
    private Built build(BuildRun run, Job job, BuildRequest request, DependencySet set, Toolchain chosen,
            BuildContext context) {
        if (request.toolchain().isEmpty()) {
            return new Built(backend.build(request, set, context), chosen);
        }
        try {
            return new Built(backend.build(request, set, context), chosen);
        } catch (StepFailedException e) {
            if (e.status() != BuildStatus.FAILED) {
                throw e;
            }
            toolchain.failed(job.dependencyKey());
            run.warnings(List.of(modernToolchainFailed(e.getMessage())));
            context.output(OutputLine.Stream.STDERR, "[previewkit] The build with the modern toolchain ("
                    + toolchain.versions() + ") failed: " + e.getMessage() + "; building with the project's own");
            run.restartDiagnostics(BuildPhase.BUILD);
            return new Built(backend.build(request.withoutToolchain(), set, context),
                    Toolchain.project("the build with the modern toolchain failed (" + e.getMessage() + ")"));
        }
    }

    /** The warning of a build whose modern toolchain build failed and that the project's own toolchain built. */
    private static Diagnostic modernToolchainFailed(String message) {
        return new Diagnostic(BuildPhase.BUILD, Diagnostic.Severity.WARNING, Optional.empty(), OptionalInt.empty(),
                OptionalInt.empty(), Optional.of(MODERN_TOOLCHAIN_FAILED), "The build with the modern toolchain failed ("
                + message.lines().findFirst().orElse("") + "); the project's own toolchain built it", Optional.empty());
    }

    /** What a build holds until it ends: the session's folder, the project's set, the toolchain set. */
    private static final class Leases implements AutoCloseable {
        AutoCloseable folder;
        DependencyStore.Lease project;
        DependencyStore.Lease toolchain;

        @Override
        public void close() {
            if (toolchain != null) {
                toolchain.close();
            }
            if (project != null) {
                project.close();
            }
            if (folder != null) {
                try {
                    folder.close();
                } catch (Exception e) {
                    LOG.warn("Cannot release a session folder", e);
                }
            }
        }
    }

    /** The workspace a build writes to, if the backend wants one, and what changed in a lasting one. */
    private record Prepared(Optional<Path> workspace, Optional<WorkspaceUpdate> update) {}

    /**
     * Creates the build's scratch folder and, for a backend that wants one, writes the files into a workspace: a
     * fresh one in the scratch folder, where every folder and file is created new, never overwritten; or the
     * session's lasting workspace, brought up to date by writing only what changed (see {@link SessionFolder}).
     * Each file is streamed (large ones are never in the heap) and copied, not linked: a build may write into
     * its workspace, {@code public/} included, and must not reach the caller's files or the spill store.
     *
     * @throws dev.previewkit.InvalidProjectException (SOURCE_CHANGED) when a file kept on disk changed
     */
    private static Prepared prepare(Path scratch, ProjectFiles files, boolean hostWorkspace,
            Optional<SessionFolder> folder, Leases leases) {
        try {
            Files.createDirectories(scratch.getParent());
            Files.createDirectory(scratch);
            Files.createDirectory(scratch.resolve("tmp"));
            if (!hostWorkspace) {
                return new Prepared(Optional.empty(), Optional.empty());
            }
            if (folder.isPresent()) {
                try {
                    leases.folder = folder.get().hold();
                } catch (IllegalStateException e) {
                    throw new StepFailedException(BuildStatus.CANCELLED, "The session closed before its build ran");
                }
                WorkspaceUpdate update = folder.get().syncBuild(files);
                return new Prepared(Optional.of(folder.get().buildWorkspace()), Optional.of(update));
            }
            Path workspace = Files.createDirectory(scratch.resolve("workspace"));
            for (ProjectFile file : files.files()) {
                write(workspace, file);
            }
            return new Prepared(Optional.of(workspace), Optional.empty());
        } catch (IOException e) {
            throw new PreviewException("Cannot write the workspace under " + scratch + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path root, ProjectFile file) throws IOException {
        Path target = root.resolve(file.path()).normalize();
        if (!target.startsWith(root)) {
            throw new IllegalStateException("validated path escaped its root: " + file.path());
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = file.openStream();
                OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            in.transferTo(out);
        }
    }

    private static void deleteQuietly(Path folder) {
        try {
            Directories.deleteRecursively(folder);
        } catch (UncheckedIOException e) {
            LOG.warn("Cannot delete build folder {}", folder, e);
        }
    }
}
