package dev.previewkit;

import java.util.Objects;

/**
 * Which toolchain built an artifact: the project's own (the Vite and plugins its {@code package.json} pins) or the
 * modern toolchain that {@link BuildProfile#modernToolchain()} asks for. Immutable.
 *
 * @param kind        which of the two
 * @param description what it was and, for the project's own, why the modern one was not used, such as
 *                    {@code vite 8.4.0, @vitejs/plugin-react-swc 4.3.3, @vitejs/plugin-react 6.3.0 in place of the
 *                    project's vite ^5.4.21} or {@code the project's own: vite.config.ts imports vite-plugin-pwa,
 *                    which the modern toolchain was not checked with}
 */
public record Toolchain(Kind kind, String description) {
    /** The toolchain of a build that asked for nothing else. */
    public static final Toolchain PROJECT = new Toolchain(Kind.PROJECT, "the project's own");

    /** Where the build tools came from. */
    public enum Kind {
        /** The project's own dependency set. */
        PROJECT,
        /** The modern toolchain set, in place of the project's Vite and React plugin. */
        MODERN
    }

    public Toolchain {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
    }

    /** The project's own toolchain, used because of {@code reason}. */
    public static Toolchain project(String reason) {
        return new Toolchain(Kind.PROJECT, "the project's own: " + reason);
    }
}
