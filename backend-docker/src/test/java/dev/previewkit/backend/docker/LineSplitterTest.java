package dev.previewkit.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
    private final List<String> lines = new ArrayList<>();
    private final LineSplitter splitter = new LineSplitter(lines::add);

    @Test
    void accept_linesAcrossChunks_areJoinedAndSplitAtNewlines() {
        splitter.accept(bytes("vite v8.3.8 build"));
        splitter.accept(bytes("ing for production...\r\n✓ 31 modules\ntransformed"));
        splitter.finish();

        assertThat(lines).containsExactly("vite v8.3.8 building for production...", "✓ 31 modules", "transformed");
    }

    @Test
    void accept_lineLongerThanTheCap_isCutAndTheRestSkipped() {
        byte[] chunk = bytes("x".repeat(100_000));
        for (int i = 0; i < 50; i++) {
            splitter.accept(chunk);
        }
        splitter.accept(bytes("\nnext"));
        splitter.finish();

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).hasSize(LineSplitter.MAX_LINE + " [line truncated]".length())
                .endsWith(" [line truncated]");
        assertThat(lines.get(1)).isEqualTo("next");
    }

    @Test
    void finish_nothingAfterTheLastNewline_emitsNothingMore() {
        splitter.accept(bytes("one\n"));
        splitter.finish();

        assertThat(lines).containsExactly("one");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
