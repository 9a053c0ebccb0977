package dev.previewkit.internal.log;

import java.util.List;
import java.util.regex.Pattern;

/** Masks credentials in process output before it is logged, stored or handed to listeners. */
public final class Redactor {
    static final String MASK = "[REDACTED]";

    private record Rule(Pattern pattern, String replacement) {}

    private static final List<Rule> RULES = List.of(
            // user:password@ in URLs
            new Rule(Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s:@]+:[^/\\s@]+@"), "$1" + MASK + "@"),
            // Authorization headers and bearer tokens
            new Rule(Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{8,}"), "$1 " + MASK),
            // key=value, "key": "value" and "key: value" for secret-looking keys (npm's _authToken, ...); a
            // file location such as tokens.ts:3:1 is no key: keys hold no dots and ':' needs a quote or a space
            new Rule(Pattern.compile("(?i)([\\w-]*(?:token|password|passwd|secret|api[_-]?key|_auth)[\\w-]*"
                    + "(?:[\"']?\\s*=\\s*[\"']?|[\"']\\s*:\\s*[\"']?|:\\s+[\"']?))[^\\s\"',;]+"), "$1" + MASK),
            // Well-known token formats: npm, GitHub, CodeSandbox, AWS access keys
            new Rule(Pattern.compile("\\b(?:npm_[A-Za-z0-9]{36}|gh[pousr]_[A-Za-z0-9]{36,}|csb_v1_[A-Za-z0-9_-]{20,}"
                    + "|AKIA[0-9A-Z]{16})\\b"), MASK));

    private Redactor() {}

    /** The line with every recognised secret replaced by {@value #MASK}. */
    public static String redact(String line) {
        String result = line;
        for (Rule rule : RULES) {
            result = rule.pattern().matcher(result).replaceAll(rule.replacement());
        }
        return result;
    }
}
