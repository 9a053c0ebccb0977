package dev.previewkit.backend.docker;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The labels and names of what the backend creates on the engine. Everything carries {@link #MANAGED} and the
 * namespace, so the backend finds its own leftovers (and only its own) after a crash; names are derived from the
 * namespace, the role and the build or dependency key, so a container is addressed by name when the JVM that
 * started it is gone.
 */
final class Labels {
    static final String MANAGED = "dev.previewkit.managed";
    static final String NAMESPACE = "dev.previewkit.namespace";
    static final String ROLE = "dev.previewkit.role";
    static final String BUILD = "dev.previewkit.build";
    static final String DEPENDENCY_KEY = "dev.previewkit.dependency-key";

    /** The role of a dependency-set volume. */
    static final String DEPENDENCIES = "dependencies";
    /** The role of the namespace's shared npm cache volume. */
    static final String NPM_CACHE = "npm-cache";
    /** The role of a container's workspace volume. */
    static final String WORKSPACE = "workspace";

    private static final Pattern UNSAFE = Pattern.compile("[^a-zA-Z0-9_.-]");

    private Labels() {}

    /** What marks an object of {@code namespace} with {@code role}, plus {@code extra}. */
    static Map<String, String> of(String namespace, String role, Map<String, String> extra) {
        Map<String, String> labels = new HashMap<>(extra);
        labels.put(MANAGED, "true");
        labels.put(NAMESPACE, namespace);
        labels.put(ROLE, role);
        return Map.copyOf(labels);
    }

    /** The label filter that finds every object of {@code namespace}, as the engine's list calls take it. */
    static List<String> filter(String namespace) {
        return List.of(MANAGED + "=true", NAMESPACE + "=" + namespace);
    }

    /** An engine name: {@code previewkit-<namespace>-<parts...>}, with characters the engine refuses replaced. */
    static String name(String namespace, String... parts) {
        return UNSAFE.matcher("previewkit-" + namespace + "-" + String.join("-", parts)).replaceAll("_");
    }

    /** Whether {@code namespace} can be used in names as it is. */
    static boolean validNamespace(String namespace) {
        return !namespace.isEmpty() && namespace.length() <= 40 && !UNSAFE.matcher(namespace).find();
    }
}
