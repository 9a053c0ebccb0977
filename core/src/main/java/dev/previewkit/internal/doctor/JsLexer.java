package dev.previewkit.internal.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A small, forgiving JS/TS tokenizer: enough to find import-like tokens while skipping comments, strings,
 * template literals (with nested {@code ${}} expressions), regex literals and, optionally, JSX text.
 *
 * <p>It never fails. Regex literals are told from division by the previous significant token; strings and regex
 * literals end at a line break, so a misjudged quote or slash damages at most one line. JSX is parsed only where
 * an expression may start; if an element cannot be closed the tokenizer backtracks, treats {@code <} as an
 * operator and stops looking for JSX in that file.
 */
final class JsLexer {

    enum Kind { IDENT, PRIVATE_NAME, STRING, TEMPLATE, NUMBER, PUNCT, REGEX, JSX, BROKEN }

    /**
     * One token. {@code text} is the identifier or punctuator, the decoded value of a string, the raw value of a
     * template without substitutions (null otherwise), or the source of a regex literal. {@code flag} marks a
     * template without substitutions, or a {@code )} that closes an {@code if/while/for/with} head.
     */
    record Tok(Kind kind, String text, boolean flag) {
        boolean is(Kind k, String t) {
            return kind == k && t.equals(text);
        }

        boolean isPunct(String t) {
            return is(Kind.PUNCT, t);
        }

        boolean isIdent(String t) {
            return is(Kind.IDENT, t);
        }

        /** A string literal or a template literal without {@code ${}}. */
        boolean isPlainLiteral() {
            return kind == Kind.STRING || (kind == Kind.TEMPLATE && flag);
        }
    }

    /** Keywords after which an expression (and so a regex literal or JSX) may start. */
    private static final Set<String> EXPRESSION_KEYWORDS = Set.of(
            "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do",
            "else", "yield", "await", "extends");
    private static final Set<String> CONTROL_KEYWORDS = Set.of("if", "while", "for", "with");
    private static final Tok EXPRESSION_START = new Tok(Kind.PUNCT, "{", false);

    private final String src;
    private final int n;
    private boolean jsx;
    private int pos;
    private Tok last;
    private final List<Tok> tokens = new ArrayList<>();
    /** For each open parenthesis: whether it follows a control keyword. */
    private List<Boolean> parens = new ArrayList<>();

    private JsLexer(String src, boolean jsx) {
        this.src = src;
        this.n = src.length();
        this.jsx = jsx;
    }

    static List<Tok> tokenize(String source, boolean jsx) {
        JsLexer lexer = new JsLexer(source, jsx);
        if (source.startsWith("#!")) {
            lexer.skipLine();
        }
        lexer.lexCode(false);
        return lexer.tokens;
    }

    /** Lexes code until the end, or (when nested) until the unmatched '}' that ends a {@code ${}} or JSX container. */
    private void lexCode(boolean nested) {
        int depth = 0;
        if (nested) {
            last = EXPRESSION_START;
        }
        while (pos < n) {
            char c = src.charAt(pos);
            char next = pos + 1 < n ? src.charAt(pos + 1) : '\0';
            if (isSpace(c)) {
                pos++;
            } else if (c == '/' && next == '/') {
                skipLine();
            } else if (c == '/' && next == '*') {
                skipBlockComment();
            } else if (c == '}') {
                if (nested && depth == 0) {
                    return;
                }
                depth = Math.max(0, depth - 1);
                punct("}", 1);
            } else if (c == '{') {
                depth++;
                punct("{", 1);
            } else if (c == '\'' || c == '"') {
                lexString(c);
            } else if (c == '`') {
                lexTemplate();
            } else if (c == '/') {
                if (expressionMayStart()) {
                    lexRegex();
                } else {
                    punct("/", 1);
                }
            } else if (c == '<' && jsx && expressionMayStart() && (next == '>' || Character.isJavaIdentifierStart(next))
                    && tryJsxElement()) {
                // consumed a whole JSX element
            } else if (Character.isJavaIdentifierStart(c)) {
                int start = pos;
                pos = identEnd(pos);
                emit(new Tok(Kind.IDENT, src.substring(start, pos), false));
            } else if (c == '#' && Character.isJavaIdentifierStart(next)) {
                int start = pos;
                pos = identEnd(pos + 1);
                emit(new Tok(Kind.PRIVATE_NAME, src.substring(start, pos), false));
            } else if (isDigit(c) || (c == '.' && isDigit(next))) {
                int start = pos;
                pos++;
                while (pos < n && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '.'
                        || src.charAt(pos) == '_')) {
                    pos++;
                }
                emit(new Tok(Kind.NUMBER, src.substring(start, pos), false));
            } else if (src.startsWith("...", pos)) {
                punct("...", 3);
            } else if (c == '?' && next == '.' && !(pos + 2 < n && isDigit(src.charAt(pos + 2)))) {
                punct("?.", 2);
            } else if ((c == '+' || c == '-') && next == c) {
                punct(src.substring(pos, pos + 2), 2);
            } else if (c == '(') {
                parens.add(last != null && last.kind() == Kind.IDENT && CONTROL_KEYWORDS.contains(last.text()));
                punct("(", 1);
            } else if (c == ')') {
                boolean control = !parens.isEmpty() && parens.remove(parens.size() - 1);
                pos++;
                emit(new Tok(Kind.PUNCT, ")", control));
            } else {
                punct(String.valueOf(c), 1);
            }
        }
    }

    private boolean expressionMayStart() {
        if (last == null) {
            return true;
        }
        return switch (last.kind()) {
            case IDENT -> EXPRESSION_KEYWORDS.contains(last.text());
            case PUNCT -> switch (last.text()) {
                case ")" -> last.flag();
                case "]", "++", "--" -> false;
                default -> true; // includes '}': usually the end of a block
            };
            default -> false;
        };
    }

    private void lexString(char quote) {
        StringBuilder value = new StringBuilder();
        pos++;
        while (pos < n) {
            char c = src.charAt(pos);
            if (c == quote) {
                pos++;
                emit(new Tok(Kind.STRING, value.toString(), false));
                return;
            }
            if (c == '\\') {
                pos = escape(pos, value);
            } else if (c == '\n' || c == '\r') {
                break; // unterminated: stop at the line break
            } else {
                value.append(c);
                pos++;
            }
        }
        emit(new Tok(Kind.BROKEN, value.toString(), false));
    }

    private void lexTemplate() {
        int index = tokens.size();
        tokens.add(new Tok(Kind.TEMPLATE, null, false)); // placeholder, so that it precedes its ${} tokens
        StringBuilder value = new StringBuilder();
        boolean plain = true;
        pos++;
        while (pos < n) {
            char c = src.charAt(pos);
            if (c == '`') {
                pos++;
                break;
            }
            if (c == '\\') {
                pos = escape(pos, value);
            } else if (c == '$' && pos + 1 < n && src.charAt(pos + 1) == '{') {
                plain = false;
                pos += 2;
                lexCode(true);
                if (pos < n) {
                    pos++; // the closing '}'
                }
            } else {
                value.append(c);
                pos++;
            }
        }
        Tok template = new Tok(Kind.TEMPLATE, plain ? value.toString() : null, plain);
        tokens.set(index, template);
        last = template;
    }

    /** Appends the character an escape stands for (simplified: the escaped character itself) and skips it. */
    private int escape(int at, StringBuilder value) {
        if (at + 1 >= n) {
            return n;
        }
        char e = src.charAt(at + 1);
        if (e == '\r' && at + 2 < n && src.charAt(at + 2) == '\n') {
            return at + 3; // line continuation
        }
        if (e != '\n' && e != '\r') {
            value.append(switch (e) {
                case 'n' -> '\n';
                case 't' -> '\t';
                default -> e;
            });
        }
        return at + 2;
    }

    private void lexRegex() {
        int start = pos;
        boolean inClass = false;
        int i = pos + 1;
        while (i < n) {
            char c = src.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '\n' || c == '\r') {
                break;
            }
            if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (c == '/' && !inClass) {
                pos = identEnd(i + 1); // flags
                emit(new Tok(Kind.REGEX, src.substring(start, pos), false));
                return;
            }
            i++;
        }
        punct("/", 1); // no closing slash on this line: it was a division after all
    }

    /** Tries to consume a JSX element at '<'; on failure restores all state and disables JSX for this file. */
    private boolean tryJsxElement() {
        int savedPos = pos;
        int savedSize = tokens.size();
        Tok savedLast = last;
        List<Boolean> savedParens = new ArrayList<>(parens);
        Tok element = new Tok(Kind.JSX, "<", false);
        tokens.add(element);
        if (jsxElement()) {
            last = element;
            return true;
        }
        pos = savedPos;
        tokens.subList(savedSize, tokens.size()).clear();
        last = savedLast;
        parens = savedParens;
        jsx = false;
        return false;
    }

    private boolean jsxElement() {
        pos++; // '<'
        skipSpaceAndComments();
        String name = jsxName();
        if (name.isEmpty() && !(pos < n && src.charAt(pos) == '>')) {
            return false;
        }
        skipSpaceAndComments();
        if (!name.isEmpty() && pos < n && (src.charAt(pos) == ',' || startsWithWord("extends"))) {
            return false; // a TSX generic such as <T,>(x: T) => x
        }
        while (true) { // attributes
            skipSpaceAndComments();
            if (pos >= n) {
                return false;
            }
            char c = src.charAt(pos);
            if (c == '/' && pos + 1 < n && src.charAt(pos + 1) == '>') {
                pos += 2;
                return true;
            }
            if (c == '>') {
                pos++;
                break;
            }
            if (c == '{') {
                if (!jsxContainer()) {
                    return false;
                }
                continue;
            }
            if (jsxName().isEmpty()) {
                return false;
            }
            skipSpaceAndComments();
            if (pos < n && src.charAt(pos) == '=') {
                pos++;
                skipSpaceAndComments();
                if (!jsxAttributeValue()) {
                    return false;
                }
            }
        }
        while (pos < n) { // children
            char c = src.charAt(pos);
            if (c == '<') {
                int save = pos;
                pos++;
                skipSpaceAndComments();
                if (pos < n && src.charAt(pos) == '/') {
                    pos++;
                    skipSpaceAndComments();
                    String closing = jsxName();
                    skipSpaceAndComments();
                    if (!closing.equals(name) || pos >= n || src.charAt(pos) != '>') {
                        return false;
                    }
                    pos++;
                    return true;
                }
                pos = save;
                if (!jsxElement()) {
                    return false;
                }
            } else if (c == '{') {
                if (!jsxContainer()) {
                    return false;
                }
            } else {
                pos++; // text
            }
        }
        return false;
    }

    private boolean jsxAttributeValue() {
        if (pos >= n) {
            return false;
        }
        char c = src.charAt(pos);
        if (c == '"' || c == '\'') { // JSX strings have no escapes and may span lines
            int end = src.indexOf(c, pos + 1);
            if (end < 0) {
                return false;
            }
            pos = end + 1;
            return true;
        }
        if (c == '{') {
            return jsxContainer();
        }
        return c == '<' && jsxElement();
    }

    private boolean jsxContainer() {
        pos++; // '{'
        lexCode(true);
        if (pos >= n) {
            return false;
        }
        pos++; // '}'
        return true;
    }

    private String jsxName() {
        int start = pos;
        if (pos < n && Character.isJavaIdentifierStart(src.charAt(pos))) {
            pos++;
            while (pos < n) {
                char c = src.charAt(pos);
                if (Character.isJavaIdentifierPart(c) || c == '-' || c == '.' || c == ':') {
                    pos++;
                } else {
                    break;
                }
            }
        }
        return src.substring(start, pos);
    }

    private boolean startsWithWord(String word) {
        int end = pos + word.length();
        return src.startsWith(word, pos) && end < n && !Character.isJavaIdentifierPart(src.charAt(end));
    }

    private void skipSpaceAndComments() {
        while (pos < n) {
            char c = src.charAt(pos);
            if (isSpace(c)) {
                pos++;
            } else if (src.startsWith("//", pos)) {
                skipLine();
            } else if (src.startsWith("/*", pos)) {
                skipBlockComment();
            } else {
                return;
            }
        }
    }

    private void skipLine() {
        while (pos < n && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') {
            pos++;
        }
    }

    private void skipBlockComment() {
        int end = src.indexOf("*/", pos + 2);
        pos = end < 0 ? n : end + 2;
    }

    private int identEnd(int from) {
        int i = from;
        while (i < n && Character.isJavaIdentifierPart(src.charAt(i))) {
            i++;
        }
        return i;
    }

    private void punct(String text, int length) {
        pos += length;
        emit(new Tok(Kind.PUNCT, text, false));
    }

    private void emit(Tok tok) {
        tokens.add(tok);
        last = tok;
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
