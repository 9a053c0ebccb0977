package dev.previewkit.internal.cache;

import dev.previewkit.BuildStatus;
import dev.previewkit.OutputLimits;
import dev.previewkit.OutputLine;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.StepFailedException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies an untrusted build output: only regular files with a single link, so that a symbolic link or hard
 * link a build plugin left behind can never expose a file from outside the output. Each skipped entry is
 * reported as an output line; count and size are capped. (The copies themselves become hard links into a
 * {@link BlobStore}; the single-link rule applies to the build's output, not to the store.)
 */
final class OutputCopier {
    private OutputCopier() {}

    /** What was copied: relative POSIX paths, sorted, and the bytes the copy added to the disk. */
    record Copied(List<String> files, long addedBytes) {}

    /**
     * Copies the regular files of {@code output} into {@code target} through {@code blobs}.
     *
     * @throws StepFailedException (FAILED) when the output is missing, lacks {@code index.html}, or exceeds
     *     the limits
     */
    static Copied copy(Path output, Path target, OutputLimits limits, BuildContext context, BlobStore blobs)
            throws IOException {
        if (!Files.isDirectory(output, LinkOption.NOFOLLOW_LINKS)) {
            throw new StepFailedException(BuildStatus.FAILED, "The build wrote no output folder");
        }
        List<String> copied = new ArrayList<>();
        long[] bytes = {0, 0};  // bytes of the output, bytes added to the disk
        Files.walkFileTree(output, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(target.resolve(output.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                context.heartbeat();
                String relative = output.relativize(file).toString().replace('\\', '/');
                if (!attrs.isRegularFile() || linkCount(file) > 1) {
                    context.output(OutputLine.Stream.STDERR, "[previewkit] skipped '" + relative
                            + "': only regular files are published, not links or special files");
                    return FileVisitResult.CONTINUE;
                }
                bytes[0] += attrs.size();
                if (copied.size() >= limits.maxArtifactFiles() || bytes[0] > limits.maxArtifactBytes()) {
                    throw overLimits(limits);
                }
                bytes[1] += blobs.store(file, target.resolve(relative));
                copied.add(relative);
                return FileVisitResult.CONTINUE;
            }
        });
        return finish(copied, bytes[1]);
    }

    /** The failure of an output over its file-count or byte limit. */
    static StepFailedException overLimits(OutputLimits limits) {
        return new StepFailedException(BuildStatus.FAILED, "The build output exceeds the limit of "
                + limits.maxArtifactFiles() + " files or " + limits.maxArtifactBytes() + " bytes");
    }

    /**
     * The copied files, sorted, once the output proved to be a page.
     *
     * @throws StepFailedException (FAILED) when the output has no {@code index.html}
     */
    static Copied finish(List<String> copied, long addedBytes) {
        if (!copied.contains("index.html")) {
            throw new StepFailedException(BuildStatus.FAILED, "The build output has no index.html");
        }
        List<String> sorted = new ArrayList<>(copied);
        sorted.sort(null);
        return new Copied(List.copyOf(sorted), addedBytes);
    }

    private static int linkCount(Path file) throws IOException {
        try {
            return (Integer) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return 1;
        }
    }
}
