package dev.previewkit.internal.cache;

import dev.previewkit.BuildStatus;
import dev.previewkit.InvalidProjectException;
import dev.previewkit.OutputLimits;
import dev.previewkit.OutputLine;
import dev.previewkit.ProjectLimits;
import dev.previewkit.internal.validation.ProjectPaths;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.BuildOutput.OutputEntries;
import dev.previewkit.spi.BuildOutput.OutputEntry;
import dev.previewkit.spi.StepFailedException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes an untrusted stream of output entries (a tar stream from a container, say) into a staging folder as it
 * reads it: each path must be a valid relative path (the project path rules: no {@code ..}, no absolute or
 * drive paths, no backslashes), only files are written (links and special entries are skipped and reported),
 * no path is written twice, and the count and byte caps hold while bytes arrive, so an endless entry is cut
 * off rather than stored. The stream is closed in the end.
 */
final class EntryCopier {
    private EntryCopier() {}

    /**
     * Copies the file entries of {@code entries} into {@code target} through {@code blobs}.
     *
     * @throws StepFailedException (FAILED) when a path leaves the output or repeats, the output exceeds the
     *     limits, or lacks {@code index.html}
     * @throws IOException when the stream or the store cannot be read or written
     */
    static OutputCopier.Copied copy(OutputEntries entries, Path target, OutputLimits limits, BuildContext context,
            BlobStore blobs) throws IOException {
        List<String> copied = new ArrayList<>();
        long[] bytes = {0, 0};  // bytes of the output, bytes added to the disk
        try (entries) {
            for (Optional<OutputEntry> next = entries.next(); next.isPresent(); next = entries.next()) {
                OutputEntry entry = next.get();
                if (entry.type() == OutputEntry.Type.DIRECTORY) {
                    continue;
                }
                String path = checkedPath(entry.path());
                if (entry.type() != OutputEntry.Type.FILE) {
                    context.output(OutputLine.Stream.STDERR, "[previewkit] skipped '" + path
                            + "': only regular files are published, not links or special files");
                    continue;
                }
                if (copied.size() >= limits.maxArtifactFiles()) {
                    throw OutputCopier.overLimits(limits);
                }
                Path file = target.resolve(path);
                Files.createDirectories(file.getParent());
                try {
                    bytes[1] += blobs.store(new Capped(entry.content(), limits, bytes), file);
                } catch (FileAlreadyExistsException e) {
                    throw new StepFailedException(BuildStatus.FAILED, "The build output holds '" + path + "' twice");
                }
                copied.add(path);
            }
        }
        return OutputCopier.finish(copied, bytes[1]);
    }

    private static String checkedPath(String path) {
        String relative = path.startsWith("./") ? path.substring(2) : path;
        try {
            return ProjectPaths.canonicalize(relative, ProjectLimits.DEFAULT);
        } catch (InvalidProjectException e) {
            throw new StepFailedException(BuildStatus.FAILED, "The build output holds an entry that is not a plain"
                    + " relative path ('" + path + "'): " + e.getMessage());
        }
    }

    /** Counts the output's bytes as they are read and stops at the byte cap. */
    private static final class Capped extends FilterInputStream {
        private final OutputLimits limits;
        private final long[] bytes;

        Capped(InputStream in, OutputLimits limits, long[] bytes) {
            super(in);
            this.limits = limits;
            this.bytes = bytes;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                bytes[0] += n;
                if (bytes[0] > limits.maxArtifactBytes()) {
                    throw OutputCopier.overLimits(limits);
                }
            }
            return n;
        }

        @Override
        public void close() {
            // The entry stream owns its content.
        }
    }
}
