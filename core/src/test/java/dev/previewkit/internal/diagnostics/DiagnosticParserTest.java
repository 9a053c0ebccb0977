package dev.previewkit.internal.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.BuildPhase;
import dev.previewkit.Diagnostic;
import dev.previewkit.Diagnostic.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every fixture is real tool output; see src/test/resources/diagnostics/README.md for how each was made. */
class DiagnosticParserTest {
    @TempDir
    Path scratch;

    private Path workspace;

    @BeforeEach
    void createWorkspace() throws Exception {
        workspace = Files.createDirectory(scratch.resolve("workspace"));
    }

    private List<Diagnostic> parse(BuildPhase phase, String fixture) {
        return DiagnosticParser.parse(phase, Fixtures.lines(fixture, workspace), workspace);
    }

    private Diagnostic only(BuildPhase phase, String fixture) {
        List<Diagnostic> diagnostics = parse(phase, fixture);
        assertThat(diagnostics).hasSize(1);
        return diagnostics.get(0);
    }

    private static void assertLocated(Diagnostic diagnostic, BuildPhase phase, String file, int line, int column,
            String code, String message) {
        assertThat(diagnostic.phase()).isEqualTo(phase);
        assertThat(diagnostic.severity()).isEqualTo(Severity.ERROR);
        assertThat(diagnostic.file()).contains(file);
        assertThat(diagnostic.line()).isEqualTo(OptionalInt.of(line));
        assertThat(diagnostic.column()).isEqualTo(OptionalInt.of(column));
        assertThat(diagnostic.code()).isEqualTo(Optional.ofNullable(code));
        assertThat(diagnostic.message()).isEqualTo(message);
    }

    private static void assertFileOnly(Diagnostic diagnostic, String file, String code, String message) {
        assertThat(diagnostic.phase()).isEqualTo(BuildPhase.BUILD);
        assertThat(diagnostic.severity()).isEqualTo(Severity.ERROR);
        assertThat(diagnostic.file()).contains(file);
        assertThat(diagnostic.line()).isEmpty();
        assertThat(diagnostic.column()).isEmpty();
        assertThat(diagnostic.code()).isEqualTo(Optional.ofNullable(code));
        assertThat(diagnostic.message()).isEqualTo(message);
        assertThat(diagnostic.frame()).isEmpty();
    }

    private static void assertNpm(Diagnostic diagnostic, String code, String message) {
        assertThat(diagnostic.phase()).isEqualTo(BuildPhase.INSTALL);
        assertThat(diagnostic.severity()).isEqualTo(Severity.ERROR);
        assertThat(diagnostic.file()).isEmpty();
        assertThat(diagnostic.line()).isEmpty();
        assertThat(diagnostic.column()).isEmpty();
        assertThat(diagnostic.code()).contains(code);
        assertThat(diagnostic.message()).isEqualTo(message);
        assertThat(diagnostic.frame()).isEmpty();
    }

    private static String lines(String... lines) {
        return String.join("\n", lines);
    }

    // ------------------------------------------------------------------------------------------------ Vite 8

    @Test
    void parse_vite8SyntaxError_exactFileLineColumnMessageAndFrame() {
        Diagnostic diagnostic = only(BuildPhase.BUILD, "vite8-syntax-error.txt");

        assertLocated(diagnostic, BuildPhase.BUILD, "src/components/Greeting.tsx", 7, 19, null,
                "Expected corresponding JSX closing tag for 'h1'.");
        assertThat(diagnostic.frame()).contains(lines(
                "   ╭─[ src/components/Greeting.tsx:7:19 ]",
                "   │",
                " 7 │       <h1>{text}</h2>",
                "   │        ─┬         ─┬",
                "   │         ╰───────────── Opened here",
                "   │                    │",
                "   │                    ╰── Expected `</h1>`",
                "───╯"));
    }

    @Test
    void parse_vite8SyntaxError_colourCodesStripped() {
        assertThat(Fixtures.lines("vite8-syntax-error.txt", workspace)).anyMatch(line -> line.contains("\u001B["));

        Diagnostic diagnostic = only(BuildPhase.BUILD, "vite8-syntax-error.txt");

        assertThat(diagnostic.message() + diagnostic.frame().orElseThrow()).doesNotContain("\u001B");
    }

    @Test
    void parse_vite8UnresolvedImport_exactFileLineColumn() {
        Diagnostic diagnostic = only(BuildPhase.BUILD, "vite8-unresolved-import.txt");

        assertLocated(diagnostic, BuildPhase.BUILD, "src/App.tsx", 2, 25, "UNRESOLVED_IMPORT",
                "Could not resolve './Missing' in src/App.tsx");
        assertThat(diagnostic.frame().orElseThrow())
                .startsWith("   ╭─[ src/App.tsx:2:25 ]")
                .contains(" 2 │ import { Missing } from \"./Missing\";", "Module not found.")
                .endsWith("───╯");
        assertThat(diagnostic.toString()).isEqualTo("src/App.tsx:2:25 Could not resolve './Missing' in src/App.tsx");
    }

    @Test
    void parse_vite8TwoUnresolvedImports_bothInPrintedOrder() {
        List<Diagnostic> diagnostics = parse(BuildPhase.BUILD, "vite8-unresolved-imports-two.txt");

        assertThat(diagnostics).hasSize(2);
        assertLocated(diagnostics.get(0), BuildPhase.BUILD, "src/App.tsx", 2, 24, "UNRESOLVED_IMPORT",
                "Could not resolve './components/Header' in src/App.tsx");
        assertLocated(diagnostics.get(1), BuildPhase.BUILD, "src/App.tsx", 3, 24, "UNRESOLVED_IMPORT",
                "Could not resolve './components/Footer' in src/App.tsx");
        assertThat(diagnostics.get(0).frame().orElseThrow()).contains("./components/Header").doesNotContain("Footer");
        assertThat(diagnostics.get(1).frame().orElseThrow()).contains("./components/Footer").doesNotContain("Header");
    }

    @Test
    void parse_vite8UnresolvedBareImport_fileWithoutLine() {
        Diagnostic diagnostic = only(BuildPhase.BUILD, "vite8-unresolved-bare-import.txt");

        assertFileOnly(diagnostic, "src/App.tsx", "UNRESOLVED_IMPORT",
                "Rolldown failed to resolve import \"canvas-confetti\" from \"src/App.tsx\".");
    }

    @Test
    void parse_vite8JavaScriptParseError_parseErrorCode() {
        Diagnostic diagnostic = only(BuildPhase.BUILD, "vite8-parse-error-js.txt");

        assertLocated(diagnostic, BuildPhase.BUILD, "src/format.js", 3, 3, "PARSE_ERROR", "Unexpected token");
        assertThat(diagnostic.frame()).contains(lines(
                "   ╭─[ src/format.js:3:3 ]",
                "   │",
                " 3 │   return trimmed.toUpperCase()",
                "   │   ───┬──",
                "   │      ╰────",
                "───╯"));
    }

    @Test
    void parse_vite8ConfigError_messageAndThePlaceInTheConfigFromTheStack() {
        Diagnostic diagnostic = only(BuildPhase.BUILD, "vite8-config-error-unrecognized.txt");

        assertLocated(diagnostic, BuildPhase.BUILD, "vite.config.js", 2, 46, null,
                "Cannot read properties of undefined (reading 'trim')");
    }

    @Test
    void parse_vite8PluginErrorWithoutFile_messageNamesThePlugin() {
        Diagnostic diagnostic = only(BuildPhase.BUILD, "vite8-plugin-error-no-file.txt");

        assertThat(diagnostic.file()).isEmpty();
        assertThat(diagnostic.message()).isEqualTo("vite:terser: terser not found. Since Vite v3, terser has become"
                + " an optional dependency. You need to install it.");
    }

    @Test
    void parse_vite5PluginErrorWithoutFile_messageNamesThePlugin() {
        Diagnostic diagnostic = only(BuildPhase.BUILD, "vite5-plugin-error-no-file.txt");

        assertThat(diagnostic.file()).isEmpty();
        assertThat(diagnostic.message()).startsWith("vite:terser: terser not found.");
    }

    // ------------------------------------------------------------------------------------------------ Vite 5

    @Test
    void parse_vite5EsbuildSyntaxError_exactFileLineOneBasedColumnAndFrame() {
        Diagnostic diagnostic = only(BuildPhase.BUILD, "vite5-esbuild-syntax-error.txt");

        // esbuild prints 7:18 with a 0-based column; the caret stands under the 19th character
        assertLocated(diagnostic, BuildPhase.BUILD, "src/components/Greeting.tsx", 7, 19, null,
                "Unexpected closing \"h2\" tag does not match opening \"h1\" tag");
        assertThat(diagnostic.frame()).contains(lines(
                "5  |    return (",
                "6  |      <section className=\"greeting\">",
                "7  |        <h1>{text}</h2>",
                "   |                    ^",
                "8  |      </section>",
                "9  |    )"));
    }

    @Test
    void parse_vite5SwcSyntaxError_columnFromMarker() {
        Diagnostic diagnostic = only(BuildPhase.BUILD, "vite5-swc-syntax-error.txt");

        // SWC's frame top says 5:1; its caret stands under the '*' of "  const count = 1 +* 2"
        assertLocated(diagnostic, BuildPhase.BUILD, "src/components/Greeting.tsx", 5, 20, null,
                "Expression expected");
        assertThat(diagnostic.frame()).contains(lines(
                "   ,-[src/components/Greeting.tsx:5:1]",
                " 2 |",
                " 3 | export function Greeting({ name }: GreetingProps) {",
                " 4 |   const text = `Hello, ${name}!`",
                " 5 |   const count = 1 +* 2",
                "   :                    ^",
                " 6 |   return <h1>{text}{count}</h1>",
                " 7 | }",
                "   `----"));
    }

    @Test
    void parse_vite5SwcErrorPrintedTwice_reportedOnce() {
        List<String> lines = Fixtures.lines("vite5-swc-syntax-error-multiline.txt", workspace);
        assertThat(lines.stream().filter(line -> line.contains("x Expected '</', got 'jsx text'"))).hasSize(2);

        Diagnostic diagnostic = only(BuildPhase.BUILD, "vite5-swc-syntax-error-multiline.txt");

        assertLocated(diagnostic, BuildPhase.BUILD, "src/components/Greeting.tsx", 7, 1, null,
                "Expected '</', got 'jsx text'");
        assertThat(diagnostic.frame().orElseThrow())
                .startsWith("    ,-[src/components/Greeting.tsx:7:1]")
                .contains("  7 | ,->       <h1>{text}</h2>")
                .endsWith("    `----");
    }

    @Test
    void parse_vite5UnresolvedImport_fileFromRollupMessage() {
        Diagnostic diagnostic = only(BuildPhase.BUILD, "vite5-unresolved-import.txt");

        assertFileOnly(diagnostic, "src/App.tsx", "UNRESOLVED_IMPORT",
                "Could not resolve \"./Missing\" from \"src/App.tsx\"");
    }

    @Test
    void parse_vite5UnresolvedBareImport_absolutePathMadeRelative() {
        Diagnostic diagnostic = only(BuildPhase.BUILD, "vite5-unresolved-bare-import.txt");

        assertFileOnly(diagnostic, "src/App.tsx", "UNRESOLVED_IMPORT",
                "Rollup failed to resolve import \"canvas-confetti\" from \"src/App.tsx\".");
    }

    @Test
    void parse_vite5PluginErrorWithFileLine_fileFromFileLine() {
        Diagnostic diagnostic = only(BuildPhase.BUILD, "vite5-json-error.txt");

        assertFileOnly(diagnostic, "src/data.json", null, "Failed to parse JSON file.");
    }

    @Test
    void parse_vite5SuccessfulBuildWithMinifierWarning_nothing() {
        assertThat(parse(BuildPhase.BUILD, "vite5-success-css-warning.txt")).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ npm

    @Test
    void parse_npmE404_messageNamesThePackage() {
        assertNpm(only(BuildPhase.INSTALL, "npm-e404.txt"), "E404",
                "The requested resource 'previewkit-no-such-package-4d1e9c@1.0.0' could not be found or you do not"
                        + " have permission to access it.");
    }

    @Test
    void parse_npmEtarget_noMatchingVersion() {
        assertNpm(only(BuildPhase.INSTALL, "npm-etarget.txt"), "ETARGET",
                "No matching version found for react@99.0.0.");
    }

    @Test
    void parse_npmEresolve_conflictSummarizedOnOneLine() {
        assertNpm(only(BuildPhase.INSTALL, "npm-eresolve.txt"), "ERESOLVE",
                "unable to resolve dependency tree: peer react@\"^16.6.0 || ^17.0.0 || ^18.0.0\" from"
                        + " react-helmet-async@1.3.0; found react@19.2.0");
    }

    @Test
    void parse_npmOverriddenPeerWarnings_nothing() {
        assertThat(parse(BuildPhase.INSTALL, "npm-eresolve-overridden-warnings.txt")).isEmpty();
    }

    @Test
    void parse_npmConnectionRefused_networkCode() {
        assertNpm(only(BuildPhase.INSTALL, "npm-econnrefused.txt"), "ECONNREFUSED",
                "request to http://127.0.0.1:9/some-pkg failed, reason: connect ECONNREFUSED 127.0.0.1:9");
    }

    @Test
    void parse_npmHostNotFound_networkCode() {
        assertNpm(only(BuildPhase.INSTALL, "npm-enotfound.txt"), "ENOTFOUND",
                "request to http://previewkit-registry.invalid/some-pkg failed, reason: getaddrinfo ENOTFOUND"
                        + " previewkit-registry.invalid");
    }

    // ------------------------------------------------------------------------------------------------ tsc

    @Test
    void parse_tscPrettyFalse_exactFileLineColumnCodeMessage() {
        List<Diagnostic> diagnostics = parse(BuildPhase.BUILD, "tsc-pretty-false.txt");

        assertThat(diagnostics).hasSize(2);
        assertLocated(diagnostics.get(0), BuildPhase.BUILD, "src/greeting.ts", 3, 9, "TS2322",
                "Type 'number' is not assignable to type 'string'.");
        assertThat(diagnostics.get(0).frame()).isEmpty();
        assertLocated(diagnostics.get(1), BuildPhase.BUILD, "src/greeting.ts", 8, 14, "TS2322",
                "Type '(value: number) => string' is not assignable to type 'Formatter'. Types of parameters 'value'"
                        + " and 'value' are incompatible. Type 'string' is not assignable to type 'number'.");
        assertThat(diagnostics.get(1).frame()).isEmpty();
    }

    @Test
    void parse_tscPretty_sameDiagnosticsWithFrames() {
        List<Diagnostic> plain = parse(BuildPhase.BUILD, "tsc-pretty-false.txt");
        List<Diagnostic> pretty = parse(BuildPhase.BUILD, "tsc-pretty.txt");

        assertThat(pretty).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(pretty.get(i).toString()).isEqualTo(plain.get(i).toString());
            assertThat(pretty.get(i).code()).isEqualTo(plain.get(i).code());
            assertThat(pretty.get(i).fingerprint()).isEqualTo(plain.get(i).fingerprint());
        }
        assertThat(pretty.get(0).frame()).contains(lines(
                "3   const label: string = count",
                "          ~~~~~"));
        assertThat(pretty.get(1).frame()).contains(lines(
                "8 export const shout: Formatter = (value: number) => String(value).toUpperCase()",
                "               ~~~~~"));
    }

    // ------------------------------------------------------------------------------------------------ fingerprints

    @Test
    void fingerprint_sameErrorsMovedDownTwoLines_unchanged() {
        List<Diagnostic> before = parse(BuildPhase.BUILD, "tsc-pretty-false.txt");
        List<Diagnostic> after = parse(BuildPhase.BUILD, "tsc-pretty-false-moved.txt");

        assertThat(after).extracting(Diagnostic::line).containsExactly(OptionalInt.of(5), OptionalInt.of(10));
        assertThat(after).extracting(Diagnostic::fingerprint)
                .containsExactlyElementsOf(before.stream().map(Diagnostic::fingerprint).toList());
    }

    @Test
    void fingerprint_sameFileAndCodeButOtherMessage_differs() {
        List<Diagnostic> diagnostics = parse(BuildPhase.BUILD, "tsc-pretty-false.txt");

        assertThat(diagnostics.get(0).fingerprint()).isNotEqualTo(diagnostics.get(1).fingerprint());
    }

    @Test
    void fingerprint_otherWorkspaceFolder_unchanged() throws Exception {
        Path other = Files.createDirectory(scratch.resolve("other-build-7"));

        Diagnostic here = only(BuildPhase.BUILD, "vite5-unresolved-bare-import.txt");
        Diagnostic there = DiagnosticParser.parse(BuildPhase.BUILD,
                Fixtures.lines("vite5-unresolved-bare-import.txt", other), other).get(0);

        assertThat(there).isEqualTo(here);
        assertThat(there.fingerprint()).isEqualTo(here.fingerprint());
    }

    // ------------------------------------------------------------------------------------------------ general

    @Test
    void parse_sameOutputTwice_eachDiagnosticOnce() {
        List<String> twice = new ArrayList<>(Fixtures.lines("vite8-unresolved-imports-two.txt", workspace));
        twice.addAll(Fixtures.lines("vite8-unresolved-imports-two.txt", workspace));
        twice.addAll(Fixtures.lines("tsc-pretty-false.txt", workspace));
        twice.addAll(Fixtures.lines("tsc-pretty-false.txt", workspace));

        List<Diagnostic> diagnostics = DiagnosticParser.parse(BuildPhase.BUILD, twice, workspace);

        assertThat(diagnostics).hasSize(4).doesNotHaveDuplicates();
        assertThat(diagnostics).extracting(Diagnostic::location)
                .containsExactly("src/App.tsx:2:24", "src/App.tsx:3:24", "src/greeting.ts:3:9", "src/greeting.ts:8:14");
    }

    @Test
    void parse_reportsTheGivenPhase() {
        assertThat(only(BuildPhase.INSTALL, "npm-etarget.txt").phase()).isEqualTo(BuildPhase.INSTALL);
        assertThat(parse(BuildPhase.PUBLISH, "tsc-pretty-false.txt")).extracting(Diagnostic::phase)
                .containsOnly(BuildPhase.PUBLISH);
    }

    @Test
    void parse_windowsLineEndings_sameResult() {
        List<String> crlf = Fixtures.lines("vite8-syntax-error.txt", workspace).stream()
                .map(line -> line + "\r").toList();

        assertThat(DiagnosticParser.parse(BuildPhase.BUILD, crlf, workspace))
                .isEqualTo(parse(BuildPhase.BUILD, "vite8-syntax-error.txt"));
    }

    @Test
    void parse_pathsOutsideTheWorkspace_keptAbsolute() throws Exception {
        Path elsewhere = Files.createDirectory(scratch.resolve("elsewhere"));

        Diagnostic diagnostic = DiagnosticParser.parse(BuildPhase.BUILD,
                Fixtures.lines("vite5-esbuild-syntax-error.txt", elsewhere), workspace).get(0);

        assertThat(diagnostic.file()).contains(elsewhere.toString().replace('\\', '/')
                + "/src/components/Greeting.tsx");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "vite v8.3.8 building client environment for production...",
            "npm warn deprecated inflight@1.0.6: This module is not supported", "x is not defined",
            "Error: something broke", "    at Object.<anonymous> (/tmp/a.js:2:46)"})
    void parse_unrecognizedLines_nothing(String line) {
        assertThat(DiagnosticParser.parse(BuildPhase.BUILD, List.of(line), workspace)).isEmpty();
    }

    @Test
    void parse_noLines_nothing() {
        assertThat(DiagnosticParser.parse(BuildPhase.BUILD, List.of(), workspace)).isEmpty();
    }
}
