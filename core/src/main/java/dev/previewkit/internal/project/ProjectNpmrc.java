package dev.previewkit.internal.project;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The settings of a project's {@code .npmrc} that shape how its dependencies resolve, and only those: real
 * exports rely on {@code legacy-peer-deps=true} to install at all. Registry, authentication, proxy, cache and
 * script settings are dropped, so a project can neither send the install elsewhere nor run code through it.
 */
public final class ProjectNpmrc {
    /** The file's name, in the project root. */
    public static final String FILE = ".npmrc";
    /** Resolution settings of npm and pnpm that a project may set. */
    static final Set<String> ALLOWED = Set.of("legacy-peer-deps", "strict-peer-deps", "engine-strict",
            "prefer-dedupe", "install-strategy", "auto-install-peers", "strict-peer-dependencies",
            "shamefully-hoist", "node-linker", "dedupe-peer-dependents", "resolution-mode");

    private ProjectNpmrc() {}

    /**
     * The allowed settings of {@code content}, one {@code key=value} a line in their order; empty when none
     * is left.
     */
    public static Optional<byte[]> sanitize(byte[] content) {
        List<String> kept = new ArrayList<>();
        for (String line : new String(content, StandardCharsets.UTF_8).split("\\R")) {
            String trimmed = line.strip();
            int equals = trimmed.indexOf('=');
            if (trimmed.startsWith("#") || trimmed.startsWith(";") || equals < 1) {
                continue;
            }
            String key = trimmed.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            String value = trimmed.substring(equals + 1).strip();
            if (ALLOWED.contains(key) && value.matches("[A-Za-z0-9._-]{1,32}")) {
                kept.add(key + "=" + value);
            }
        }
        return kept.isEmpty() ? Optional.empty()
                : Optional.of((String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
