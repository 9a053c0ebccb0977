package dev.previewkit.internal.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.previewkit.ProjectFile;
import dev.previewkit.ProjectFiles;
import dev.previewkit.internal.digest.FieldDigest;
import dev.previewkit.internal.json.Json;
import dev.previewkit.internal.project.PackageManifest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The two cache keys of a build, as SHA-256 hex strings.
 *
 * <p>{@code dependencyKey} covers what shapes an installed {@code node_modules}: the dependency sections,
 * overrides and resolutions of {@code package.json} rendered canonically (keys sorted, whitespace gone), the
 * {@code packageManager} field, the bytes of every lockfile, the backend's id (which names the Node.js major)
 * and {@link #FORMAT_VERSION}. {@code outputKey} adds every project file's path and SHA-256 in path order and
 * the build options (the build profile among them, so a preview artifact is never served for a production
 * request), so it never reads file contents again.
 */
public final class Fingerprints {
    /** Bumped whenever the layout of stored entries or the meaning of a key changes. */
    static final int FORMAT_VERSION = 2;

    /** The parts of package.json that decide what gets installed. */
    static final List<String> DEPENDENCY_FIELDS = Stream.concat(PackageManifest.DEPENDENCY_SECTIONS.stream(),
            Stream.of("overrides", "resolutions", "pnpm", "packageManager")).toList();

    
    private Fingerprints() {}

    /** The key of the dependency set this project (with this manifest) installs with {@code backendId}. */
    public static String dependencyKey(ProjectFiles files, PackageManifest manifest, String backendId) {
        FieldDigest hasher = new FieldDigest();
        hasher.field("format", Integer.toString(FORMAT_VERSION));
        hasher.field("backend", backendId);
        hasher.field("manifest", canonicalDependencies(manifest.json()));
        hasher.field("lockfiles", lockfileDigest(files));
        return hasher.hex();
    }

    /** The key of the artifact built from these files with these dependencies and options. */
    public static String outputKey(String dependencyKey, ProjectFiles files, BuildOptions options) {
        FieldDigest hasher = new FieldDigest();
        hasher.field("format", Integer.toString(FORMAT_VERSION));
        hasher.field("dependencies", dependencyKey);
        hasher.field("base", options.basePath());
        hasher.field("mode", options.mode());
        hasher.field("command", options.command());
        hasher.field("profile", options.profile().kind().name());
        hasher.field("sourcemaps", Boolean.toString(options.profile().sourceMaps()));
        hasher.field("toolchain", options.profile().modernToolchain() ? "modern" : "project");
        for (ProjectFile file : files.files()) {
            hasher.field("file:" + file.path(), file.sha256());  // digested once when the file was added
        }
        return hasher.hex();
    }

    /**
     * A digest of every install file but package.json (lockfiles, the allowed settings of {@code .npmrc}), or of
     * none: tells a changed lockfile apart.
     */
    static String lockfileDigest(ProjectFiles files) {
        FieldDigest hasher = new FieldDigest();
        PackageManifest.installFiles(files).forEach((name, content) -> {
            if (!name.equals(PackageManifest.FILE)) {
                hasher.field(name, content);
            }
        });
        return hasher.hex();
    }

    /** The install-relevant fields of package.json, keys sorted at every level, as compact Json.MAPPER. */
    static String canonicalDependencies(JsonNode manifest) {
        Map<String, Object> selected = new TreeMap<>();
        for (String field : DEPENDENCY_FIELDS) {
            JsonNode value = manifest.get(field);
            if (value != null) {
                selected.put(field, canonical(field.equals("pnpm") ? onlyOverrides(value) : value));
            }
        }
        try {
            return Json.MAPPER.writeValueAsString(selected);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a tree of maps and strings", e);
        }
    }

    /** pnpm settings other than overrides do not change what is installed. */
    private static JsonNode onlyOverrides(JsonNode pnpm) {
        ObjectNode kept = Json.MAPPER.createObjectNode();
        if (pnpm.has("overrides")) {
            kept.set("overrides", pnpm.get("overrides"));
        }
        return kept;
    }

    private static Object canonical(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                sorted.put(entry.getKey(), canonical(entry.getValue()));
            }
            return sorted;
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>();
            node.forEach(item -> items.add(canonical(item)));
            return items;
        }
        return node.isTextual() ? node.asText() : node.toString();
    }
}
