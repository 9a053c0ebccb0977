package dev.previewkit.backend.docker;

import dev.previewkit.BuildStatus;
import dev.previewkit.ProjectFile;
import dev.previewkit.spi.StepFailedException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Tar streams of what goes into a container: built entry by entry and written by a thread of their own into a
 * pipe that the engine call reads, so a large project is never held in memory or written to disk twice.
 */
final class Archives {
    private final List<Entry> entries = new ArrayList<>();
    private final Set<String> folders = new HashSet<>();

    /** One entry: a folder (no content), or a file read from {@code content} when it is written. */
    private record Entry(String path, long size, ContentSource content) {}

    @FunctionalInterface
    interface ContentSource {
        InputStream open() throws IOException;
    }

    /** Adds a file of the project at {@code path}. */
    Archives file(String path, ProjectFile file) {
        return add(path, file.size(), file::openStream);
    }

    /** Adds a file with the given text. */
    Archives text(String path, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return add(path, bytes.length, () -> new ByteArrayInputStream(bytes));
    }

    /** Adds a host file (a CA bundle, an install file prepared by the core). */
    Archives hostFile(String path, Path file) {
        try {
            return add(path, Files.size(file), () -> Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** Adds an empty folder. */
    Archives folder(String path) {
        addParents(path + "/x");
        return this;
    }

    private Archives add(String path, long size, ContentSource content) {
        addParents(path);
        entries.add(new Entry(path, size, content));
        return this;
    }

    private void addParents(String path) {
        int slash = path.indexOf('/');
        while (slash > 0) {
            String folder = path.substring(0, slash);
            if (folders.add(folder)) {
                entries.add(new Entry(folder, -1, null));
            }
            slash = path.indexOf('/', slash + 1);
        }
    }

    /**
     * The tar stream of the entries, in the order they were added; written by a daemon thread. When writing
     * fails, reading the stream fails, and {@link Stream#failure()} says why.
     */
    Stream open(String threadName) {
        try {
            PipedInputStream in = new PipedInputStream(1 << 16);
            PipedOutputStream out = new PipedOutputStream(in);
            Stream stream = new Stream(in);
            Thread writer = new Thread(() -> write(out, stream.failure), threadName);
            writer.setDaemon(true);
            writer.start();
            return stream;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(OutputStream out, AtomicReference<IOException> failure) {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Entry entry : entries) {
                if (entry.content() == null) {
                    TarArchiveEntry folder = new TarArchiveEntry(entry.path() + "/");
                    folder.setMode(040755);
                    own(folder);
                    tar.putArchiveEntry(folder);
                    tar.closeArchiveEntry();
                    continue;
                }
                TarArchiveEntry file = new TarArchiveEntry(entry.path());
                file.setMode(0100644);
                file.setSize(entry.size());
                own(file);
                tar.putArchiveEntry(file);
                try (InputStream content = entry.content().open()) {
                    long copied = content.transferTo(tar);
                    if (copied != entry.size()) {
                        throw new IOException(entry.path() + " changed while it was sent: " + copied + " bytes, "
                                + entry.size() + " expected");
                    }
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            failure.set(e);
        }
    }

    /** Entries belong to the containers' user: the engine keeps the owner an archive names. */
    private static void own(TarArchiveEntry entry) {
        entry.setUserId(Containers.UID);
        entry.setGroupId(Containers.UID);
    }

    /** A tar stream being written, and why writing it failed, if it did. */
    static final class Stream extends FilterInputStream {
        private final AtomicReference<IOException> failure = new AtomicReference<>();

        private Stream(InputStream in) {
            super(in);
        }

        /** Throws the writer's failure as a project-side error, when there was one. */
        void checkWritten() {
            IOException e = failure.get();
            if (e != null) {
                throw new StepFailedException(BuildStatus.FAILED, "Cannot send the project to the"
                        + " container: " + e.getMessage());
            }
        }
    }
}
