package dev.previewkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.previewkit.Diagnostic.Severity;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class DiagnosticTest {

    private static Diagnostic at(String file, int line, int column, String code, String message) {
        return new Diagnostic(BuildPhase.BUILD, Severity.ERROR, Optional.of(file), OptionalInt.of(line),
                OptionalInt.of(column), Optional.ofNullable(code), message, Optional.empty());
    }

    private static Diagnostic noFile(BuildPhase phase, String code, String message) {
        return new Diagnostic(phase, Severity.ERROR, Optional.empty(), OptionalInt.empty(), OptionalInt.empty(),
                Optional.ofNullable(code), message, Optional.empty());
    }

    @Test
    void location_fileLineColumn_joinedWithColons() {
        assertThat(at("src/App.tsx", 3, 7, "TS2322", "m").location()).isEqualTo("src/App.tsx:3:7");
    }

    @Test
    void location_onlyFileAndLine_leavesColumnOut() {
        Diagnostic diagnostic = new Diagnostic(BuildPhase.BUILD, Severity.ERROR, Optional.of("src/App.tsx"),
                OptionalInt.of(3), OptionalInt.empty(), Optional.empty(), "m", Optional.empty());

        assertThat(diagnostic.location()).isEqualTo("src/App.tsx:3");
    }

    @Test
    void location_onlyFile_isTheFile() {
        Diagnostic diagnostic = new Diagnostic(BuildPhase.BUILD, Severity.ERROR, Optional.of("src/App.tsx"),
                OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), "m", Optional.empty());

        assertThat(diagnostic.location()).isEqualTo("src/App.tsx");
    }

    @Test
    void location_noFile_isEmpty() {
        assertThat(noFile(BuildPhase.INSTALL, "E404", "m").location()).isEmpty();
    }

    @Test
    void toString_withLocation_isLocationSpaceMessage() {
        assertThat(at("src/App.tsx", 3, 7, "TS2322", "Type 'number' is not assignable to type 'string'.").toString())
                .isEqualTo("src/App.tsx:3:7 Type 'number' is not assignable to type 'string'.");
    }

    @Test
    void toString_withoutLocation_isMessage() {
        assertThat(noFile(BuildPhase.INSTALL, "ETARGET", "No matching version found for react@99.0.0.").toString())
                .isEqualTo("No matching version found for react@99.0.0.");
    }

    @Test
    void toString_leavesFrameOut() {
        Diagnostic diagnostic = new Diagnostic(BuildPhase.BUILD, Severity.ERROR, Optional.of("a.ts"),
                OptionalInt.of(1), OptionalInt.of(2), Optional.empty(), "bad", Optional.of("1 | x\n  | ^"));

        assertThat(diagnostic.toString()).isEqualTo("a.ts:1:2 bad");
    }

    @Test
    void new_nullComponent_rejected() {
        assertThatThrownBy(() -> new Diagnostic(BuildPhase.BUILD, Severity.ERROR, null, OptionalInt.empty(),
                OptionalInt.empty(), Optional.empty(), "m", Optional.empty()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("file");
        assertThatThrownBy(() -> noFile(BuildPhase.BUILD, null, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("message");
        assertThatThrownBy(() -> new Diagnostic(null, Severity.ERROR, Optional.empty(), OptionalInt.empty(),
                OptionalInt.empty(), Optional.empty(), "m", Optional.empty()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("phase");
    }

    @Test
    void new_messageSpanningLines_rejected() {
        assertThatThrownBy(() -> noFile(BuildPhase.BUILD, null, "first\nsecond"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one line");
        assertThatThrownBy(() -> noFile(BuildPhase.BUILD, null, "first\rsecond"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void new_blankMessage_rejected() {
        assertThatThrownBy(() -> noFile(BuildPhase.BUILD, null, " "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void new_blankFileCodeOrFrame_rejected() {
        assertThatThrownBy(() -> new Diagnostic(BuildPhase.BUILD, Severity.ERROR, Optional.of(""),
                OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), "m", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> noFile(BuildPhase.BUILD, " ", "m"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Diagnostic(BuildPhase.BUILD, Severity.ERROR, Optional.empty(),
                OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), "m", Optional.of("")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void new_lineOrColumnBelowOne_rejected() {
        assertThatThrownBy(() -> at("a.ts", 0, 1, null, "m")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> at("a.ts", 1, 0, null, "m")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void new_lineWithoutFile_rejected() {
        assertThatThrownBy(() -> new Diagnostic(BuildPhase.BUILD, Severity.ERROR, Optional.empty(),
                OptionalInt.of(1), OptionalInt.empty(), Optional.empty(), "m", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("file");
    }

    @Test
    void new_columnWithoutLine_rejected() {
        assertThatThrownBy(() -> new Diagnostic(BuildPhase.BUILD, Severity.ERROR, Optional.of("a.ts"),
                OptionalInt.empty(), OptionalInt.of(1), Optional.empty(), "m", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line");
    }

    @Test
    void equals_sameComponents_equal() {
        assertThat(at("a.ts", 1, 2, "TS1", "m")).isEqualTo(at("a.ts", 1, 2, "TS1", "m"))
                .hasSameHashCodeAs(at("a.ts", 1, 2, "TS1", "m"));
    }

    @Test
    void fingerprint_is16LowercaseHexDigits() {
        assertThat(at("a.ts", 1, 2, "TS1", "m").fingerprint()).matches("[0-9a-f]{16}");
    }

    @Test
    void fingerprint_sameErrorMovedToAnotherLineAndColumn_unchanged() {
        Diagnostic before = at("src/App.tsx", 3, 7, "TS2322", "Type 'number' is not assignable to type 'string'.");
        Diagnostic after = at("src/App.tsx", 12, 1, "TS2322", "Type 'number' is not assignable to type 'string'.");

        assertThat(after.fingerprint()).isEqualTo(before.fingerprint());
    }

    @Test
    void fingerprint_frameAndSeverity_ignored() {
        Diagnostic plain = at("a.ts", 1, 1, null, "bad");
        Diagnostic framed = new Diagnostic(BuildPhase.BUILD, Severity.WARNING, Optional.of("a.ts"), OptionalInt.of(4),
                OptionalInt.of(2), Optional.empty(), "bad", Optional.of("4 | x"));

        assertThat(framed.fingerprint()).isEqualTo(plain.fingerprint());
    }

    @Test
    void fingerprint_digitsAndAbsolutePathsInMessage_normalized() {
        Diagnostic first = at("src/App.tsx", 1, 1, null,
                "Could not load /tmp/previewkit-123/workspace/src/Missing.tsx: expected 2 arguments");
        Diagnostic second = at("src/App.tsx", 1, 1, null,
                "Could not load /var/tmp/other-9/workspace/src/Missing.tsx: expected 3 arguments");

        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
    }

    @Test
    void fingerprint_differentMessage_differs() {
        assertThat(at("src/App.tsx", 3, 7, "TS2322", "Type 'number' is not assignable to type 'string'.").fingerprint())
                .isNotEqualTo(at("src/App.tsx", 3, 7, "TS2322", "Type 'string' is not assignable to type 'number'.")
                        .fingerprint());
    }

    @Test
    void fingerprint_differentFileCodeOrPhase_differs() {
        Diagnostic base = at("src/App.tsx", 3, 7, "TS2322", "m");

        assertThat(at("src/Other.tsx", 3, 7, "TS2322", "m").fingerprint()).isNotEqualTo(base.fingerprint());
        assertThat(at("src/App.tsx", 3, 7, "TS2345", "m").fingerprint()).isNotEqualTo(base.fingerprint());
        assertThat(noFile(BuildPhase.INSTALL, "E404", "m").fingerprint())
                .isNotEqualTo(noFile(BuildPhase.BUILD, "E404", "m").fingerprint());
    }

    @Test
    void fingerprint_partsDoNotRunTogether() {
        // file "ab" + message "c" must not collide with file "a" + message "bc"
        assertThat(at("ab", 1, 1, null, "c").fingerprint()).isNotEqualTo(at("a", 1, 1, null, "bc").fingerprint());
    }
}
