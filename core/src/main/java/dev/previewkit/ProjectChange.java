package dev.previewkit;

import java.util.Objects;

/**
 * One change the project doctor made before building, reported in {@link BuildResult#projectChanges()}: the
 * doctor only adds what a project lacks and never changes a file the project gave.
 *
 * @param kind   what was added
 * @param target the file path or package name
 * @param detail where it came from, such as {@code template react-ts} or
 *               {@code 1.75.0, imported by src/App.tsx}
 */
public record ProjectChange(Kind kind, String target, String detail) {
    /** What the doctor added. */
    public enum Kind {
        /** A file from the template, because the project had none at that path. */
        ADDED_FILE,
        /** A dependency in package.json, because code imports it and package.json did not declare it. */
        ADDED_DEPENDENCY
    }

    public ProjectChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return (kind == Kind.ADDED_FILE ? "added file " : "added dependency ") + target + " (" + detail + ")";
    }
}
