package dev.previewkit;

import java.util.Objects;

/**
 * What a build spends its time on. {@link #PRODUCTION} builds as a plain {@code vite build} does, with the
 * project's own settings; {@link #PREVIEW} skips what a preview does not need: minification of JavaScript and
 * CSS, the compressed-size report (Vite gzips every chunk to print its size) and source maps. Part of the
 * artifact cache key, so an artifact of one profile is never served for a request of another, and recorded in
 * the {@link Artifact#profile() artifact}.
 *
 * <p>By default one-off builds ({@link PreviewBuilder#build}) use {@link #PRODUCTION} and sessions
 * {@link #PREVIEW}; see {@link PreviewBuilder.Config#buildProfile} and
 * {@link PreviewBuilder.Config#sessionBuildProfile}. Immutable.
 *
 * @param kind       production or preview
 * @param sourceMaps whether builds write source maps ({@code build.sourcemap: true}) whatever the project says;
 *                   when false, a production build keeps the project's setting and a preview build writes none
 */
public record BuildProfile(Kind kind, boolean sourceMaps) {
    /** The project's own build settings, as {@code vite build} applies them. */
    public static final BuildProfile PRODUCTION = new BuildProfile(Kind.PRODUCTION, false);
    /** No minification, no compressed-size report, no source maps. */
    public static final BuildProfile PREVIEW = new BuildProfile(Kind.PREVIEW, false);

    /** The two ways to build. */
    public enum Kind {
        /** As the project's configuration says. */
        PRODUCTION,
        /** The project's configuration with minification, compressed-size reporting and source maps off. */
        PREVIEW
    }

    public BuildProfile {
        Objects.requireNonNull(kind, "kind");
    }

    /** This profile, writing source maps ({@code true}) or leaving them as its kind says ({@code false}). */
    public BuildProfile withSourceMaps(boolean write) {
        return new BuildProfile(kind, write);
    }
}
