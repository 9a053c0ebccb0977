package dev.previewkit.internal.artifact;

import dev.previewkit.Artifact;
import dev.previewkit.BuildStatus;
import dev.previewkit.OutputLimits;
import dev.previewkit.OutputLine;
import dev.previewkit.PreviewException;
import dev.previewkit.internal.fs.Directories;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.StepFailedException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies a build's output into the artifact store and publishes it with one atomic rename.
 *
 * <p>The output is untrusted: only regular files with a single link are copied, so a symbolic link or a hard
 * link a build plugin left behind can never expose a file outside the output. Each skipped entry is reported
 * as an output line. Count and size are capped. Until the rename, files live in a {@code .staging-} folder
 * that is deleted on any failure, so a published artifact is always complete.
 */
public final class ArtifactPublisher {
    static final String STAGING_PREFIX = ".staging-";

    private final Path artifactsDirectory;
    private final OutputLimits limits;

    public ArtifactPublisher(Path artifactsDirectory, OutputLimits limits) {
        this.artifactsDirectory = artifactsDirectory;
        this.limits = limits;
    }

    /**
     * Publishes the output folder as artifact {@code id}.
     *
     * @throws StepFailedException (FAILED) when the output is missing, has no {@code index.html} or is too big
     * @throws PreviewException when the artifact store cannot be written
     */
    public Artifact publish(Path output, String id, BuildContext context) {
        if (!Files.isDirectory(output, LinkOption.NOFOLLOW_LINKS)) {
            throw new StepFailedException(BuildStatus.FAILED, "The build wrote no output folder");
        }
        Path staging = artifactsDirectory.resolve(STAGING_PREFIX + id);
        Path published = artifactsDirectory.resolve(id);
        try {
            Files.createDirectories(artifactsDirectory);
            Files.createDirectory(staging);
            List<String> files = copyRegularFiles(output, staging, context);
            if (!files.contains("index.html")) {
                throw new StepFailedException(BuildStatus.FAILED, "The build output has no index.html");
            }
            Files.move(staging, published, StandardCopyOption.ATOMIC_MOVE);
            return new Artifact(id, published, files);
        } catch (IOException e) {
            throw new PreviewException("Cannot publish artifact " + id + " into " + artifactsDirectory + ": "
                    + e.getMessage(), e);
        } finally {
            Directories.deleteRecursively(staging);
        }
    }

    private List<String> copyRegularFiles(Path output, Path staging, BuildContext context) throws IOException {
        List<String> copied = new ArrayList<>();
        long[] bytes = {0};
        Files.walkFileTree(output, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(staging.resolve(output.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String relative = output.relativize(file).toString().replace('\\', '/');
                if (!attrs.isRegularFile() || linkCount(file) > 1) {
                    context.output(OutputLine.Stream.STDERR, "[previewkit] skipped '" + relative
                            + "': only regular files are published, not links or special files");
                    return FileVisitResult.CONTINUE;
                }
                bytes[0] += attrs.size();
                if (copied.size() >= limits.maxArtifactFiles() || bytes[0] > limits.maxArtifactBytes()) {
                    throw new StepFailedException(BuildStatus.FAILED, "The build output exceeds the limit of "
                            + limits.maxArtifactFiles() + " files or " + limits.maxArtifactBytes() + " bytes");
                }
                Files.copy(file, staging.resolve(relative), LinkOption.NOFOLLOW_LINKS);
                copied.add(relative);
                return FileVisitResult.CONTINUE;
            }
        });
        copied.sort(null);
        return copied;
    }

    private static int linkCount(Path file) throws IOException {
        try {
            return (Integer) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return 1;
        }
    }
}
