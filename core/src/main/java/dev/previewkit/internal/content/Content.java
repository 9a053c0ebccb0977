package dev.previewkit.internal.content;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of one project file, wherever they are kept: in the heap, in a file the caller owns, or in a
 * spilled blob. Immutable; the size and SHA-256 are known without reading the bytes again.
 */
public sealed interface Content permits InMemoryContent, FileReference, SpilledContent {
    /** The number of bytes. */
    long size();

    /** The lower-case hex SHA-256 of the bytes. */
    String sha256();

    /** A fresh stream of the bytes; the caller closes it. */
    InputStream openStream() throws IOException;
}
