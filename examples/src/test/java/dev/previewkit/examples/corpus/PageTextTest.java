package dev.previewkit.examples.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PageTextTest {
    @Test
    void visibleText_emptyRootAndScripts_isEmpty() {
        String dom = "<html><head><title>My app</title></head><body><div id=\"root\"></div>"
                + "<script type=\"module\">console.log('x')</script><!-- a comment --></body></html>";

        assertThat(PageText.visibleText(dom)).isEmpty();
    }

    @Test
    void visibleText_renderedApp_isBodyTextWithoutMarkupOrStyles() {
        String dom = "<html><head><title>Ignored</title></head><body><div id=\"root\"><style>.a{color:red}</style>"
                + "<nav><a href=\"/\">Home</a>\n  <a href=\"/about\">About &amp; more</a></nav>"
                + "<h1 class=\"a\">Fish &lt;3 chips</h1><noscript>Enable JavaScript</noscript></div></body></html>";

        assertThat(PageText.visibleText(dom)).isEqualTo("Home About & more Fish <3 chips");
    }
}
