package dev.previewkit;

import java.util.Optional;

/**
 * Thrown when project files break one of the input rules: an unsafe or malformed path, too many files or
 * bytes, or a missing or unreadable {@code package.json}. The message names the offending path and the rule;
 * {@link #path()} and {@link #rule()} give the same facts to code.
 */
public class InvalidProjectException extends PreviewException {
    private static final long serialVersionUID = 1L;

    /** The input rule a project broke. */
    public enum Rule {
        /** The path is empty. */
        EMPTY_PATH,
        /** The path starts with {@code /} or a drive letter such as {@code C:}. */
        ABSOLUTE_PATH,
        /** The path contains a backslash; only {@code /} separates segments. */
        BACKSLASH,
        /** The path contains NUL or another control character. */
        CONTROL_CHARACTER,
        /** The path has an empty segment ({@code a//b}, a trailing {@code /}). */
        EMPTY_SEGMENT,
        /** The path has a {@code .} or {@code ..} segment. */
        DOT_SEGMENT,
        /** The path or one of its segments is longer than allowed. */
        NAME_TOO_LONG,
        /** The path lies in a folder Previewkit manages, such as {@code node_modules}. */
        RESERVED_PATH,
        /** Two files have the same path, or one file's path is a folder of another. */
        DUPLICATE_PATH,
        /** The project has more files than {@link ProjectLimits#maxFiles()}. */
        TOO_MANY_FILES,
        /** The project has more bytes than {@link ProjectLimits#maxTotalBytes()}. */
        TOO_LARGE,
        /** One file has more bytes than {@link ProjectLimits#maxFileBytes()}. */
        FILE_TOO_LARGE,
        /** The project has no {@code package.json} at its root. */
        MISSING_PACKAGE_JSON,
        /** {@code package.json} is not a JSON object or has fields of the wrong type. */
        INVALID_PACKAGE_JSON,
        /** A dependency is fetched from outside the registry (file, link, git or URL) and the host did not allow it. */
        UNSAFE_DEPENDENCY,
        /**
         * The project is written for a framework with a toolchain of its own (Next.js, Expo, Angular, ...), not
         * for Vite, so it cannot be built as a Vite app.
         */
        UNSUPPORTED_FRAMEWORK,
        /** A source folder or file could not be read, or is not a regular file. */
        UNREADABLE_SOURCE,
        /**
         * A file that {@link ProjectFiles} left on disk changed (size, modification time or bytes) after it was
         * read, so it no longer matches the project's fingerprint.
         */
        SOURCE_CHANGED
    }

    private final Rule rule;
    private final String path;

    public InvalidProjectException(Rule rule, String path, String message) {
        super(message);
        this.rule = rule;
        this.path = path;
    }

    /** The rule that was broken. */
    public Rule rule() {
        return rule;
    }

    /** The offending path as given, when the rule concerns one file. */
    public Optional<String> path() {
        return Optional.ofNullable(path);
    }
}
