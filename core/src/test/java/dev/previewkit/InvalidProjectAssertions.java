package dev.previewkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.previewkit.InvalidProjectException.Rule;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Shared checks for {@link InvalidProjectException}s thrown by project validation. */
final class InvalidProjectAssertions {
    private InvalidProjectAssertions() {}

    /**
     * Asserts that {@code call} throws an {@link InvalidProjectException} for {@code rule} that names
     * {@code inputPath} (through {@code path()}) and whose message holds {@code printablePath} and the rule name.
     */
    static InvalidProjectException assertRejectedPath(
            ThrowingCallable call, Rule rule, String inputPath, String printablePath) {
        InvalidProjectException e = assertRejected(call, rule);
        assertThat(e.path()).as("path()").contains(inputPath);
        assertThat(e.getMessage()).as("message").contains("'" + printablePath + "'");
        return e;
    }

    /** Asserts that {@code call} throws an {@link InvalidProjectException} for {@code rule} naming the rule. */
    static InvalidProjectException assertRejected(ThrowingCallable call, Rule rule) {
        InvalidProjectException e = catchThrowableOfType(InvalidProjectException.class, call);
        assertThat(e).as("expected an InvalidProjectException for rule %s", rule).isNotNull();
        assertThat(e.rule()).as("rule()").isEqualTo(rule);
        assertThat(e.getMessage()).as("message").contains(rule.name());
        return e;
    }

    /** The message must never carry a raw control character. */
    static void assertNoControlCharacters(String message) {
        assertThat(message.chars().filter(c -> c < 0x20 || c == 0x7f).count())
                .as("control characters in message %s", message.replace("\n", "\\n")).isZero();
    }
}
