package dev.previewkit.internal.cache;

import dev.previewkit.BuildProfile;

/**
 * The options that shape a build's output besides the files, all part of {@code outputKey}.
 *
 * @param basePath the public base path
 * @param mode     the Vite mode
 * @param command  the build command, so that a change of how builds run never serves an old artifact
 * @param profile  what the build skips (minification, compressed-size report, source maps) or keeps
 */
public record BuildOptions(String basePath, String mode, String command, BuildProfile profile) {
    /** The options of a Vite build in production mode under {@code basePath} with {@code profile}. */
    public static BuildOptions vite(String basePath, BuildProfile profile) {
        return new BuildOptions(basePath, "production", "vite build", profile);
    }
}
