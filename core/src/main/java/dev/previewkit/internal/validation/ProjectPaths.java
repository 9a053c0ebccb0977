package dev.previewkit.internal.validation;

import dev.previewkit.InvalidProjectException;
import dev.previewkit.InvalidProjectException.Rule;
import dev.previewkit.ProjectLimits;
import java.text.Normalizer;

/** The path rules for untrusted project files: relative POSIX paths that can never leave their root. */
public final class ProjectPaths {
    private static final String RESERVED_FOLDER = "node_modules";

    private ProjectPaths() {}

    /**
     * Checks one path and returns its canonical form (Unicode NFC, so that two spellings of one name
     * collide as duplicates).
     *
     * @throws InvalidProjectException naming the path and the broken rule
     */
    public static String canonicalize(String path, ProjectLimits limits) {
        if (path == null || path.isEmpty()) {
            throw invalid(Rule.EMPTY_PATH, "", "a file path is empty");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (isInvisible(c)) {
                throw invalid(Rule.CONTROL_CHARACTER, path,
                        "contains the control or invisible character U+%04X".formatted((int) c));
            }
        }
        if (path.startsWith("/") || isDrivePath(path)) {
            throw invalid(Rule.ABSOLUTE_PATH, path, "is absolute; paths must be relative to the project root");
        }
        if (path.indexOf('\\') >= 0) {
            throw invalid(Rule.BACKSLASH, path, "contains a backslash; separate folders with '/'");
        }
        String canonical = Normalizer.normalize(path, Normalizer.Form.NFC);
        if (canonical.length() > limits.maxPathLength()) {
            throw invalid(Rule.NAME_TOO_LONG, path,
                    "is longer than " + limits.maxPathLength() + " characters");
        }
        String first = canonical.split("/", 2)[0];
        if (first.equalsIgnoreCase(RESERVED_FOLDER)) {
            throw invalid(Rule.RESERVED_PATH, path, "is inside node_modules, which Previewkit installs itself");
        }
        for (String segment : canonical.split("/", -1)) {
            if (segment.isEmpty()) {
                throw invalid(Rule.EMPTY_SEGMENT, path, "has an empty folder or file name");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw invalid(Rule.DOT_SEGMENT, path, "contains a '" + segment + "' segment");
            }
            if (segment.length() > limits.maxSegmentLength()) {
                throw invalid(Rule.NAME_TOO_LONG, path,
                        "has a name longer than " + limits.maxSegmentLength() + " characters");
            }
        }
        return canonical;
    }

    /**
     * Control characters (C0, DEL, C1), format characters such as the right-to-left override, and line or
     * paragraph separators: characters that can split or disguise a name in logs and messages.
     */
    private static boolean isInvisible(char c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static boolean isDrivePath(String path) {
        return path.length() >= 2 && path.charAt(1) == ':' && Character.isLetter(path.charAt(0));
    }

    private static InvalidProjectException invalid(Rule rule, String path, String what) {
        return new InvalidProjectException(rule, path, "Invalid project path '" + printable(path) + "': " + what
                + " (rule " + rule + ")");
    }

    /** The path with control characters escaped, so that a message never carries them. */
    static String printable(String path) {
        StringBuilder out = new StringBuilder(path.length());
        path.codePoints().forEach(cp -> {
            if (Character.isBmpCodePoint(cp) && isInvisible((char) cp)) {
                out.append("\\u%04x".formatted(cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
