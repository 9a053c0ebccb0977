package dev.previewkit.spi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A short digest of the variables a backend sets for every build, for its {@link BuildBackend#id()}: they shape
 * what a build produces ({@code VITE_*} variables are compiled into the bundle), so they belong in the cache
 * keys, but never in clear text.
 */
public final class EnvironmentDigest {
    private EnvironmentDigest() {}

    /** Twelve hex digits of the SHA-256 of the sorted {@code name=value} lines; empty when there are none. */
    public static String of(Map<String, String> variables) {
        if (variables.isEmpty()) {
            return "";
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(variables).forEach((name, value) ->
                    digest.update((name + "=" + value + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
