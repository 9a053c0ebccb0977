package dev.previewkit.internal.doctor;

import dev.previewkit.internal.doctor.ImportScanner.Import;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds {@code @import} targets in CSS (and SCSS/Less): {@code @import 'x';}, {@code @import "x" screen;},
 * {@code @import url(x);}, {@code @import url("x");}, SCSS lists ({@code @import 'a', 'b';}) and Less options
 * ({@code @import (reference) 'x';}). Comments, strings and {@code url()} values elsewhere are skipped.
 */
final class CssImports {
    private final String src;
    private final int n;
    private final boolean lineComments;
    private final List<Import> out = new ArrayList<>();

    private CssImports(String src, boolean lineComments) {
        this.src = src;
        this.n = src.length();
        this.lineComments = lineComments;
    }

    /** @param lineComments whether {@code //} starts a comment (SCSS, Less) */
    static List<Import> scan(String source, boolean lineComments) {
        CssImports scanner = new CssImports(source, lineComments);
        scanner.run();
        return scanner.out;
    }

    private void run() {
        int i = 0;
        while (i < n) {
            char c = src.charAt(i);
            if (isCommentStart(i)) {
                i = skipComment(i);
            } else if (c == '"' || c == '\'') {
                i = stringEnd(i);
            } else if (c == '@' && src.regionMatches(true, i + 1, "import", 0, 6)
                    && (i + 7 >= n || !isNamePart(src.charAt(i + 7)))) {
                i = importTargets(i + 7);
            } else if (isUrlStart(i)) {
                i = urlEnd(i + 4, false);
            } else {
                i++;
            }
        }
    }

    /** Reads the targets after {@code @import}; returns the position after them. */
    private int importTargets(int from) {
        int i = skipSpace(from);
        if (i < n && src.charAt(i) == '(') { // Less options: @import (reference) 'x';
            int close = src.indexOf(')', i);
            i = close < 0 ? n : skipSpace(close + 1);
        }
        while (i < n) {
            char c = src.charAt(i);
            if (c == '"' || c == '\'') {
                int end = stringEnd(i);
                if (end <= n && src.charAt(end - 1) == c && end - 1 > i) {
                    out.add(new Import(src.substring(i + 1, end - 1), false));
                }
                i = end;
            } else if (isUrlStart(i)) {
                i = urlEnd(i + 4, true);
            } else {
                return i;
            }
            i = skipSpace(i);
            if (i < n && src.charAt(i) == ',') { // SCSS: @import 'a', 'b';
                i = skipSpace(i + 1);
            } else {
                return i;
            }
        }
        return i;
    }

    /** Skips the argument of {@code url(} starting at {@code from}, recording it if asked. */
    private int urlEnd(int from, boolean record) {
        int i = skipSpace(from);
        String target;
        if (i < n && (src.charAt(i) == '"' || src.charAt(i) == '\'')) {
            int end = stringEnd(i);
            target = src.substring(i + 1, Math.max(i + 1, end - 1));
            int close = src.indexOf(')', end);
            i = close < 0 ? n : close + 1;
        } else {
            int close = src.indexOf(')', i);
            int end = close < 0 ? n : close;
            target = src.substring(i, end).strip();
            i = close < 0 ? n : close + 1;
        }
        if (record && !target.isEmpty()) {
            out.add(new Import(target, false));
        }
        return i;
    }

    private boolean isUrlStart(int i) {
        return src.regionMatches(true, i, "url(", 0, 4) && (i == 0 || !isNamePart(src.charAt(i - 1)));
    }

    private boolean isCommentStart(int i) {
        return i + 1 < n && src.charAt(i) == '/'
                && (src.charAt(i + 1) == '*' || (lineComments && src.charAt(i + 1) == '/'));
    }

    private int skipComment(int i) {
        if (src.charAt(i + 1) == '*') {
            int end = src.indexOf("*/", i + 2);
            return end < 0 ? n : end + 2;
        }
        int end = i;
        while (end < n && src.charAt(end) != '\n') {
            end++;
        }
        return end;
    }

    /** The position after the string starting at {@code i} (or after the line break that ends it unterminated). */
    private int stringEnd(int i) {
        char quote = src.charAt(i);
        int j = i + 1;
        while (j < n) {
            char c = src.charAt(j);
            if (c == '\\') {
                j += 2;
            } else if (c == quote || c == '\n') {
                return j + 1;
            } else {
                j++;
            }
        }
        return n;
    }

    private int skipSpace(int from) {
        int i = from;
        while (i < n) {
            if (Character.isWhitespace(src.charAt(i))) {
                i++;
            } else if (isCommentStart(i)) {
                i = skipComment(i);
            } else {
                break;
            }
        }
        return i;
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '_';
    }
}
