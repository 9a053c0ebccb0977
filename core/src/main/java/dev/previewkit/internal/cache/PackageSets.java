package dev.previewkit.internal.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.previewkit.internal.project.PackageManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The packages a project declares (name to version range), and how two such sets differ. */
final class PackageSets {
    private static final int LISTED_CHANGES = 5;

    private PackageSets() {}

    /** Every package a package.json declares, sorted by name. */
    static Map<String, String> declared(JsonNode manifest) {
        Map<String, String> packages = new TreeMap<>();
        for (String section : PackageManifest.DEPENDENCY_SECTIONS) {
            manifest.path(section).fields().forEachRemaining(e -> packages.put(e.getKey(), e.getValue().asText()));
        }
        return packages;
    }

    /** A set as stored in a dependency entry's metadata. */
    static Map<String, String> fromJson(JsonNode packages) {
        Map<String, String> result = new TreeMap<>();
        packages.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
        return result;
    }

    /** How many packages both sets declare with the same version range. */
    static int common(Map<String, String> a, Map<String, String> b) {
        int same = 0;
        for (Map.Entry<String, String> entry : a.entrySet()) {
            if (entry.getValue().equals(b.get(entry.getKey()))) {
                same++;
            }
        }
        return same;
    }

    /** For example {@code added lucide-react@^0.460.0, changed react ^18.3.1 -> ^19.2.0, removed clsx}. */
    static String describeChange(Map<String, String> before, Map<String, String> after) {
        List<String> changes = new ArrayList<>();
        after.forEach((name, version) -> {
            String old = before.get(name);
            if (old == null) {
                changes.add("added " + name + "@" + version);
            } else if (!old.equals(version)) {
                changes.add("changed " + name + " " + old + " -> " + version);
            }
        });
        before.keySet().stream().filter(name -> !after.containsKey(name)).forEach(name -> changes.add("removed " + name));
        if (changes.size() <= LISTED_CHANGES) {
            return String.join(", ", changes);
        }
        return String.join(", ", changes.subList(0, LISTED_CHANGES)) + " and " + (changes.size() - LISTED_CHANGES)
                + " more changes";
    }
}
