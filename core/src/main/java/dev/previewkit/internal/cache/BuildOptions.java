package dev.previewkit.internal.cache;

/**
 * The options that shape a build's output besides the files, all part of {@code outputKey}.
 *
 * @param basePath the public base path
 * @param mode     the Vite mode
 * @param command  the build command, so that a change of how builds run never serves an old artifact
 */
public record BuildOptions(String basePath, String mode, String command) {
    /** The options of a production Vite build under {@code basePath}. */
    public static BuildOptions production(String basePath) {
        return new BuildOptions(basePath, "production", "vite build");
    }
}
