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
 * reported as an output line; count and size are capped.
 */
final class OutputCopier {
    private OutputCopier() {}

    /**
     * Copies the regular files of {@code output} into {@code target} and returns their relative POSIX paths,
     * sorted.
     *
     * @throws StepFailedException (FAILED) when the output is missing, lacks {@code index.html}, or exceeds
     *     the limits
     */
    static List<String> copy(Path output, Path target, OutputLimits limits, BuildContext context) throws IOException {
        if (!Files.isDirectory(output, LinkOption.NOFOLLOW_LINKS)) {
            throw new StepFailedException(BuildStatus.FAILED, "The build wrote no output folder");
        }
        List<String> copied = new ArrayList<>();
        long[] bytes = {0};
        Files.walkFileTree(output, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(target.resolve(output.relativize(dir).toString()));
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
                Files.copy(file, target.resolve(relative), LinkOption.NOFOLLOW_LINKS);
                copied.add(relative);
                return FileVisitResult.CONTINUE;
            }
        });
        if (!copied.contains("index.html")) {
            throw new StepFailedException(BuildStatus.FAILED, "The build output has no index.html");
        }
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
