package dev.previewkit.examples.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.examples.corpus.ProjectOutcome.Status;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CorpusReportTest {
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    private static CorpusEntry entry(String name, Optional<String> expectedFailure) {
        return new CorpusEntry(name, "owner/" + name, COMMIT, "bolt", expectedFailure, "because");
    }

    private static ProjectOutcome outcome(CorpusEntry entry, Status status, String text, String message) {
        return new ProjectOutcome(entry, status, Duration.ofMillis(1200), Duration.ofMillis(3400),
                Duration.ofMillis(5000), "npm deps:miss art:miss", 0, text, message);
    }

    @Test
    void unexpected_absentCopy_isNeverUnexpected() {
        assertThat(ProjectOutcome.absent(entry("alpha", Optional.empty())).unexpected()).isFalse();
        assertThat(ProjectOutcome.absent(entry("alpha", Optional.of("Next.js"))).unexpected()).isFalse();
    }

    @Test
    void unexpected_blankPageOfProjectExpectedToRender_isUnexpected() {
        assertThat(outcome(entry("alpha", Optional.empty()), Status.BLANK, "", "no text").unexpected()).isTrue();
    }

    @Test
    void unexpected_knownFailureThatFails_isExpected() {
        assertThat(outcome(entry("alpha", Optional.of("Next.js")), Status.FAILED, "", "x").unexpected()).isFalse();
    }

    @Test
    void unexpected_knownFailureThatNowRenders_isUnexpected() {
        assertThat(outcome(entry("alpha", Optional.of("Next.js")), Status.RENDERED, "Hi", "").unexpected()).isTrue();
    }

    @Test
    void markdown_rows_showTimesTextAndMessagesAndASummary() {
        String text = "Welcome ".repeat(20);
        String report = CorpusReport.markdown(List.of(
                outcome(entry("alpha", Optional.empty()), Status.RENDERED, text, ""),
                outcome(entry("beta", Optional.empty()), Status.FAILED, "", "FAILED: vite build | exited\nwith 1"),
                outcome(entry("gamma", Optional.of("Next.js")), Status.FAILED, "", "FAILED: no index.html"),
                ProjectOutcome.absent(entry("delta", Optional.empty()))));

        assertThat(report.lines()).hasSize(8);
        assertThat(report).contains("| alpha | bolt | rendered | ok | 1200 | 3400 | 5000 | npm deps:miss art:miss | 0"
                + " | yes: " + text.substring(0, 60) + "… |  |");
        assertThat(report).contains("| beta | bolt | failed (unexpected) | ok |")
                .contains("| no | FAILED: vite build \\| exited with 1 |");
        assertThat(report).contains("| gamma | bolt | failed | fail |");
        assertThat(report).contains("| delta | bolt | absent | ok |  |  |  |  |  |  |  |");
        assertThat(report).endsWith("3 present, 1 rendered, 1 failed as expected, 1 unexpected, 1 absent\n");
    }
}
