package dev.previewkit.internal.doctor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.previewkit.internal.doctor.JsLexer.Kind;
import dev.previewkit.internal.doctor.JsLexer.Tok;
import dev.previewkit.internal.json.Json;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Import aliases a project configures, as entries for {@link PackageNames#packageOf}.
 *
 * <p>Entry format: an entry ending in {@code $} (webpack's notation) matches only the exact specifier before the
 * {@code $}; any other entry is a prefix. So tsconfig {@code "@/*"} gives {@code @/}, {@code "#*"} gives {@code #},
 * and the exact key {@code "config"} gives {@code config$}. A Vite alias {@code '@'} matches {@code @} itself and
 * {@code @/...} (Vite's rule), giving {@code @/} and {@code @$}.
 */
public final class AliasPrefixes {


    private AliasPrefixes() {}

    /**
     * Collects alias entries from tsconfig {@code compilerOptions.paths} keys and from a Vite config's
     * {@code alias} (object form {@code {'@': ...}} or array form {@code [{find: '@', replacement: ...}]}, with
     * string or {@code /^literal/} finds). Best effort and never throws: malformed input contributes nothing,
     * {@code extends} is not followed, and the catch-all key {@code "*"} is ignored.
     *
     * @param tsconfigJson the text of tsconfig.json (or jsconfig.json), or null
     * @param viteConfigSource the source of vite.config.*, or null
     * @return a new mutable set, in order of discovery (callers may merge several configs into it)
     */
    public static Set<String> from(String tsconfigJson, String viteConfigSource) {
        Set<String> entries = new LinkedHashSet<>();
        if (tsconfigJson != null) {
            fromTsconfig(tsconfigJson, entries);
        }
        if (viteConfigSource != null) {
            fromVite(viteConfigSource, entries);
        }
        return entries;
    }

    private static void fromTsconfig(String json, Set<String> entries) {
        JsonNode paths;
        try {
            String text = json.startsWith("\uFEFF") ? json.substring(1) : json;
            JsonNode root = Json.LENIENT.readTree(text);
            paths = root == null ? null : root.path("compilerOptions").path("paths");
        } catch (JsonProcessingException e) {
            return;
        }
        if (paths == null || !paths.isObject()) {
            return;
        }
        for (Iterator<String> keys = paths.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            int star = key.indexOf('*');
            if (star > 0) {
                entries.add(key.substring(0, star));
            } else if (star < 0 && !key.isEmpty()) {
                entries.add(key + "$");
            }
        }
    }

    private static void fromVite(String source, Set<String> entries) {
        List<Tok> toks = JsLexer.tokenize(source, false);
        for (int i = 0; i + 2 < toks.size(); i++) {
            Tok key = toks.get(i);
            boolean isAlias = (key.isIdent("alias") || key.is(Kind.STRING, "alias"))
                    && (toks.get(i + 1).isPunct(":") || toks.get(i + 1).isPunct("="))
                    && (i == 0 || !toks.get(i - 1).isPunct("."));
            if (!isAlias) {
                continue;
            }
            Tok open = toks.get(i + 2);
            if (open.isPunct("{")) {
                objectKeys(toks, i + 2, entries);
            } else if (open.isPunct("[")) {
                arrayFinds(toks, i + 2, entries);
            }
        }
    }

    /** {@code { '@': ..., utils: ... }}: the keys at the top level of the object opened at {@code open}. */
    private static void objectKeys(List<Tok> toks, int open, Set<String> entries) {
        int depth = 0;
        for (int j = open; j < toks.size(); j++) {
            Tok t = toks.get(j);
            depth += nesting(t);
            if (depth <= 0) {
                return;
            }
            Tok prev = toks.get(j - 1 < open ? open : j - 1);
            boolean entryStart = j > open && depth == 1 && (j - 1 == open || prev.isPunct(","));
            boolean named = t.kind() == Kind.IDENT || t.isPlainLiteral();
            if (entryStart && named && j + 1 < toks.size() && toks.get(j + 1).isPunct(":")) {
                addViteFind(t.text(), entries);
            }
        }
    }

    /** {@code [{ find: '@', replacement: ... }]}: the string or regex {@code find} values. */
    private static void arrayFinds(List<Tok> toks, int open, Set<String> entries) {
        int depth = 0;
        for (int j = open; j < toks.size(); j++) {
            Tok t = toks.get(j);
            depth += nesting(t);
            if (depth <= 0) {
                return;
            }
            boolean findKey = depth == 2 && (t.isIdent("find") || t.is(Kind.STRING, "find"))
                    && j + 2 < toks.size() && toks.get(j + 1).isPunct(":");
            if (findKey) {
                Tok value = toks.get(j + 2);
                if (value.isPlainLiteral()) {
                    addViteFind(value.text(), entries);
                } else if (value.kind() == Kind.REGEX) {
                    String prefix = regexPrefix(value.text());
                    if (!prefix.isEmpty()) {
                        entries.add(prefix);
                    }
                }
            }
        }
    }

    private static int nesting(Tok t) {
        if (t.kind() != Kind.PUNCT) {
            return 0;
        }
        return switch (t.text()) {
            case "{", "[", "(" -> 1;
            case "}", "]", ")" -> -1;
            default -> 0;
        };
    }

    /** Vite matches a string find exactly or as a path prefix: {@code find} or {@code find/...}. */
    private static void addViteFind(String find, Set<String> entries) {
        if (find.isEmpty()) {
            return;
        }
        if (find.endsWith("/")) {
            entries.add(find);
        } else {
            entries.add(find + "/");
            entries.add(find + "$");
        }
    }

    /** The literal text a regex like {@code /^@\//} requires at the start, or "" when it is not anchored. */
    private static String regexPrefix(String regexLiteral) {
        int close = regexLiteral.lastIndexOf('/');
        if (close <= 1 || regexLiteral.charAt(1) != '^') {
            return "";
        }
        String body = regexLiteral.substring(2, close);
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length() && !Character.isLetterOrDigit(body.charAt(i + 1))) {
                prefix.append(body.charAt(++i));
            } else if (c == '?' || c == '*' || c == '{') {
                if (!prefix.isEmpty()) {
                    prefix.setLength(prefix.length() - 1); // the last character was optional
                }
                break;
            } else if (c == '\\' || ".+()[]|$^".indexOf(c) >= 0) {
                break;
            } else {
                prefix.append(c);
            }
        }
        return prefix.toString();
    }
}
