package dev.previewkit.examples.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the corpus list, {@code corpus/projects.tsv}: UTF-8, tab-separated, lines starting with {@code #}
 * and blank lines ignored, a header line {@code name repository commit builder expected why}, then one project
 * per line. {@code expected} is {@code ok}, or {@code fail:} followed by the known cause.
 */
public final class CorpusList {
    static final List<String> HEADER = List.of("name", "repository", "commit", "builder", "expected", "why");
    private static final String FAIL_PREFIX = "fail:";

    private CorpusList() {}

    /** Reads and parses the list file. */
    public static List<CorpusEntry> read(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /**
     * Parses the lines of a list file.
     *
     * @throws IllegalArgumentException naming the line number when the header is missing, a line has another
     *                                  number of columns, a field is malformed or a name repeats
     */
    public static List<CorpusEntry> parse(List<String> lines) {
        List<CorpusEntry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        boolean headerSeen = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = List.of(line.split("\t", -1));
            if (!headerSeen) {
                if (!fields.equals(HEADER)) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": expected the header "
                            + String.join(" ", HEADER) + ", found: " + line);
                }
                headerSeen = true;
                continue;
            }
            if (fields.size() != HEADER.size()) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + fields.size() + " columns, expected "
                        + HEADER.size());
            }
            CorpusEntry entry;
            try {
                entry = new CorpusEntry(fields.get(0), fields.get(1), fields.get(2), fields.get(3),
                        expectedFailure(fields.get(4)), fields.get(5));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
            }
            if (!names.add(entry.name())) {
                throw new IllegalArgumentException("line " + (i + 1) + ": name repeats: " + entry.name());
            }
            entries.add(entry);
        }
        if (!headerSeen) {
            throw new IllegalArgumentException("no header line " + String.join(" ", HEADER));
        }
        return List.copyOf(entries);
    }

    private static Optional<String> expectedFailure(String expected) {
        if (expected.equals("ok")) {
            return Optional.empty();
        }
        if (expected.startsWith(FAIL_PREFIX) && !expected.substring(FAIL_PREFIX.length()).isBlank()) {
            return Optional.of(expected.substring(FAIL_PREFIX.length()).strip());
        }
        throw new IllegalArgumentException("expected must be ok or fail: <cause>, found: " + expected);
    }
}
