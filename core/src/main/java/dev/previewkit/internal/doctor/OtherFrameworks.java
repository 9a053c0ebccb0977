package dev.previewkit.internal.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Recognises projects built by another framework's toolchain (Next.js, Expo, ...), which Vite cannot build:
 * filling such a project in from the Vite template would build the template and show its placeholder, a
 * success that previews nothing of the app.
 */
final class OtherFrameworks {
    /** Package declared, and the framework it means. */
    private static final Map<String, String> BY_PACKAGE = new LinkedHashMap<>();

    static {
        BY_PACKAGE.put("next", "Next.js");
        BY_PACKAGE.put("nuxt", "Nuxt");
        BY_PACKAGE.put("expo", "Expo (React Native)");
        BY_PACKAGE.put("react-native", "React Native");
        BY_PACKAGE.put("@angular/core", "Angular");
        BY_PACKAGE.put("gatsby", "Gatsby");
        BY_PACKAGE.put("react-scripts", "Create React App");
        BY_PACKAGE.put("@remix-run/dev", "Remix");
        BY_PACKAGE.put("astro", "Astro");
    }

    private OtherFrameworks() {}

    /**
     * The framework the project is written for and what shows it, such as {@code Next.js, not Vite (package.json
     * declares next)}, when it is not a Vite project: it does not declare {@code vite} and declares a framework
     * with a toolchain of its own, or has a {@code next.config.*}.
     */
    static Optional<String> of(JsonNode manifest, List<String> sections, Predicate<String> hasFile) {
        boolean declaresVite = sections.stream().anyMatch(section -> manifest.path(section).has("vite"));
        if (declaresVite) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> framework : BY_PACKAGE.entrySet()) {
            for (String section : sections) {
                if (manifest.path(section).has(framework.getKey())) {
                    return Optional.of(framework.getValue() + ", not Vite (package.json declares "
                            + framework.getKey() + ")");
                }
            }
        }
        for (String config : List.of("next.config.js", "next.config.mjs", "next.config.ts")) {
            if (hasFile.test(config)) {
                return Optional.of("Next.js, not Vite (it has " + config + ")");
            }
        }
        return Optional.empty();
    }
}
