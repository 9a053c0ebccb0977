package dev.previewkit.examples.corpus;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One project of the corpus: a public repository pinned by commit, and what building it is expected to give.
 *
 * @param name            the folder name of its copy, unique in the list
 * @param repository      {@code owner/name} on GitHub
 * @param commit          the pinned commit, 40 hex digits
 * @param builder         the AI builder that wrote it ({@code lovable}, {@code bolt}, {@code v0})
 * @param expectedFailure the known cause when the project is expected not to build or render; empty when it
 *                        must build and render
 * @param why             why it is in the corpus, one line
 */
public record CorpusEntry(String name, String repository, String commit, String builder,
        Optional<String> expectedFailure, String why) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    /** @throws IllegalArgumentException when a field is malformed */
    public CorpusEntry {
        require(NAME, name, "name");
        require(REPOSITORY, repository, "repository");
        require(COMMIT, commit, "commit");
        Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(expectedFailure, "expectedFailure");
        Objects.requireNonNull(why, "why");
    }

    private static void require(Pattern pattern, String value, String field) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("malformed " + field + ": " + value);
        }
    }

    /** Whether the project is expected to build and render. */
    public boolean expectedToRender() {
        return expectedFailure.isEmpty();
    }
}
