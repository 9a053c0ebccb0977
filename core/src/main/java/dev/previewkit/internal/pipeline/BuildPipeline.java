package dev.previewkit.internal.pipeline;

import dev.previewkit.Artifact;
import dev.previewkit.BuildPhase;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.CacheDecision;
import dev.previewkit.PhaseTimeout;
import dev.previewkit.PreviewException;
import dev.previewkit.ProjectFile;
import dev.previewkit.ProjectFiles;
import dev.previewkit.internal.cache.ArtifactStore;
import dev.previewkit.internal.cache.BuildOptions;
import dev.previewkit.internal.cache.DependencyStore;
import dev.previewkit.internal.cache.Fingerprints;
import dev.previewkit.internal.fs.Directories;
import dev.previewkit.internal.project.PackageManifest;
import dev.previewkit.spi.BuildBackend;
import dev.previewkit.spi.BuildOutput;
import dev.previewkit.spi.BuildRequest;
import dev.previewkit.spi.StepFailedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
    public record Settings(PhaseTimeout installTimeout, PhaseTimeout buildTimeout) {}

    /** One requested build: the files, their manifest, the base path and both cache keys. */
    record Job(ProjectFiles files, PackageManifest manifest, String basePath, String dependencyKey,
            String outputKey) {}

    private final BuildBackend backend;
    private final Settings settings;
    private final DependencyStore dependencies;
    private final ArtifactStore artifacts;

    public BuildPipeline(BuildBackend backend, Settings settings, DependencyStore dependencies,
            ArtifactStore artifacts) {
        this.backend = backend;
        this.settings = settings;
        this.dependencies = dependencies;
        this.artifacts = artifacts;
    }

    /**
     * Checks the manifest and computes the cache keys, on the calling thread.
     *
     * @throws dev.previewkit.InvalidProjectException when package.json is missing or malformed
     */
    Job plan(ProjectFiles files, String basePath) {
        PackageManifest manifest = PackageManifest.read(files);
        String dependencyKey = Fingerprints.dependencyKey(files, backend.id());
        String outputKey = Fingerprints.outputKey(dependencyKey, files, BuildOptions.production(basePath));
        return new Job(files, manifest, basePath, dependencyKey, outputKey);
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
    BuildResult run(BuildRun run, Job job) {
        MDC.put(MDC_KEY, run.buildId());
        DependencyStore.Lease lease = null;
        try {
            Path workspace = run.phase(BuildPhase.WORKSPACE, () -> writeWorkspace(run.scratch(), job.files()));
            run.packageManager(job.manifest().packageManager());
            lease = run.phase(BuildPhase.INSTALL, () -> dependencies.acquire(job.dependencyKey(), job.files(),
                    job.manifest(), new PhaseContext(run, BuildPhase.INSTALL, settings.installTimeout())));
            run.decide(lease.decision());
            DependencyStore.Lease installed = lease;
            BuildOutput output = run.phase(BuildPhase.BUILD, () -> backend.build(
                    new BuildRequest(workspace, job.basePath()), installed.dependencies(),
                    new PhaseContext(run, BuildPhase.BUILD, settings.buildTimeout())));
            Artifact artifact = run.phase(BuildPhase.PUBLISH, () -> artifacts.publish(output.directory(),
                    job.outputKey(), new PhaseContext(run, BuildPhase.PUBLISH, settings.buildTimeout())));
            return run.finish(BuildStatus.SUCCEEDED, Optional.of(artifact),
                    "Built " + artifact.files().size() + " files");
        } catch (StepFailedException e) {
            run.note(e.getMessage());
            return run.finish(e.status(), Optional.empty(), e.getMessage());
        } finally {
            if (lease != null) {
                lease.close();
            }
            deleteQuietly(run.scratch());
            MDC.remove(MDC_KEY);
        }
    }

    /** Writes the files into a fresh workspace; every folder and file is created new, never overwritten. */
    private static Path writeWorkspace(Path scratch, ProjectFiles files) {
        try {
            Files.createDirectories(scratch.getParent());
            Files.createDirectory(scratch);
            Path workspace = Files.createDirectory(scratch.resolve("workspace"));
            Files.createDirectory(scratch.resolve("tmp"));
            for (ProjectFile file : files.files()) {
                write(workspace, file);
            }
            return workspace;
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
        Files.write(target, file.content(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
    }

    private static void deleteQuietly(Path folder) {
        try {
            Directories.deleteRecursively(folder);
        } catch (UncheckedIOException e) {
            LOG.warn("Cannot delete build folder {}", folder, e);
        }
    }
}
