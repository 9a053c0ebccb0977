package dev.previewkit.internal.pipeline;

import dev.previewkit.Artifact;
import dev.previewkit.BuildPhase;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.PhaseTimeout;
import dev.previewkit.PreviewException;
import dev.previewkit.ProjectFile;
import dev.previewkit.ProjectFiles;
import dev.previewkit.internal.artifact.ArtifactPublisher;
import dev.previewkit.internal.fs.Directories;
import dev.previewkit.internal.project.PackageManifest;
import dev.previewkit.spi.BuildBackend;
import dev.previewkit.spi.BuildOutput;
import dev.previewkit.spi.BuildRequest;
import dev.previewkit.spi.DependencyRequest;
import dev.previewkit.spi.InstalledDependencies;
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
 * Runs one build from validated files to a published artifact: workspace, install, build, publish. Whatever
 * happens, the build's scratch folder is deleted and its dependency set discarded before it returns.
 */
public final class BuildPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(BuildPipeline.class);
    static final String MDC_KEY = "previewkit.build";

    /** The settings a pipeline runs with. */
    public record Settings(PhaseTimeout installTimeout, PhaseTimeout buildTimeout, String basePath) {}

    private final BuildBackend backend;
    private final Settings settings;
    private final ArtifactPublisher publisher;

    public BuildPipeline(BuildBackend backend, Settings settings, ArtifactPublisher publisher) {
        this.backend = backend;
        this.settings = settings;
        this.publisher = publisher;
    }

    /**
     * Runs the build to its end.
     *
     * @throws PreviewException for an infrastructure fault, such as an unwritable work directory
     */
    BuildResult run(BuildRun run, ProjectFiles files, PackageManifest manifest) {
        MDC.put(MDC_KEY, run.buildId());
        InstalledDependencies dependencies = null;
        try {
            Path workspace = run.phase(BuildPhase.WORKSPACE, () -> writeWorkspace(run.scratch(), files));
            run.packageManager(manifest.packageManager());
            DependencyRequest request = new DependencyRequest(run.scratch().resolve("dependencies"),
                    manifest.packageManager(), manifest.lockfile().isPresent());
            dependencies = run.phase(BuildPhase.INSTALL, () -> backend.install(request,
                    new PhaseContext(run, BuildPhase.INSTALL, settings.installTimeout())));
            InstalledDependencies installed = dependencies;
            BuildOutput output = run.phase(BuildPhase.BUILD, () -> backend.build(
                    new BuildRequest(workspace, settings.basePath()), installed,
                    new PhaseContext(run, BuildPhase.BUILD, settings.buildTimeout())));
            Artifact artifact = run.phase(BuildPhase.PUBLISH, () -> publisher.publish(output.directory(),
                    run.buildId(), new PhaseContext(run, BuildPhase.PUBLISH, settings.buildTimeout())));
            return run.finish(BuildStatus.SUCCEEDED, Optional.of(artifact),
                    "Built " + artifact.files().size() + " files");
        } catch (StepFailedException e) {
            run.note(e.getMessage());
            return run.finish(e.status(), Optional.empty(), e.getMessage());
        } finally {
            if (dependencies != null) {
                discardQuietly(dependencies);
            }
            deleteQuietly(run.scratch());
            MDC.remove(MDC_KEY);
        }
    }

    /**
     * Writes the files into a fresh workspace, and package.json with the lockfiles into a fresh dependency
     * folder beside it. Every folder and file is created new; an existing one is an error, never overwritten.
     */
    private static Path writeWorkspace(Path scratch, ProjectFiles files) {
        try {
            Files.createDirectories(scratch.getParent());
            Files.createDirectory(scratch);
            Path workspace = Files.createDirectory(scratch.resolve("workspace"));
            Path dependencies = Files.createDirectory(scratch.resolve("dependencies"));
            Files.createDirectory(scratch.resolve("tmp"));
            for (ProjectFile file : files.files()) {
                write(workspace, file);
            }
            for (String name : PackageManifest.installFiles(files)) {
                write(dependencies, files.file(name).orElseThrow());
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

    private void discardQuietly(InstalledDependencies dependencies) {
        try {
            backend.discard(dependencies);
        } catch (RuntimeException e) {
            LOG.warn("Backend {} failed to discard {}", backend.id(), dependencies.location(), e);
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
