package dev.previewkit;

import java.util.Objects;

/**
 * What a build spends its time on. {@link #PRODUCTION} builds as a plain {@code vite build} does, with the
 * project's own settings and toolchain; {@link #PREVIEW} skips what a preview does not need (minification of
 * JavaScript and CSS, the compressed-size report in which Vite gzips every chunk, source maps) and builds a project
 * that pins an older Vite with the {@linkplain #modernToolchain() modern toolchain}. Part of the artifact cache key,
 * so an artifact of one profile is never served for a request of another, and recorded in the
 * {@link Artifact#profile() artifact}.
 *
 * <p>By default one-off builds ({@link PreviewBuilder#build}) use {@link #PRODUCTION} and sessions
 * {@link #PREVIEW}; see {@link PreviewBuilder.Config#buildProfile} and
 * {@link PreviewBuilder.Config#sessionBuildProfile}. Immutable.
 *
 * @param kind            production or preview
 * @param sourceMaps      whether builds write source maps ({@code build.sourcemap: true}) whatever the project says;
 *                        when false, a production build keeps the project's setting and a preview build writes none
 * @param modernToolchain whether a project that pins a Vite older than 8 is built with the current Vite and its
 *                        official React plugin (installed once into a toolchain set of their own, never into the
 *                        project's set) where the project's config allows, falling back to the project's own
 *                        toolchain when that build fails; {@link Artifact#toolchain()} says which one built it. Vite 8
 *                        builds a typical lovable.dev export four to five times faster than its pinned Vite 5
 *                        (see {@code docs/performance.md}). Needs a backend that can override the toolchain
 */
public record BuildProfile(Kind kind, boolean sourceMaps, boolean modernToolchain) {
    /** The project's own build settings and toolchain, as {@code vite build} applies them. */
    public static final BuildProfile PRODUCTION = new BuildProfile(Kind.PRODUCTION, false, false);
    /** No minification, no compressed-size report, no source maps; the modern toolchain where it applies. */
    public static final BuildProfile PREVIEW = new BuildProfile(Kind.PREVIEW, false, true);

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
        return new BuildProfile(kind, write, modernToolchain);
    }

    /** This profile, building with the modern toolchain where it applies ({@code true}) or never ({@code false}). */
    public BuildProfile withModernToolchain(boolean modern) {
        return new BuildProfile(kind, sourceMaps, modern);
    }
}
