package dev.previewkit.backend.localnpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.previewkit.spi.ProcessLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The version probe of Node.js and npm, against small scripts standing in for them. */
class ToolVersionTest {
    private static final Map<String, String> ENVIRONMENT = Map.of("PATH", System.getenv("PATH"));

    @TempDir
    Path temp;

    private Path script(String body) throws IOException {
        Path file = temp.resolve("tool");
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void of_toolPrintingItsVersion_parsesMajorAndText() throws IOException {
        ToolVersion version = ToolVersion.of(ProcessLauncher.local(), script("echo v20.20.2"), ENVIRONMENT);

        assertThat(version.major()).isEqualTo(20);
        assertThat(version.text()).isEqualTo("v20.20.2");
    }

    @Test
    void of_toolFloodingItsOutput_answersAtOnceInsteadOfBlockingUntilTheTimeout() throws IOException {
        Path flooding = script("head -c 20000000 /dev/zero | tr '\\\\0' 'x'; echo; echo v20.20.2");

        long start = System.nanoTime();
        assertThatThrownBy(() -> ToolVersion.of(ProcessLauncher.local(), flooding, ENVIRONMENT))
                .isInstanceOf(IOException.class).hasMessageContaining("printed no version");
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds, against a 20 s timeout")
                .isLessThan(10_000);
    }

    @Test
    void of_toolThatFails_saysItsExitCodeAndOutput() throws IOException {
        assertThatThrownBy(() -> ToolVersion.of(ProcessLauncher.local(), script("echo broken >&2; exit 3"),
                ENVIRONMENT)).isInstanceOf(IOException.class).hasMessageContaining("exited with code 3")
                .hasMessageContaining("broken");
    }
}
