package dev.previewkit.internal.project;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.previewkit.InvalidProjectException;
import dev.previewkit.InvalidProjectException.Rule;
import dev.previewkit.PackageManager;
import dev.previewkit.ProjectFile;
import dev.previewkit.ProjectFiles;
import dev.previewkit.internal.json.Json;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the build needs to know from a project's {@code package.json} and lockfiles: that the manifest is sound,
 * which package manager installs it, and which files describe its dependencies.
 *
 * @param packageManager the manager chosen: {@code packageManager} field, then lockfile, else npm
 * @param lockfile       the chosen manager's lockfile, if the project has one
 * @param json           the checked {@code package.json}, parsed once for everyone who reads it; not to be
 *                       changed (copy it first)
 */
public record PackageManifest(PackageManager packageManager, Optional<String> lockfile, JsonNode json) {
    public static final String FILE = "package.json";

    /** The sections of package.json that declare packages. */
    public static final List<String> DEPENDENCY_SECTIONS =
            List.of("dependencies", "devDependencies", "optionalDependencies", "peerDependencies");

    /** Lockfiles in the order they decide the manager when {@code packageManager} is absent. */
    private static final List<Lockfile> LOCKFILES = Stream.of(PackageManager.BUN, PackageManager.PNPM,
                    PackageManager.YARN, PackageManager.NPM)
            .flatMap(manager -> manager.lockfiles().stream().map(name -> new Lockfile(name, manager)))
            .toList();

    private record Lockfile(String name, PackageManager manager) {}

    /**
     * Reads and checks the manifest of a project.
     *
     * @throws InvalidProjectException when {@code package.json} is missing, is not a JSON object, has a
     *     dependency section that is not an object of strings, or names an unknown package manager
     */
    public static PackageManifest read(ProjectFiles files) {
        ProjectFile file = files.file(FILE).orElseThrow(() -> new InvalidProjectException(
                Rule.MISSING_PACKAGE_JSON, FILE, "The project has no package.json at its root; add one that"
                        + " declares its dependencies (vite among them) (rule " + Rule.MISSING_PACKAGE_JSON + ")"));
        ObjectNode root = parse(file.content());
        Optional<PackageManager> declared = declaredManager(root);
        PackageManager manager = declared.orElseGet(() -> LOCKFILES.stream()
                .filter(lock -> files.contains(lock.name()))
                .map(Lockfile::manager)
                .findFirst()
                .orElse(PackageManager.NPM));
        Optional<String> lockfile = LOCKFILES.stream()
                .filter(lock -> lock.manager() == manager && files.contains(lock.name()))
                .map(Lockfile::name)
                .findFirst();
        return new PackageManifest(manager, lockfile, root);
    }

    /**
     * The files an install needs, by name, {@code package.json} first: it, every lockfile the project holds, and
     * the project's {@code .npmrc} reduced to the resolution settings it may make ({@link ProjectNpmrc}).
     */
    public static Map<String, byte[]> installFiles(ProjectFiles files) {
        Map<String, byte[]> install = new LinkedHashMap<>();
        Stream.concat(Stream.of(FILE), LOCKFILES.stream().map(Lockfile::name))
                .forEach(name -> files.file(name).ifPresent(file -> install.put(name, file.content())));
        files.file(ProjectNpmrc.FILE).flatMap(file -> ProjectNpmrc.sanitize(file.content()))
                .ifPresent(settings -> install.put(ProjectNpmrc.FILE, settings));
        return install;
    }

    /**
     * Parses and checks the bytes of a {@code package.json}: a JSON object whose dependency sections are objects
     * of strings and whose {@code packageManager}, if any, is one Previewkit knows.
     *
     * @throws InvalidProjectException naming what is wrong
     */
    public static ObjectNode parse(byte[] content) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(content);
        } catch (JsonProcessingException e) {
            throw invalid("is not valid JSON: " + e.getOriginalMessage() + location(e));
        } catch (IOException e) {
            throw invalid("cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw invalid("must be a JSON object");
        }
        for (String section : DEPENDENCY_SECTIONS) {
            checkDependencySection(root, section);
        }
        declaredManager(root);
        return (ObjectNode) root;
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static void checkDependencySection(JsonNode root, String section) {
        JsonNode node = root.get(section);
        if (node == null) {
            return;
        }
        if (!node.isObject()) {
            throw invalid("field '" + section + "' must be an object of package names to versions");
        }
        node.fields().forEachRemaining(entry -> {
            if (!entry.getValue().isTextual()) {
                throw invalid("the version of '" + entry.getKey() + "' in '" + section + "' must be a string");
            }
        });
    }

    private static Optional<PackageManager> declaredManager(JsonNode root) {
        JsonNode node = root.get("packageManager");
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw invalid("field 'packageManager' must be a string such as \"pnpm@9.12.0\"");
        }
        String name = node.asText().split("@", 2)[0].trim().toLowerCase(Locale.ROOT);
        return Optional.of(Arrays.stream(PackageManager.values())
                .filter(manager -> manager.command().equals(name))
                .findFirst()
                .orElseThrow(() -> invalid("field 'packageManager' names '" + node.asText()
                        + "'; supported are npm, pnpm, yarn and bun")));
    }

    private static InvalidProjectException invalid(String what) {
        return new InvalidProjectException(Rule.INVALID_PACKAGE_JSON, FILE, "package.json " + what + " (rule "
                + Rule.INVALID_PACKAGE_JSON + ")");
    }
}
