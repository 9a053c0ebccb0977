package dev.previewkit.examples.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CorpusListTest {
    private static final String HEADER = "name\trepository\tcommit\tbuilder\texpected\twhy";
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    private static String row(String name, String expected) {
        return name + "\towner/" + name + "\t" + COMMIT + "\tlovable\t" + expected + "\tbecause";
    }

    @Test
    void parse_commentsBlankLinesAndRows_readsEntriesInOrder() {
        List<CorpusEntry> entries = CorpusList.parse(List.of("# a comment", "", HEADER, row("alpha", "ok"),
                row("beta", "fail: not a Vite app")));

        assertThat(entries).containsExactly(
                new CorpusEntry("alpha", "owner/alpha", COMMIT, "lovable", Optional.empty(), "because"),
                new CorpusEntry("beta", "owner/beta", COMMIT, "lovable", Optional.of("not a Vite app"), "because"));
        assertThat(entries.get(0).expectedToRender()).isTrue();
        assertThat(entries.get(1).expectedToRender()).isFalse();
    }

    @Test
    void parse_noHeader_isRefused() {
        assertThatThrownBy(() -> CorpusList.parse(List.of(row("alpha", "ok"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1: expected the header");
    }

    @Test
    void parse_missingColumn_namesTheLine() {
        assertThatThrownBy(() -> CorpusList.parse(List.of(HEADER, "alpha\towner/alpha\t" + COMMIT)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("line 2: 3 columns, expected 6");
    }

    @Test
    void parse_shortCommit_isRefused() {
        assertThatThrownBy(() -> CorpusList.parse(List.of(HEADER, row("alpha", "ok").replace(COMMIT, "abc123"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("line 2: malformed commit: abc123");
    }

    @Test
    void parse_failWithoutCause_isRefused() {
        assertThatThrownBy(() -> CorpusList.parse(List.of(HEADER, row("alpha", "fail:"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected must be ok or fail:");
    }

    @Test
    void parse_repeatedName_isRefused() {
        assertThatThrownBy(() -> CorpusList.parse(List.of(HEADER, row("alpha", "ok"), row("alpha", "ok"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("line 3: name repeats: alpha");
    }

    @Test
    void read_projectsFileOfTheRepository_hasAtLeastTenPinnedProjects() throws Exception {
        List<CorpusEntry> entries = CorpusList.read(Path.of("..", "corpus", "projects.tsv"));

        assertThat(entries).hasSizeGreaterThanOrEqualTo(10);
        assertThat(entries).extracting(CorpusEntry::builder).contains("lovable", "bolt", "v0");
    }

    @Test
    void selected_onlyNames_keepsThoseInListOrder() {
        List<CorpusEntry> entries = CorpusList.parse(List.of(HEADER, row("alpha", "ok"), row("beta", "ok"),
                row("gamma", "ok")));

        assertThat(CorpusRun.selected(entries, Set.of("gamma", "alpha"))).extracting(CorpusEntry::name)
                .containsExactly("alpha", "gamma");
        assertThat(CorpusRun.selected(entries, Set.of())).isEqualTo(entries);
    }

    @Test
    void selected_unknownName_isRefused() {
        List<CorpusEntry> entries = CorpusList.parse(List.of(HEADER, row("alpha", "ok")));

        assertThatThrownBy(() -> CorpusRun.selected(entries, Set.of("omega")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[omega]");
    }
}
