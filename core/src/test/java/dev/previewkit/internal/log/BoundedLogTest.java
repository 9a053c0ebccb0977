package dev.previewkit.internal.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BoundedLogTest {

    @Test
    void text_empty_isEmpty() {
        assertThat(new BoundedLog(10).text()).isEmpty();
    }

    @Test
    void append_withinBudget_keepsAllLinesWithoutNote() {
        BoundedLog log = new BoundedLog(100);

        log.append("first");
        log.append("second");

        assertThat(log.text()).isEqualTo("first\nsecond\n");
    }

    @Test
    void append_exactlyFillingBudget_keepsAllLines() {
        BoundedLog log = new BoundedLog(12); // each line costs its length plus a newline

        log.append("aaaaa");
        log.append("bbbbb");

        assertThat(log.text()).isEqualTo("aaaaa\nbbbbb\n");
    }

    @Test
    void append_overBudget_keepsNewestLinesAndCountsOmitted() {
        BoundedLog log = new BoundedLog(12);

        log.append("aaaaa");
        log.append("bbbbb");
        log.append("ccccc");
        log.append("ddddd");

        assertThat(log.text()).isEqualTo("[... 2 earlier lines omitted]\nccccc\nddddd\n");
    }

    @Test
    void append_manyLines_keptPartStaysWithinBudget() {
        BoundedLog log = new BoundedLog(50);

        for (int i = 0; i < 1_000; i++) {
            log.append("line " + i);
        }

        String text = log.text();
        String kept = text.substring(text.indexOf('\n') + 1);
        assertThat(text).startsWith("[... ").contains(" earlier lines omitted]\n").endsWith("line 999\n");
        assertThat(kept.length()).isLessThanOrEqualTo(50);
        int keptLines = kept.split("\n").length;
        assertThat(text).startsWith("[... " + (1_000 - keptLines) + " earlier lines omitted]");
        assertThat(kept).doesNotContain("line 0\n");
    }

    @Test
    void append_singleOverlongLine_truncatedToBudget() {
        BoundedLog log = new BoundedLog(5);

        log.append("abcdefghij");

        assertThat(log.text()).isEqualTo("abcde\n");
    }

    @Test
    void append_overlongLineAfterOthers_dropsOthersAndKeepsItsStart() {
        BoundedLog log = new BoundedLog(8);
        log.append("one");
        log.append("two");

        log.append("0123456789ABCDEF");

        assertThat(log.text()).isEqualTo("[... 2 earlier lines omitted]\n01234567\n");
    }

    @Test
    void append_emptyLines_counted() {
        BoundedLog log = new BoundedLog(2);

        log.append("");
        log.append("");
        log.append("");

        assertThat(log.text()).isEqualTo("[... 1 earlier lines omitted]\n\n\n");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void new_nonPositiveBudget_rejected(int maxChars) {
        assertThatThrownBy(() -> new BoundedLog(maxChars)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(maxChars));
    }
}
