package dev.previewkit.internal.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.BuildPhase;
import dev.previewkit.Diagnostic;
import dev.previewkit.Diagnostic.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagnosticSummaryTest {

    private static Diagnostic diagnostic(Severity severity, String file, int line, String message, String frame) {
        return new Diagnostic(BuildPhase.BUILD, severity, Optional.of(file), OptionalInt.of(line), OptionalInt.of(1),
                Optional.empty(), message, Optional.ofNullable(frame));
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void render_none_isEmpty() {
        assertThat(DiagnosticSummary.render(List.of())).isEmpty();
    }

    @Test
    void render_oneWithFrame_locationMessageThenIndentedFrame() {
        Diagnostic error = diagnostic(Severity.ERROR, "src/App.tsx", 4, "Unexpected token", "4 | x\n  | ^");

        assertThat(DiagnosticSummary.render(List.of(error)))
                .isEqualTo("src/App.tsx:4:1 Unexpected token\n    4 | x\n      | ^\n");
    }

    @Test
    void render_errorsBeforeWarnings_orderOtherwiseKept() {
        Diagnostic warning = diagnostic(Severity.WARNING, "a.ts", 1, "w", null);
        Diagnostic first = diagnostic(Severity.ERROR, "b.ts", 1, "e1", null);
        Diagnostic second = diagnostic(Severity.ERROR, "c.ts", 1, "e2", null);

        assertThat(DiagnosticSummary.render(List.of(warning, first, second)))
                .isEqualTo("b.ts:1:1 e1\nc.ts:1:1 e2\na.ts:1:1 w\n");
    }

    @Test
    void render_sameFingerprintTwice_shownOnce() {
        Diagnostic here = diagnostic(Severity.ERROR, "a.ts", 3, "Type 'number' is not assignable", null);
        Diagnostic movedDown = diagnostic(Severity.ERROR, "a.ts", 9, "Type 'number' is not assignable", null);

        assertThat(DiagnosticSummary.render(List.of(here, movedDown)))
                .isEqualTo("a.ts:3:1 Type 'number' is not assignable\n");
    }

    @Test
    void render_tooMany_staysWithinBoundAndCountsTheRest() {
        List<Diagnostic> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(diagnostic(Severity.ERROR, "src/file" + (char) ('a' + i % 26) + i / 26 + ".tsx", i + 1,
                    "Cannot find name 'thing" + "abcdefghij".charAt(i % 10) + "'. Did you mean 'things'?",
                    i + 1 + " | const x = thing;\n  |           ^"));
        }

        String summary = DiagnosticSummary.render(many);

        assertThat(bytes(summary)).isLessThanOrEqualTo(DiagnosticSummary.MAX_BYTES);
        assertThat(summary).startsWith("src/filea0.tsx:1:1 Cannot find name 'thinga'.")
                .containsPattern("\\n\\.\\.\\. and \\d+ more\\n$");
        long shown = summary.lines().filter(line -> line.startsWith("src/")).count();
        String tail = summary.substring(summary.lastIndexOf("... and ") + "... and ".length());
        assertThat(Integer.parseInt(tail.substring(0, tail.indexOf(' ')))).isEqualTo(200 - shown);
    }

    @Test
    void render_exactlyFitting_noTruncationNote() {
        List<Diagnostic> few = List.of(diagnostic(Severity.ERROR, "a.ts", 1, "x".repeat(100), null),
                diagnostic(Severity.ERROR, "b.ts", 1, "y".repeat(100), null));

        assertThat(DiagnosticSummary.render(few)).doesNotContain("... and");
    }

    @Test
    void render_hugeFirstEntry_cutToBoundWithNote() {
        Diagnostic huge = diagnostic(Severity.ERROR, "a.ts", 1, "ä".repeat(5_000), "1 | " + "z".repeat(5_000));
        Diagnostic second = diagnostic(Severity.ERROR, "b.ts", 1, "small", null);
        Diagnostic third = diagnostic(Severity.ERROR, "c.ts", 1, "small", null);

        String summary = DiagnosticSummary.render(List.of(huge, second, third));

        assertThat(bytes(summary)).isLessThanOrEqualTo(DiagnosticSummary.MAX_BYTES);
        assertThat(summary).startsWith("a.ts:1:1 ääää").doesNotContain("zzz").endsWith("...\n... and 2 more\n");
    }

    @Test
    void render_hugeOnlyEntry_cutToBoundWithoutNote() {
        Diagnostic huge = diagnostic(Severity.ERROR, "a.ts", 1, "x".repeat(10_000), null);

        String summary = DiagnosticSummary.render(List.of(huge));

        assertThat(bytes(summary)).isEqualTo(DiagnosticSummary.MAX_BYTES);
        assertThat(summary).startsWith("a.ts:1:1 xxx").endsWith("x...\n");
    }

    @Test
    void render_realViteAndTscOutput_readyForARepairPrompt(@TempDir Path workspace) {
        List<Diagnostic> diagnostics = new ArrayList<>(DiagnosticParser.parse(BuildPhase.BUILD,
                Fixtures.lines("vite5-esbuild-syntax-error.txt", workspace), workspace));
        diagnostics.addAll(DiagnosticParser.parse(BuildPhase.BUILD,
                Fixtures.lines("tsc-pretty-false.txt", workspace), workspace));

        assertThat(DiagnosticSummary.render(diagnostics)).isEqualTo("""
                src/components/Greeting.tsx:7:19 Unexpected closing "h2" tag does not match opening "h1" tag
                    5  |    return (
                    6  |      <section className="greeting">
                    7  |        <h1>{text}</h2>
                       |                    ^
                    8  |      </section>
                    9  |    )
                src/greeting.ts:3:9 Type 'number' is not assignable to type 'string'.
                src/greeting.ts:8:14 Type '(value: number) => string' is not assignable to type 'Formatter'. \
                Types of parameters 'value' and 'value' are incompatible. Type 'string' is not assignable to type \
                'number'.
                """);
    }

    @Test
    void render_multiByteText_boundCountedInUtf8Bytes() {
        List<Diagnostic> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(diagnostic(Severity.ERROR, "src/ü" + i + ".tsx", 1, "Unerwartetes Zeichen »€« " + i, null));
        }

        String summary = DiagnosticSummary.render(many);

        assertThat(bytes(summary)).isLessThanOrEqualTo(DiagnosticSummary.MAX_BYTES);
        assertThat(summary.length()).isLessThan(bytes(summary));
        assertThat(summary).endsWith(" more\n");
    }
}
