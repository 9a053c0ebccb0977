package dev.previewkit.internal.diagnostics;

import dev.previewkit.Diagnostic;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders diagnostics as a short plain text to paste into an AI repair prompt or show to people.
 *
 * <p>Each distinct problem (by {@link Diagnostic#fingerprint()}, first occurrence kept) is one entry: its
 * {@code location message} line, then its code frame indented by four spaces. Errors come before warnings,
 * otherwise the tools' order is kept. The whole text stays within {@value #MAX_BYTES} bytes of UTF-8; entries
 * that do not fit are left out and counted in a last line {@code ... and N more}.
 */
public final class DiagnosticSummary {
    /** The most bytes (UTF-8) a summary takes. */
    public static final int MAX_BYTES = 4096;

    static final String FRAME_INDENT = "    ";
    /** Room kept for the {@code ... and N more} line while more entries follow. */
    private static final int NOTE_RESERVE = 32;

    private DiagnosticSummary() {}

    /** The summary of these diagnostics; empty for none. Every line ends with {@code \n}. */
    public static String render(List<Diagnostic> diagnostics) {
        List<Diagnostic> distinct = distinct(diagnostics);
        StringBuilder out = new StringBuilder();
        int used = 0;
        int shown = 0;
        for (Diagnostic diagnostic : distinct) {
            boolean last = shown == distinct.size() - 1;
            int budget = MAX_BYTES - used - (last ? 0 : NOTE_RESERVE);
            String entry = entry(diagnostic, true);
            if (utf8Length(entry) > budget) {
                if (shown > 0) {
                    break;
                }
                // The first entry always shows, shortened if need be: without its frame, then cut.
                entry = entry(diagnostic, false);
                if (utf8Length(entry) > budget) {
                    entry = truncate(entry.substring(0, entry.length() - 1), budget - 4) + "...\n";
                }
            }
            out.append(entry);
            used += utf8Length(entry);
            shown++;
        }
        if (shown < distinct.size()) {
            out.append("... and ").append(distinct.size() - shown).append(" more\n");
        }
        return out.toString();
    }

    /** Drops repeated fingerprints and puts errors first, keeping the order otherwise. */
    private static List<Diagnostic> distinct(List<Diagnostic> diagnostics) {
        Map<String, Diagnostic> byFingerprint = new LinkedHashMap<>();
        for (Diagnostic diagnostic : diagnostics) {
            byFingerprint.putIfAbsent(diagnostic.fingerprint(), diagnostic);
        }
        List<Diagnostic> ordered = new ArrayList<>(byFingerprint.values());
        ordered.sort(Comparator.comparing(Diagnostic::severity)); // stable: ERROR before WARNING
        return ordered;
    }

    private static String entry(Diagnostic diagnostic, boolean withFrame) {
        StringBuilder entry = new StringBuilder(diagnostic.toString()).append('\n');
        if (withFrame) {
            diagnostic.frame().ifPresent(frame -> frame.lines()
                    .forEach(line -> entry.append(FRAME_INDENT).append(line).append('\n')));
        }
        return entry.toString();
    }

    /** The longest prefix of {@code text} within {@code maxBytes} bytes of UTF-8, not splitting a character. */
    private static String truncate(String text, int maxBytes) {
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = utf8Length(new String(Character.toChars(codePoint)));
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end);
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
