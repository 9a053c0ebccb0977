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
import dev.previewkit.internal.cache.ArtifactStore;
import dev.previewkit.internal.cache.BuildOptions;
import dev.previewkit.internal.cache.DependencyStore;
import dev.previewkit.internal.cache.Fingerprints;
import dev.previewkit.internal.doctor.ProjectDoctor;
import dev.previewkit.internal.fs.Directories;
import dev.previewkit.internal.project.PackageManifest;
import dev.previewkit.spi.BuildBackend;
import dev.previewkit.spi.BuildOutput;
import dev.previewkit.spi.BuildRequest;
import dev.previewkit.spi.StepFailedException;
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

    public BuildPipeline(BuildBackend backend, Settings settings, ProjectDoctor doctor,
            DependencyStore dependencies, ArtifactStore artifacts) {
        this.backend = backend;
        this.settings = settings;
        this.doctor = doctor;
        this.dependencies = dependencies;
        this.artifacts = artifacts;
    }

    /**
     * Runs the project doctor, checks the manifest and computes the cache keys, on the calling thread. The
     * doctor may look up the latest version of an undeclared package in the registry (once per package).
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
        DependencyStore.Lease lease = null;
        try {
            boolean hostWorkspace = backend.capabilities().hostWorkspace();
            run.toolWorkspace(backend.toolWorkspace());
            Optional<Path> workspace = run.phase(BuildPhase.WORKSPACE,
                    () -> prepare(run.scratch(), job.files(), hostWorkspace));
            run.packageManager(job.manifest().packageManager());
            lease = run.phase(BuildPhase.INSTALL, settings.installTimeout(),
                    context -> dependencies.acquire(job.dependencyKey(), job.files(), job.manifest(), context));
            run.decide(lease.decision());
            run.warnings(lease.warnings());
            run.packageManager(lease.set().packageManager());
            DependencyStore.Lease installed = lease;
            BuildRequest request = new BuildRequest(job.files(), workspace, job.basePath(), job.profile(),
                    submission.owner(), submission.previous());
            if (settings.typeCheck()) {
                run.phase(BuildPhase.TYPECHECK, settings.buildTimeout(), context -> {
                    backend.typeCheck(request, installed.set(), context);
                    return null;
                });
            }
            BuildOutput output = run.phase(BuildPhase.BUILD, settings.buildTimeout(),
                    context -> backend.build(request, installed.set(), context));
            Artifact artifact = run.phase(BuildPhase.PUBLISH, settings.buildTimeout(),
                    context -> artifacts.publish(output, job.outputKey(), job.profile(), context));
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
            if (lease != null) {
                lease.close();
            }
            deleteQuietly(run.scratch());
            MDC.remove(MDC_KEY);
        }
    }

    /**
     * Creates the build's scratch folder and, for a backend that wants one, writes the files into a fresh
     * workspace; every folder and file is created new, never overwritten. Each file is streamed (large ones are
     * never in the heap) and copied, not linked: a build may write into its workspace, {@code public/}
     * included, and must not reach the caller's files or the spill store.
     *
     * @throws dev.previewkit.InvalidProjectException (SOURCE_CHANGED) when a file kept on disk changed
     */
    private static Optional<Path> prepare(Path scratch, ProjectFiles files, boolean hostWorkspace) {
        try {
            Files.createDirectories(scratch.getParent());
            Files.createDirectory(scratch);
            Files.createDirectory(scratch.resolve("tmp"));
            if (!hostWorkspace) {
                return Optional.empty();
            }
            Path workspace = Files.createDirectory(scratch.resolve("workspace"));
            for (ProjectFile file : files.files()) {
                write(workspace, file);
            }
            return Optional.of(workspace);
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
