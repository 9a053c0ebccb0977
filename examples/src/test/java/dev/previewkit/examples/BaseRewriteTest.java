package dev.previewkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BaseRewriteTest {
    private static final String BASE = "/preview/demo/";
    private final BaseRewrite rewrite = new BaseRewrite(BASE, "/");

    private String copy(String content) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long written = rewrite.copy(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), out);
        assertThat(written).isEqualTo(out.size());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void copy_builtHtml_replacesEveryBaseWithTheServedOne() throws Exception {
        String html = "<script src=\"/preview/demo/assets/index-AbC12345.js\"></script>"
                + "<link href=\"/preview/demo/favicon.svg\">/preview//preview/demo/";

        assertThat(copy(html)).isEqualTo(
                "<script src=\"/assets/index-AbC12345.js\"></script><link href=\"/favicon.svg\">/preview//");
    }

    @Test
    void copy_basesAcrossChunkBoundaries_matchesAWholeStringReplace() throws Exception {
        StringBuilder content = new StringBuilder();
        for (int offset = -BASE.length(); offset <= BASE.length(); offset++) {
            int boundary = (offset + BASE.length() + 1) * 64 * 1024; // the copy reads 64 KiB at a time
            content.append("x".repeat(boundary + offset - content.length())).append(BASE);
        }
        String text = content.append("tail").toString();

        String copied = copy(text);

        assertThat(copied.indexOf(BASE)).isEqualTo(-1);
        assertThat(copied.length()).isEqualTo(text.length() - (2 * BASE.length() + 1) * (BASE.length() - 1));
        assertThat(copied.equals(text.replace(BASE, "/"))).as("equal to a whole-string replace").isTrue();
    }

    @Test
    void copy_textWithoutTheBase_isUnchanged() throws Exception {
        String text = "const base = \"/preview/other/\"; // \u00e9\u4e2d /preview/demo";

        assertThat(copy(text)).isEqualTo(text);
        assertThat(copy("")).isEmpty();
    }

    @Test
    void new_emptyBase_isRefused() {
        assertThatThrownBy(() -> new BaseRewrite("", "/")).isInstanceOf(IllegalArgumentException.class);
    }
}
