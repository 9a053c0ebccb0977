package dev.previewkit.internal.content;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bytes spilled to a {@link SpillStore} blob. The blob lives as long as some {@code SpilledContent} for it is
 * reachable; the store counts them and deletes the blob after the last one is collected.
 */
public final class SpilledContent implements Content {
    private final Path blob;
    private final long size;
    private final String sha256;

    SpilledContent(Path blob, long size, String sha256) {
        this.blob = blob;
        this.size = size;
        this.sha256 = sha256;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public InputStream openStream() throws IOException {
        return Files.newInputStream(blob);
    }

    @Override
    public String toString() {
        return "spilled " + blob;
    }
}
