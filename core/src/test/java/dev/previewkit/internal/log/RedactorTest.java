package dev.previewkit.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {
    private static final String NPM_TOKEN = "npm_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"; // 36 characters
    private static final String GITHUB_TOKEN = "ghp_" + "Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2"; // 36 characters

    /** input line, the secret it holds, the expected redacted line. */
    static Stream<Arguments> secrets() {
        return Stream.of(
                Arguments.of("_authToken=abc123def456", "abc123def456", "_authToken=[REDACTED]"),
                Arguments.of("//registry.npmjs.org/:_authToken=" + NPM_TOKEN, NPM_TOKEN,
                        "//registry.npmjs.org/:_authToken=[REDACTED]"),
                Arguments.of("//npm.pkg.github.com/:_authToken=${NODE_AUTH}xyz987", "xyz987",
                        "//npm.pkg.github.com/:_authToken=[REDACTED]"),
                Arguments.of("//registry.example.com/:_password=c2VjcmV0cGFzcw==", "c2VjcmV0cGFzcw==",
                        "//registry.example.com/:_password=[REDACTED]"),
                Arguments.of("_auth = dXNlcjpzZWNyZXQ=", "dXNlcjpzZWNyZXQ=", "_auth = [REDACTED]"),
                Arguments.of("Authorization: Bearer abcdefghijklmnop1234", "abcdefghijklmnop1234",
                        "Authorization: Bearer [REDACTED]"),
                Arguments.of("authorization: bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjF9.sig_nature",
                        "eyJhbGciOiJIUzI1NiJ9", "authorization: bearer [REDACTED]"),
                Arguments.of("Authorization: Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA==",
                        "Authorization: Basic [REDACTED]"),
                Arguments.of("fetching https://user:pass@host/x", "user:pass",
                        "fetching https://[REDACTED]@host/x"),
                Arguments.of("git+https://deploy:s3cr3t@github.com/org/repo.git", "s3cr3t",
                        "git+https://[REDACTED]@github.com/org/repo.git"),
                Arguments.of("password=hunter2", "hunter2", "password=[REDACTED]"),
                Arguments.of("DB_PASSWORD=hunter2 next", "hunter2", "DB_PASSWORD=[REDACTED] next"),
                Arguments.of("{\"password\": \"hunter2\", \"user\": \"bob\"}", "hunter2",
                        "{\"password\": \"[REDACTED]\", \"user\": \"bob\"}"),
                Arguments.of("API_KEY: 'sk-live-1234'", "sk-live-1234", "API_KEY: '[REDACTED]'"),
                Arguments.of("client_secret=shh", "shh", "client_secret=[REDACTED]"),
                Arguments.of("cloning with " + GITHUB_TOKEN + " now", GITHUB_TOKEN, "cloning with [REDACTED] now"),
                Arguments.of("npm token " + NPM_TOKEN, NPM_TOKEN, "npm token [REDACTED]"),
                Arguments.of("aws AKIAIOSFODNN7EXAMPLE used", "AKIAIOSFODNN7EXAMPLE", "aws [REDACTED] used"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("secrets")
    void redact_lineWithSecret_secretMasked(String line, String secret, String expected) {
        String redacted = Redactor.redact(line);

        assertThat(redacted).isEqualTo(expected).doesNotContain(secret).contains(Redactor.MASK);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "dist/assets/index-DgN1KpR5.js  190.61 kB │ gzip: 60.04 kB",
        "dist/index.html                  0.46 kB │ gzip:  0.30 kB",
        "vite v5.4.10 building for production...",
        "✓ 34 modules transformed.",
        "✓ built in 1.27s",
        "added 64 packages, and audited 65 packages in 3s",
        "npm warn deprecated inflight@1.0.6: This module is not supported",
        "  ➜  Local:   http://localhost:5173/",
        "Progress: resolved 120, reused 118, downloaded 2, added 120, done",
        "src/components/PasswordInput.tsx:14:3 - error TS2322: Type 'number' is not assignable",
        "src/tokens.ts:3:1: ERROR: Unexpected \"}\"",
        ""})
    void redact_ordinaryBuildOutput_leftUnchanged(String line) {
        assertThat(Redactor.redact(line)).isEqualTo(line);
    }

    @Test
    void redact_shortBearerWord_leftUnchanged() {
        String line = "the bearer of bad news";

        assertThat(Redactor.redact(line)).isEqualTo(line);
    }

    @Test
    void redact_alreadyRedactedLine_unchangedOnSecondPass() {
        String once = Redactor.redact("//registry.npmjs.org/:_authToken=" + NPM_TOKEN + " Authorization: Bearer "
                + "abcdefghijkl https://u:p@h/x");

        assertThat(Redactor.redact(once)).isEqualTo(once);
        assertThat(once).doesNotContain(NPM_TOKEN).doesNotContain("abcdefghijkl").doesNotContain("u:p@");
    }

    @Test
    void redact_severalSecretsOnOneLine_allMasked() {
        String line = "password=hunter2 token=" + GITHUB_TOKEN + " https://bob:pw1234@example.com/repo";

        String redacted = Redactor.redact(line);

        assertThat(redacted).doesNotContain("hunter2").doesNotContain(GITHUB_TOKEN).doesNotContain("pw1234")
                .contains("https://[REDACTED]@example.com/repo");
    }
}
