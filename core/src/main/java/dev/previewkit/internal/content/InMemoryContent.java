package dev.previewkit.internal.content;

import dev.previewkit.internal.digest.Sha256;
import java.io.ByteArrayInputStream;
import java.io.InputStream;

/** Bytes held in the heap; the array is owned by this object and never handed out. */
public record InMemoryContent(byte[] bytes, String sha256) implements Content {
    /** Takes ownership of {@code bytes}: the caller must not change them afterwards. */
    public static InMemoryContent of(byte[] bytes) {
        return new InMemoryContent(bytes, Sha256.of(bytes));
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public InputStream openStream() {
        return new ByteArrayInputStream(bytes);
    }
}
