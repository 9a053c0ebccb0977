package dev.previewkit.spi;

import dev.previewkit.BuildProfile;
import dev.previewkit.ProjectFiles;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a Vite backend applies a {@link BuildProfile}: a config module, written into the project's folder for one
 * build and passed to {@code vite build} with {@link #arguments() --config}, that loads the project's own config
 * with Vite's {@code loadConfigFromFile} (so a config that exports a function, an async one, or none at all
 * works as it does for {@code vite build}) and merges the profile's settings over it with {@code mergeConfig}.
 * Vite's command line has no flag for {@code build.reportCompressedSize}, hence a file rather than flags.
 * {@code loadConfigFromFile} and {@code mergeConfig} are public API of Vite; tried with Vite 5.4 and 8.3. Immutable.
 *
 * @param fileName the module's project-relative name, one that no project file has
 * @param content  the module's text
 */
public record ViteConfigOverlay(String fileName, String content) {
    /** The module's name, unless a project file already has it. */
    static final String FILE_NAME = "previewkit.vite.config.mjs";

    public ViteConfigOverlay {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(content, "content");
    }

    /**
     * The {@code build} settings a profile asks for on top of the project's config: none for
     * {@link BuildProfile#PRODUCTION} without forced source maps (the plain {@code vite build} applies the
     * project's settings); for {@link BuildProfile.Kind#PREVIEW}, {@code minify}, {@code cssMinify} and
     * {@code reportCompressedSize} false and {@code sourcemap} as the profile says; for production with source
     * maps, {@code sourcemap} true. For a backend that calls Vite's build API itself, as inline config.
     */
    public static Map<String, Object> buildSettings(BuildProfile profile) {
        Map<String, Object> build = new LinkedHashMap<>();
        if (profile.kind() == BuildProfile.Kind.PREVIEW) {
            build.put("minify", false);
            build.put("cssMinify", false);
            build.put("reportCompressedSize", false);
            build.put("sourcemap", profile.sourceMaps());
        } else if (profile.sourceMaps()) {
            build.put("sourcemap", true);
        }
        return Collections.unmodifiableMap(build);
    }

    /** The overlay for a build: its {@link #buildSettings} merged over the project's config; none when there are none. */
    public static Optional<ViteConfigOverlay> of(BuildRequest request) {
        Map<String, Object> settings = buildSettings(request.profile());
        if (settings.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder build = new StringBuilder("{ ");
        settings.forEach((name, value) -> build.append(build.length() > 2 ? ", " : "").append(name).append(": ")
                .append(value));
        build.append(" }");
        return Optional.of(new ViteConfigOverlay(freeName(request.files()), """
                // Written by Previewkit for one build: the project's Vite config with the build profile's settings.
                import { fileURLToPath } from 'node:url';
                import { loadConfigFromFile, mergeConfig } from 'vite';

                export default async (env) => {
                  const project = await loadConfigFromFile(env, undefined, fileURLToPath(new URL('.', import.meta.url)));
                  return mergeConfig(project ? project.config : {}, { build: %s });
                };
                """.formatted(build)));
    }

    /** The arguments that make {@code vite build} load this module instead of the project's config. */
    public List<String> arguments() {
        return List.of("--config", fileName);
    }

    /** {@link #FILE_NAME}, or {@code previewkit-<n>.vite.config.mjs} with the first n that no file has. */
    private static String freeName(ProjectFiles files) {
        String name = FILE_NAME;
        for (int n = 1; files.contains(name); n++) {
            name = "previewkit-" + n + ".vite.config.mjs";
        }
        return name;
    }
}
