package dev.previewkit.backend.localnpm;

import dev.previewkit.PhaseTimeout;
import dev.previewkit.spi.Launch;
import dev.previewkit.spi.ProcessLauncher;
import dev.previewkit.spi.StepFailedException;
import dev.previewkit.spi.TimedContext;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tool's version as it reports it with {@code --version}, such as Node's {@code v20.20.2}.
 *
 * @param major the major version
 * @param text  the version as printed
 */
record ToolVersion(int major, String text) {
    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** Parses the first version number in a line, if any. */
    static Optional<ToolVersion> parse(String output) {
        Matcher matcher = VERSION.matcher(output);
        return matcher.find()
                ? Optional.of(new ToolVersion(Integer.parseInt(matcher.group(1)), matcher.group()))
                : Optional.empty();
    }

    /**
     * Runs {@code executable --version} through {@code launcher} with the given environment and parses what it
     * prints.
     *
     * @throws IOException when it cannot be run, fails, hangs or prints no version
     */
    static ToolVersion of(ProcessLauncher launcher, Path executable, Map<String, String> environment)
            throws IOException {
        String command = "'" + executable + " --version'";
        StringBuffer printed = new StringBuffer();
        int exit;
        try (TimedContext context = TimedContext.builder("tool-version", PhaseTimeout.of(TIMEOUT, TIMEOUT))
                .output((stream, line) -> {
                    if (printed.length() < 4096) {
                        printed.append(line).append('\n');
                    }
                })
                .start()) {
            exit = launcher.launch(Launch.builder(List.of(executable.toString(), "--version"))
                    .directory(Path.of(System.getProperty("java.io.tmpdir")))
                    .environment(environment)
                    .build(), context);
        } catch (StepFailedException e) {
            throw new IOException(command + " failed: " + e.getMessage(), e);
        }
        String output = printed.toString().trim();
        if (exit != 0) {
            throw new IOException(command + " exited with code " + exit + ": " + output);
        }
        return parse(output).orElseThrow(() -> new IOException(command + " printed no version: " + output));
    }
}
