package dev.previewkit.backend.localnpm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.previewkit.PackageManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an npm lockfile ({@code package-lock.json} version 2 or 3, or npm's hidden lockfile
 * {@code node_modules/.package-lock.json}) records: the dependency sections of the root package as they were
 * when it was written, and every installed package by its folder, with version and integrity.
 *
 * @param root     dependency section name to package name to declared range, for the root package
 * @param packages folder (such as {@code node_modules/react}) to what is locked there; links are left out
 */
record NpmLockfile(Map<String, Map<String, String>> root, Map<String, Locked> packages) {
    static final String FILE = PackageManager.NPM.lockfile();
    static final String HIDDEN = "node_modules/.package-lock.json";
    /** The sections npm copies from package.json into the lockfile's root entry. */
    static final List<String> SECTIONS =
            List.of("dependencies", "devDependencies", "optionalDependencies", "peerDependencies");
    private static final String MODULES = "node_modules/";

    /**
     * One locked package.
     *
     * @param version   the exact version
     * @param integrity the tarball's SRI hash as npm recorded it, if it did
     * @param optional  whether npm may leave it out (an optional dependency for another platform, say)
     */
    record Locked(String version, Optional<String> integrity, boolean optional) {}

    NpmLockfile {
        root = Map.copyOf(root);
        packages = Map.copyOf(packages);
    }

    /** The lockfile at {@code file}; empty when there is none or it is not a lockfile npm 7+ wrote. */
    static Optional<NpmLockfile> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return parse(PackageFiles.read(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The lockfile in {@code json}; empty without a {@code packages} object (lockfile version 1). */
    static Optional<NpmLockfile> parse(JsonNode json) {
        JsonNode entries = json.path("packages");
        if (!entries.isObject()) {
            return Optional.empty();
        }
        Map<String, Locked> packages = new TreeMap<>();
        entries.fields().forEachRemaining(entry -> {
            JsonNode value = entry.getValue();
            if (entry.getKey().startsWith(MODULES) && !value.path("link").asBoolean() && value.has("version")) {
                Optional<String> integrity = value.hasNonNull("integrity")
                        ? Optional.of(value.get("integrity").asText()) : Optional.empty();
                packages.put(entry.getKey(), new Locked(value.get("version").asText(), integrity,
                        value.path("optional").asBoolean() || value.path("devOptional").asBoolean()));
            }
        });
        return Optional.of(new NpmLockfile(sections(entries.path("")), packages));
    }

    /** The dependency sections of a package.json (or of a lockfile's root entry), empty ones left out. */
    static Map<String, Map<String, String>> sections(JsonNode manifest) {
        Map<String, Map<String, String>> sections = new TreeMap<>();
        for (String section : SECTIONS) {
            Map<String, String> declared = new TreeMap<>();
            manifest.path(section).fields().forEachRemaining(e -> declared.put(e.getKey(), e.getValue().asText()));
            if (!declared.isEmpty()) {
                sections.put(section, declared);
            }
        }
        return sections;
    }

    /**
     * How {@code package.json} differs from what this lockfile was written for, one phrase per package, such
     * as {@code embla-carousel-autoplay ^8.6.0 is not in the lockfile}; empty when the two are in step.
     */
    List<String> differencesFrom(JsonNode packageJson) {
        Map<String, Map<String, String>> declared = sections(packageJson);
        List<String> differences = new ArrayList<>();
        for (String section : SECTIONS) {
            Map<String, String> wanted = declared.getOrDefault(section, Map.of());
            Map<String, String> locked = root.getOrDefault(section, Map.of());
            wanted.forEach((name, range) -> {
                String was = locked.get(name);
                if (was == null) {
                    differences.add(name + " " + range + " is not in the lockfile");
                } else if (!was.equals(range)) {
                    differences.add(name + " is " + range + " in package.json but " + was + " in the lockfile");
                }
            });
            locked.keySet().stream().filter(name -> !wanted.containsKey(name))
                    .forEach(name -> differences.add(name + " is in the lockfile but no longer in package.json"));
        }
        return differences;
    }
}
