package dev.previewkit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One file of a project: a validated relative POSIX path and its bytes. Immutable; the bytes are copied in
 * and out.
 */
public final class ProjectFile {
    private final String path;
    private final byte[] content;

    ProjectFile(String path, byte[] content) {
        this.path = path;
        this.content = content;
    }

    /** The relative path, segments separated by {@code /}, for example {@code src/App.tsx}. */
    public String path() {
        return path;
    }

    /** A copy of the file's bytes. */
    public byte[] content() {
        return content.clone();
    }

    /** The file's bytes decoded as UTF-8. */
    public String contentAsString() {
        return new String(content, StandardCharsets.UTF_8);
    }

    /** The number of bytes. */
    public int size() {
        return content.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProjectFile other && path.equals(other.path) && Arrays.equals(content, other.content);
    }

    @Override
    public int hashCode() {
        return 31 * path.hashCode() + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return path + " (" + content.length + " bytes)";
    }
}
