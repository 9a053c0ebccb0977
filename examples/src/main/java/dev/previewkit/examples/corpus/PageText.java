package dev.previewkit.examples.corpus;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The visible text of a page's body in a DOM that Chromium serialized: scripts, styles and markup dropped, a few
 * common entities decoded, white space collapsed. An app that failed to mount leaves an empty string (its
 * {@code <div id="root"></div>} holds no text).
 */
final class PageText {
    private static final Pattern INVISIBLE = Pattern.compile(
            "(?is)<(script|style|noscript|template)\\b[^>]*>.*?</\\1\\s*>");
    private static final Pattern COMMENT = Pattern.compile("(?s)<!--.*?-->");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern BODY = Pattern.compile("(?is)<body\\b[^>]*>(.*)</body\\s*>");
    private static final Map<String, String> ENTITIES = Map.of(
            "&lt;", "<", "&gt;", ">", "&quot;", "\"", "&#39;", "'", "&nbsp;", " ");

    private PageText() {}

    static String visibleText(String dom) {
        var body = BODY.matcher(dom);
        String text = body.find() ? body.group(1) : dom;
        text = INVISIBLE.matcher(COMMENT.matcher(text).replaceAll(" ")).replaceAll(" ");
        text = TAG.matcher(text).replaceAll(" ");
        for (var entity : ENTITIES.entrySet()) {
            text = text.replace(entity.getKey(), entity.getValue());
        }
        return text.replace("&amp;", "&").replaceAll("\\s+", " ").strip();
    }
}
