package dev.previewkit.examples.corpus;

import java.time.Duration;
import java.util.Objects;

/**
 * What the corpus run found for one project.
 *
 * @param entry       the project
 * @param status      how it ended
 * @param install     time of the install phase (zero when it did not run or was reused)
 * @param build       time of the Vite build phase (zero when it did not run)
 * @param total       wall-clock time of the whole build call, reading the copy included
 * @param caches      the package manager and cache decisions in short, such as {@code npm deps:miss art:miss}
 * @param doctorChanges how many changes the project doctor made before building
 * @param text        the page's visible text when it rendered, else empty
 * @param message     on failure the first diagnostic or the result's message, else empty
 */
public record ProjectOutcome(CorpusEntry entry, Status status, Duration install, Duration build, Duration total,
        String caches, int doctorChanges, String text, String message) {

    /** How a project ended. */
    public enum Status {
        /** No copy in the copies folder: not built, not a failure. */
        ABSENT,
        /** Built, and the page shows text in Chromium. */
        RENDERED,
        /**
         * Built, but the page's body shows no text, or only the text {@code index.html} holds before any script
         * ran (the app threw before or while mounting).
         */
        BLANK,
        /** The build result is not a success (install or build failed, timed out). */
        FAILED,
        /** The library refused the project as input it cannot build ({@link dev.previewkit.InvalidProjectException}). */
        REFUSED,
        /** The library failed outside the project (an infrastructure fault: an exception, not a result). */
        ERROR
    }

    public ProjectOutcome {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(install, "install");
        Objects.requireNonNull(build, "build");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(caches, "caches");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(message, "message");
    }

    /** A project whose copy is not present. */
    public static ProjectOutcome absent(CorpusEntry entry) {
        return new ProjectOutcome(entry, Status.ABSENT, Duration.ZERO, Duration.ZERO, Duration.ZERO, "", 0, "", "");
    }

    /**
     * Whether the outcome differs from what the list expects: a present project expected to render that did
     * not, or one expected to fail that now renders (then the list, and {@code docs/corpus.md}, need updating).
     */
    public boolean unexpected() {
        return status != Status.ABSENT && (status == Status.RENDERED) != entry.expectedToRender();
    }
}
