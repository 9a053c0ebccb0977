package dev.previewkit.examples.corpus;

import java.time.Duration;
import java.util.List;

/**
 * Renders the outcomes of a corpus run as a Markdown table, one row per project, followed by a one-line
 * summary. The same text is printed and written to the {@code --report} file.
 */
final class CorpusReport {
    /** How much of the rendered text a row shows. */
    static final int TEXT_CHARS = 60;
    /** How much of a failure message a row shows. */
    static final int MESSAGE_CHARS = 200;

    private CorpusReport() {}

    static String markdown(List<ProjectOutcome> outcomes) {
        StringBuilder out = new StringBuilder();
        out.append("| project | builder | status | expected | install ms | build ms | total ms | caches | doctor"
                + " | rendered | message |\n");
        out.append("|---|---|---|---|--:|--:|--:|---|--:|---|---|\n");
        for (ProjectOutcome outcome : outcomes) {
            boolean ran = outcome.status() != ProjectOutcome.Status.ABSENT;
            out.append("| ").append(String.join(" | ",
                    outcome.entry().name(),
                    outcome.entry().builder(),
                    outcome.status().name().toLowerCase() + (outcome.unexpected() ? " (unexpected)" : ""),
                    outcome.entry().expectedToRender() ? "ok" : "fail",
                    ran ? millis(outcome.install()) : "",
                    ran ? millis(outcome.build()) : "",
                    ran ? millis(outcome.total()) : "",
                    cell(outcome.caches(), MESSAGE_CHARS),
                    ran ? Integer.toString(outcome.doctorChanges()) : "",
                    rendered(outcome),
                    cell(outcome.message(), MESSAGE_CHARS))).append(" |\n");
        }
        out.append('\n').append(summary(outcomes)).append('\n');
        return out.toString();
    }

    static String summary(List<ProjectOutcome> outcomes) {
        long absent = count(outcomes, ProjectOutcome.Status.ABSENT);
        long rendered = count(outcomes, ProjectOutcome.Status.RENDERED);
        long unexpected = outcomes.stream().filter(ProjectOutcome::unexpected).count();
        long expectedFailures = outcomes.stream()
                .filter(o -> o.status() != ProjectOutcome.Status.ABSENT && !o.unexpected()
                        && !o.entry().expectedToRender())
                .count();
        return (outcomes.size() - absent) + " present, " + rendered + " rendered, " + expectedFailures
                + " failed as expected, " + unexpected + " unexpected, " + absent + " absent";
    }

    private static long count(List<ProjectOutcome> outcomes, ProjectOutcome.Status status) {
        return outcomes.stream().filter(outcome -> outcome.status() == status).count();
    }

    private static String rendered(ProjectOutcome outcome) {
        return switch (outcome.status()) {
            case ABSENT -> "";
            case RENDERED -> "yes: " + cell(outcome.text(), TEXT_CHARS);
            default -> "no";
        };
    }

    private static String millis(Duration duration) {
        return Long.toString(duration.toMillis());
    }

    /** One table cell: a single line, pipes escaped, at most {@code max} characters of the value. */
    static String cell(String value, int max) {
        String line = value.replaceAll("\\s+", " ").strip();
        if (line.length() > max) {
            line = line.substring(0, max) + "…";
        }
        return line.replace("|", "\\|");
    }
}
