package dev.previewkit.internal.digest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * SHA-256 over a sequence of parts, each preceded by its length, so that no two different sequences run
 * together ({@code "ab","c"} and {@code "a","bc"} differ). Not thread-safe; one instance per digest.
 */
public final class FieldDigest {
    private final MessageDigest digest = Sha256.newDigest();

    /** Adds one part. */
    public FieldDigest part(byte[] bytes) {
        digest.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
                (byte) (bytes.length >>> 8), (byte) bytes.length});
        digest.update(bytes);
        return this;
    }

    /** Adds one part, its UTF-8 bytes. */
    public FieldDigest part(String text) {
        return part(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds a name and its value as two parts. */
    public FieldDigest field(String name, byte[] value) {
        return part(name).part(value);
    }

    /** Adds a name and its value as two parts. */
    public FieldDigest field(String name, String value) {
        return part(name).part(value);
    }

    /** The lower-case hex digest; the instance is spent afterwards. */
    public String hex() {
        return Sha256.hex(digest.digest());
    }
}
