package dev.previewkit.spi;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What a build produced, in the form that suits the backend. The core treats every form as untrusted: it
 * publishes regular files only, within the count and size limits, never following links or leaving the output.
 */
public sealed interface BuildOutput {
    /** A local folder of output files, which the core copies. */
    static BuildOutput folder(Path directory) {
        return new Folder(directory);
    }

    /**
     * A stream of output entries (such as a tar stream from a container engine), which the core checks and
     * writes into the artifact store as it reads them: one copy, not two. The core closes it.
     */
    static BuildOutput entries(OutputEntries entries) {
        return new Entries(entries);
    }

    /** A preview the backend serves itself, at a URI (a remote sandbox): nothing is copied. */
    static BuildOutput preview(URI uri) {
        return new Preview(uri);
    }

    /** Output files in a local folder. */
    record Folder(Path directory) implements BuildOutput {
        public Folder {
            Objects.requireNonNull(directory, "directory");
        }
    }

    /** Output files as a stream of entries. */
    record Entries(OutputEntries entries) implements BuildOutput {
        public Entries {
            Objects.requireNonNull(entries, "entries");
        }
    }

    /** A preview served elsewhere. */
    record Preview(URI uri) implements BuildOutput {
        public Preview {
            Objects.requireNonNull(uri, "uri");
            if (!uri.isAbsolute()) {
                throw new IllegalArgumentException("a preview URI is absolute: " + uri);
            }
        }
    }

    /** Output entries, read one after the other; not thread-safe. */
    interface OutputEntries extends AutoCloseable {
        /**
         * The next entry, whose content must be read before asking for the one after; empty at the end.
         *
         * @throws IOException when the stream cannot be read
         */
        Optional<OutputEntry> next() throws IOException;

        @Override
        void close() throws IOException;
    }

    /**
     * One entry of an output stream.
     *
     * @param path    the entry's path relative to the output root, segments separated by {@code /}
     * @param type    what the entry is; only files are published
     * @param content the bytes of a file (empty for other types); read by the core, closed by the stream
     */
    record OutputEntry(String path, Type type, InputStream content) {
        /** What an output entry is. */
        public enum Type {
            FILE, DIRECTORY, SYMBOLIC_LINK, OTHER
        }

        public OutputEntry {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(content, "content");
        }
    }
}
