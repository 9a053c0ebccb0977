package dev.previewkit.internal.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.previewkit.internal.doctor.ImportScanner.Import;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImportScannerTest {

    static Stream<Arguments> jsSyntax() {
        return Stream.of(
                arguments("default", "import x from 'a';", List.of("a")),
                arguments("named", "import {a, b} from \"a\";", List.of("a")),
                arguments("namespace", "import * as x from 'a'", List.of("a")),
                arguments("default and named", "import React, { useState } from 'react'", List.of("react")),
                arguments("default and namespace", "import d, * as ns from 'a'", List.of("a")),
                arguments("side effect", "import 'a';\nimport \"b\"", List.of("a", "b")),
                arguments("multi-line named", "import {\n  a,\n  b as c,\n} from 'a'\n", List.of("a")),
                arguments("string export name", "import { \"a-b\" as ab } from 'a'", List.of("a")),
                arguments("import attributes", "import data from './d.json' with { type: 'json' };\nimport 'b'",
                        List.of("./d.json", "b")),
                arguments("export star", "export * from 'a'", List.of("a")),
                arguments("export star as", "export * as ns from 'a'", List.of("a")),
                arguments("export named from", "export { x, y as z } from 'a'", List.of("a")),
                arguments("export default from braces", "export { default } from './Button'", List.of("./Button")),
                arguments("multi-line export", "export {\n  x,\n  y,\n} from 'a';", List.of("a")),
                arguments("dynamic string", "const m = await import('a');", List.of("a")),
                arguments("dynamic double-quoted", "lazy(() => import(\"./Page\"))", List.of("./Page")),
                arguments("dynamic plain template", "import(`a`).then(m => m)", List.of("a")),
                arguments("dynamic with options", "import('./d.json', { with: { type: 'json' } })",
                        List.of("./d.json")),
                arguments("require", "const a = require('a');", List.of("a")),
                arguments("require plain template", "require(`a`)", List.of("a")),
                arguments("spread require", "module.exports = [...require('a')];", List.of("a")),
                arguments("ts import equals require", "import fs = require('fs-extra');", List.of("fs-extra")),
                arguments("default named type", "import type from 'a'", List.of("a")),
                arguments("default named type with named", "import type, { b } from 'a'", List.of("a")),
                arguments("default named from", "import from from 'a'", List.of("a")),
                arguments("inline type specifier", "import { type A, b } from 'a'", List.of("a")),
                arguments("no semicolons", "import a from 'a'\nimport b from 'b'\nexport * from 'c'",
                        List.of("a", "b", "c")),
                arguments("order of appearance", "require('c'); import b from 'b'; import('a')",
                        List.of("c", "b", "a")),
                arguments("shebang", "#!/usr/bin/env node\nconst x = require('a')", List.of("a")),
                arguments("inside template substitution", "const s = `${require('a')}`", List.of("a")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jsSyntax")
    void specifiers_jsSyntax_found(String description, String source, List<String> expected) {
        assertThat(ImportScanner.specifiers("src/main.ts", source)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jsSyntax")
    void specifiers_jsSyntaxInJsxFile_found(String description, String source, List<String> expected) {
        assertThat(ImportScanner.specifiers("src/App.jsx", source)).containsExactlyElementsOf(expected);
    }

    @Test
    void specifiers_multiLineNamedImport_found() {
        String source = """
                import {
                  a,
                  b,
                } from 'multi';
                """;

        assertThat(ImportScanner.specifiers("a.ts", source)).containsExactly("multi");
    }

    static Stream<Arguments> typeOnly() {
        return Stream.of(
                arguments("import type named", "import type { T } from 'a'"),
                arguments("import type default", "import type T from 'a'"),
                arguments("import type namespace", "import type * as ns from 'a'"),
                arguments("import type multi-line", "import type {\n  T,\n  U,\n} from 'a'"),
                arguments("export type named", "export type { T } from 'a'"),
                arguments("export type star", "export type * from 'a'"),
                arguments("typeof import", "type M = typeof import('a');"),
                arguments("after local export list", "export { x, y }\nexport type * from 'a'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typeOnly")
    void imports_typeOnlySyntax_markedTypeOnly(String description, String source) {
        assertThat(ImportScanner.imports("a.ts", source)).containsExactly(new Import("a", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typeOnly")
    void specifiers_typeOnlySyntax_leftOut(String description, String source) {
        assertThat(ImportScanner.specifiers("a.ts", source + "\nimport 'runtime'")).containsExactly("runtime");
    }

    @Test
    void imports_runtimeImport_notTypeOnly() {
        assertThat(ImportScanner.imports("a.ts", "import { type A, b } from 'a'"))
                .containsExactly(new Import("a", false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"types/env.d.ts", "x.d.mts", "global.d.cts", "styles.d.css.ts"})
    void imports_declarationFile_allTypeOnly(String fileName) {
        String source = "import x from 'a';\nexport * from 'b';";

        assertThat(ImportScanner.imports(fileName, source))
                .containsExactly(new Import("a", true), new Import("b", true));
        assertThat(ImportScanner.specifiers(fileName, source)).isEmpty();
    }

    /** Each source hides a fake import in a construct to skip, followed by one real import that must survive. */
    static Stream<Arguments> notImports() {
        return Stream.of(
                arguments("line comment", "// import x from 'fake'\n"),
                arguments("line comment with require", "foo(); // require('fake')\n"),
                arguments("block comment", "/* import x from 'fake';\n require('fake') */\n"),
                arguments("jsdoc import type", "/** @type {import('fake').T} */\nlet t;\n"),
                arguments("double-quoted string", "const s = \"import x from 'fake'\";\n"),
                arguments("single-quoted string", "const s = 'require(\"fake\")';\n"),
                arguments("escaped quote in string", "const s = 'it\\'s import(\"fake\")';\n"),
                arguments("template literal", "const s = `import x from 'fake'`;\n"),
                arguments("multi-line template", "const s = `\nimport x from 'fake'\nrequire('fake')\n`;\n"),
                arguments("template with substitution", "const s = `${a} import('fake') ${b}`;\n"),
                arguments("nested template", "const s = `a ${`b ${c} import('fake')`} require('fake')`;\n"),
                arguments("regex literal", "const r = /import x from 'fake'/;\n"),
                arguments("regex literal with flags", "const ok = /require\\('fake'\\)/g.test(s);\n"),
                arguments("regex with slash in class", "const r = /[/]import('fake')/;\n"),
                arguments("regex after return", "function f() { return /import('fake')/; }\n"),
                arguments("regex after control paren", "if (ok) /import('fake')/.test(s);\n"),
                arguments("regex with quote", "const r = /'/; const s = 'import(\"fake\")';\n"),
                arguments("member require", "foo.require('fake');\n"),
                arguments("optional member import", "foo?.import('fake');\n"),
                arguments("private method", "class A { #require(x) {} m() { this.#require('fake') } }\n"),
                arguments("dynamic import with substitution", "import(`./pages/${name}.js`);\n"),
                arguments("dynamic import of variable", "import(name);\n"),
                arguments("require of variable", "require(name);\n"),
                arguments("require of concatenation", "require('fake' + suffix);\n"),
                arguments("import meta", "const u = import.meta.url;\n"),
                arguments("local export list", "export { a, b };\n"),
                arguments("local export declaration", "export const from = 'fake';\n"),
                arguments("object key", "const o = { import: 'fake', require: 'fake' };\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notImports")
    void specifiers_notAnImport_ignored(String description, String source) {
        assertThat(ImportScanner.specifiers("a.js", source + "import real from 'real';"))
                .containsExactly("real");
    }

    static Stream<Arguments> divisions() {
        return Stream.of(
                arguments("identifiers", "const a = b / 2; require('x'); const c = d / 3;"),
                arguments("parenthesis", "const a = (b + c) / 2; require('x'); e = (f) / 4;"),
                arguments("member and index", "a = b.c / 2; require('x'); d = e[0] / 2;"),
                arguments("after increment", "a = i++ / 2; require('x'); b = j-- / 2;"),
                arguments("division assignment", "a /= 2; require('x'); b /= 3;"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("divisions")
    void specifiers_divisionOnLine_notMistakenForRegex(String description, String source) {
        assertThat(ImportScanner.specifiers("a.js", source)).containsExactly("x");
    }

    static Stream<Arguments> jsx() {
        return Stream.of(
                arguments("text", "const App = () => <p>import x from 'fake'</p>;\n"),
                arguments("apostrophe in text", "const App = () => (\n  <p>Don't import('fake') here</p>\n);\n"),
                arguments("attribute string", "const a = <a title=\"it's\" href='//x.com'>require('fake')</a>;\n"),
                arguments("nested elements", "const a = <div><b>import('fake')</b><br/>it's</div>;\n"),
                arguments("fragment", "const a = <>import x from 'fake'</>;\n"),
                arguments("expression container", "const a = <ul>{items.map(i => <li key={i}>{i}'s</li>)}</ul>;\n"),
                arguments("comment container", "const a = <div>{/* import('fake') */}</div>;\n"),
                arguments("member tag", "const a = <Foo.Bar x={1}>import('fake')</Foo.Bar>;\n"),
                arguments("spread attribute", "const a = <A {...props}>require('fake')</A>;\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jsx")
    void specifiers_jsxText_ignored(String description, String source) {
        assertThat(ImportScanner.specifiers("App.jsx", source + "import real from 'real';"))
                .containsExactly("real");
        assertThat(ImportScanner.specifiers("App.tsx", source + "import real from 'real';"))
                .containsExactly("real");
    }

    @Test
    void specifiers_importInsideJsxContainer_found() {
        String source = "const a = <Suspense>{lazy(() => import('./Page'))}</Suspense>;";

        assertThat(ImportScanner.specifiers("App.tsx", source)).containsExactly("./Page");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "const id = <T,>(x: T) => x;\n",
        "const id = <T extends object>(x: T) => x;\n",
        "let f: <T>(x: T) => T = id;\n",
        "if (a < b && c > d) { go(); }\n"})
    void specifiers_angleBracketsThatAreNotJsx_importsAfterFound(String code) {
        String source = code + "const m = import('after');\nimport b from 'b';";

        assertThat(ImportScanner.specifiers("App.tsx", source)).containsExactly("after", "b");
    }

    @Test
    void specifiers_typeAssertionInTs_notTreatedAsJsx() {
        String source = "const x = <Foo>bar;\nrequire('after');";

        assertThat(ImportScanner.specifiers("a.ts", source)).containsExactly("after");
    }

    static Stream<Arguments> css() {
        return Stream.of(
                arguments("single-quoted", "a.css", "@import 'x';", List.of("x")),
                arguments("double-quoted with media", "a.css", "@import \"x\" screen;", List.of("x")),
                arguments("url unquoted", "a.css", "@import url(x);", List.of("x")),
                arguments("url quoted", "a.css", "@import url(\"x\");", List.of("x")),
                arguments("url spaced with layer", "a.css", "@import url( 'x' ) layer(base);", List.of("x")),
                arguments("package path", "a.css", "@import '@fontsource/inter/400.css';",
                        List.of("@fontsource/inter/400.css")),
                arguments("uppercase at-rule", "a.css", "@IMPORT 'x';", List.of("x")),
                arguments("several rules", "a.css", "@import 'a';\n@import url(b.css);\nbody{}", List.of("a", "b.css")),
                arguments("block comment", "a.css", "/* @import 'fake'; */\n@import 'x';", List.of("x")),
                arguments("string content", "a.css", "a::before { content: \"@import 'fake'\"; }\n@import 'x';",
                        List.of("x")),
                arguments("url elsewhere", "a.css", "a { background: url(\"@import.png\"); }\n@import 'x';",
                        List.of("x")),
                arguments("not the import at-rule", "a.css", "@importer 'fake';\n@import 'x';", List.of("x")),
                arguments("scss list", "a.scss", "@import 'a', 'b';", List.of("a", "b")),
                arguments("scss line comment", "a.scss", "// @import 'fake';\n@import 'x';", List.of("x")),
                arguments("less options", "a.less", "@import (reference) 'x';", List.of("x")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("css")
    void specifiers_cssImport_found(String description, String fileName, String source, List<String> expected) {
        assertThat(ImportScanner.specifiers(fileName, source)).containsExactlyElementsOf(expected);
    }

    @Test
    void specifiers_jsSyntaxInCss_ignored() {
        assertThat(ImportScanner.specifiers("a.css", "import x from 'fake';\n@import 'x';")).containsExactly("x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"README.md", "index.html", "data.json", "Makefile", "noext"})
    void imports_unsupportedFileType_empty(String fileName) {
        assertThat(ImportScanner.imports(fileName, "import x from 'a';\n@import 'b';")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.ts", "a.tsx", "a.js", "a.jsx", "a.mjs", "a.cjs", "a.mts", "a.cts", "dir/B.TSX"})
    void specifiers_everyJsExtension_scanned(String fileName) {
        assertThat(ImportScanner.specifiers(fileName, "import x from 'a';")).containsExactly("a");
    }

    @Test
    void specifiers_repeatedSpecifier_listedOnce() {
        String source = "import a from 'x';\nimport { b } from 'x';\nimport type { C } from 'x';";

        assertThat(ImportScanner.imports("a.ts", source)).hasSize(3);
        assertThat(ImportScanner.specifiers("a.ts", source)).containsExactly("x");
    }

    @Test
    void imports_unterminatedInput_doesNotThrow() {
        assertThat(ImportScanner.imports("a.tsx", "import x from 'a';\nconst s = `${ <div> /* '")).isNotNull()
                .containsExactly(new Import("a", false));
    }
}
