package dev.previewkit;

import dev.previewkit.internal.content.Content;
import dev.previewkit.internal.content.InMemoryContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One file of a project: a validated relative POSIX path, its size and SHA-256, and its bytes.
 *
 * <p>Small files are held in the heap. Large ones stay where they came from: a file that
 * {@link ProjectFiles#fromDirectory(java.nio.file.Path)} or {@link ProjectFiles.Builder#add(String, java.nio.file.Path)}
 * found on disk is only referenced, and a large stream given to
 * {@link ProjectFiles.Builder#add(String, InputStream)} is spilled to a temporary, content-addressed file
 * shared by every identical content. Size and digest are known without reading the bytes again, so
 * {@link #equals} and {@link #hashCode} are cheap for any size.
 *
 * <p>A referenced file must not change while a build may still read it: each read re-checks its size,
 * modification time and SHA-256 and throws {@link InvalidProjectException} (rule
 * {@link InvalidProjectException.Rule#SOURCE_CHANGED}) when they differ.
 *
 * <p>Immutable and safe to share between threads; the bytes are copied out, never exposed.
 */
public final class ProjectFile {
    private final String path;
    private final Content content;

    ProjectFile(String path, Content content) {
        this.path = path;
        this.content = content;
    }

    /** The relative path, segments separated by {@code /}, for example {@code src/App.tsx}. */
    public String path() {
        return path;
    }

    /** The number of bytes. */
    public long size() {
        return content.size();
    }

    /** Where the bytes are kept, for a builder that shares them. */
    Content storedContent() {
        return content;
    }

    /** The lower-case hex SHA-256 of the bytes, computed once when the file was added. */
    public String sha256() {
        return content.sha256();
    }

    /**
     * A new stream of the bytes, which the caller must close. Reading a large file this way never holds it in
     * the heap.
     *
     * @throws IOException when a file kept on disk cannot be read
     * @throws InvalidProjectException (SOURCE_CHANGED) when a file kept on disk changed since it was added; a
     *     stream can also throw it from {@code read} when it reaches the end of changed bytes
     */
    public InputStream openStream() throws IOException {
        return content.openStream();
    }

    /**
     * A copy of all bytes, in the heap; meant for small files such as {@code package.json}. Prefer
     * {@link #openStream()} for files of unknown size.
     *
     * @throws UncheckedIOException when a file kept on disk cannot be read
     * @throws InvalidProjectException (SOURCE_CHANGED) when a file kept on disk changed since it was added
     */
    public byte[] content() {
        if (content instanceof InMemoryContent inMemory) {
            return inMemory.bytes().clone();
        }
        try (InputStream in = content.openStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read project file " + path + ": " + e.getMessage(), e);
        }
    }

    /** The bytes decoded as UTF-8; throws as {@link #content()} does. */
    public String contentAsString() {
        if (content instanceof InMemoryContent inMemory) {
            return new String(inMemory.bytes(), StandardCharsets.UTF_8);
        }
        return new String(content(), StandardCharsets.UTF_8);
    }

    /** Equal when the paths and the SHA-256 of the bytes are equal, wherever the bytes are kept. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ProjectFile other && path.equals(other.path) && sha256().equals(other.sha256());
    }

    @Override
    public int hashCode() {
        return 31 * path.hashCode() + sha256().hashCode();
    }

    @Override
    public String toString() {
        return path + " (" + size() + " bytes)";
    }
}
