package dev.previewkit.internal.digest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers: a fresh digest and hex rendering. */
public final class Sha256 {
    private Sha256() {}

    /** A new SHA-256 digest. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The lower-case hex SHA-256 of some bytes. */
    public static String of(byte[] bytes) {
        return hex(newDigest().digest(bytes));
    }

    /** Lower-case hex of a finished digest. */
    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
