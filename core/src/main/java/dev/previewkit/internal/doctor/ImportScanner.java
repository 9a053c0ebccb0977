package dev.previewkit.internal.doctor;

import dev.previewkit.internal.doctor.JsLexer.Kind;
import dev.previewkit.internal.doctor.JsLexer.Tok;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Finds the module specifiers a source file imports, without evaluating or fully parsing it.
 *
 * <p>JS/TS ({@code .js .jsx .mjs .cjs .ts .tsx .mts .cts}): static {@code import}/{@code export ... from},
 * side-effect imports, dynamic {@code import()} and {@code require()} with a literal argument (a string, or a
 * template literal without {@code ${}}). Comments, string and template contents, regex literals and (in
 * {@code .js .jsx .tsx}) JSX text are skipped on a best-effort basis. CSS ({@code .css .scss .less}): the targets
 * of {@code @import}. Other file names yield nothing.
 */
public final class ImportScanner {

    /**
     * One import. {@code typeOnly} marks imports erased when compiling: {@code import type}, {@code export type},
     * {@code typeof import('x')} and every import in a declaration file ({@code .d.ts}). An import with only inline
     * {@code type} specifiers ({@code import {type A} from 'a'}) is not type-only, since it may be kept as a
     * side-effect import.
     */
    public record Import(String specifier, boolean typeOnly) {
        public Import {
            Objects.requireNonNull(specifier, "specifier");
        }
    }

    private static final Tok END = new Tok(Kind.BROKEN, "", false);
    private static final Pattern DECLARATION_FILE = Pattern.compile(".*\\.d(\\.[^./]+)?\\.[mc]?ts");

    private ImportScanner() {}

    /** The specifiers needed at build time (type-only imports left out), distinct, in order of first appearance. */
    public static List<String> specifiers(String fileName, String source) {
        LinkedHashSet<String> result = new LinkedHashSet<>();
        for (Import i : imports(fileName, source)) {
            if (!i.typeOnly()) {
                result.add(i.specifier());
            }
        }
        return List.copyOf(result);
    }

    /** Every import of the file, type-only ones included, in order of appearance (repeats kept). */
    public static List<Import> imports(String fileName, String source) {
        if (fileName == null || source == null || source.isEmpty()) {
            return List.of();
        }
        String name = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1)
                .toLowerCase(Locale.ROOT);
        String extension = name.substring(name.lastIndexOf('.') + 1);
        return switch (extension) {
            case "js", "jsx", "tsx", "mjs", "cjs", "ts", "mts", "cts" -> scanJs(source,
                    extension.equals("js") || extension.equals("jsx") || extension.equals("tsx"),
                    DECLARATION_FILE.matcher(name).matches());
            case "css" -> CssImports.scan(source, false);
            case "scss", "less" -> CssImports.scan(source, true);
            default -> List.of();
        };
    }

    private static List<Import> scanJs(String source, boolean jsx, boolean declarationFile) {
        List<Tok> toks = JsLexer.tokenize(source, jsx);
        List<Import> out = new ArrayList<>();
        for (int i = 0; i < toks.size(); i++) {
            Tok t = toks.get(i);
            if (t.kind() != Kind.IDENT || (i > 0 && (toks.get(i - 1).isPunct(".") || toks.get(i - 1).isPunct("?.")))) {
                continue; // a member such as foo.require(...)
            }
            String found = null;
            boolean typeOnly = false;
            switch (t.text()) {
                case "import" -> {
                    Tok next = at(toks, i + 1);
                    if (next.isPunct("(")) {
                        found = dynamicArgument(toks, i + 1);
                        typeOnly = i > 0 && toks.get(i - 1).isIdent("typeof");
                    } else if (next.kind() == Kind.STRING) {
                        found = next.text(); // import 'side-effect'
                    } else if (!next.isPunct(".")) { // not import.meta
                        typeOnly = isTypeModifier(toks, i + 1);
                        found = clauseSource(toks, typeOnly ? i + 2 : i + 1);
                    }
                }
                case "export" -> {
                    typeOnly = isTypeModifier(toks, i + 1);
                    int start = typeOnly ? i + 2 : i + 1;
                    if (at(toks, start).isPunct("{") || at(toks, start).isPunct("*")) {
                        found = clauseSource(toks, start);
                    }
                }
                case "require" -> {
                    if (at(toks, i + 1).isPunct("(")) {
                        found = dynamicArgument(toks, i + 1);
                    }
                }
                default -> { }
            }
            if (found != null) {
                out.add(new Import(found, typeOnly || declarationFile));
            }
        }
        return out;
    }

    /** The literal in {@code (literal)} or {@code (literal, options)} starting at {@code open}, or null. */
    private static String dynamicArgument(List<Tok> toks, int open) {
        Tok arg = at(toks, open + 1);
        Tok after = at(toks, open + 2);
        return arg.isPlainLiteral() && (after.isPunct(")") || after.isPunct(",")) ? arg.text() : null;
    }

    /**
     * Whether the token at {@code i} is a {@code type} modifier ({@code import type X from}, {@code export type {}})
     * rather than a default import named {@code type} ({@code import type from 'x'}, {@code import type, {a}}).
     */
    private static boolean isTypeModifier(List<Tok> toks, int i) {
        if (!at(toks, i).isIdent("type")) {
            return false;
        }
        Tok next = at(toks, i + 1);
        if (next.isPunct("{") || next.isPunct("*")) {
            return true;
        }
        return next.kind() == Kind.IDENT && !(next.text().equals("from") && at(toks, i + 2).kind() == Kind.STRING);
    }

    /**
     * Follows an import/export clause (default name, {@code * as ns}, {@code {a, b as c}}) from {@code start} to its
     * {@code from 'x'} and returns {@code x}; null when the tokens do not form such a clause.
     */
    private static String clauseSource(List<Tok> toks, int start) {
        int depth = 0;
        int outsideBraces = 0;
        for (int j = start; j < toks.size(); j++) {
            Tok t = toks.get(j);
            boolean fromLiteral = t.isIdent("from") && at(toks, j + 1).kind() == Kind.STRING;
            if (depth > 0) {
                if (t.isPunct("{")) {
                    depth++;
                } else if (t.isPunct("}")) {
                    depth--;
                } else if (fromLiteral || !(t.kind() == Kind.IDENT || t.kind() == Kind.STRING || t.isPunct(","))) {
                    return null; // not a list of names: an unclosed brace
                }
                continue;
            }
            if (fromLiteral && j > start) {
                return toks.get(j + 1).text();
            }
            if (++outsideBraces > 8 || t.isIdent("import") || t.isIdent("export")) {
                return null;
            }
            if (t.isPunct("{")) {
                depth++;
            } else if (!(t.kind() == Kind.IDENT || t.isPunct(",") || t.isPunct("*"))) {
                return null;
            }
        }
        return null;
    }

    private static Tok at(List<Tok> toks, int i) {
        return i < toks.size() ? toks.get(i) : END;
    }
}
