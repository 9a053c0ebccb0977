package dev.previewkit.backend.localnpm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
     * Runs {@code executable --version} with the given environment and parses what it prints.
     *
     * @throws IOException when it cannot be run, fails, hangs or prints no version
     */
    static ToolVersion of(Path executable, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of(executable.toString(), "--version"))
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        try (InputStream in = process.getInputStream()) {
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IOException("'" + executable + " --version' did not answer within " + TIMEOUT.toSeconds()
                        + " s");
            }
            String output = new String(in.readNBytes(4096), StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0) {
                throw new IOException("'" + executable + " --version' exited with code " + process.exitValue()
                        + ": " + output);
            }
            return parse(output).orElseThrow(() -> new IOException("'" + executable
                    + " --version' printed no version: " + output));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while checking " + executable, e);
        } finally {
            process.destroyForcibly();
        }
    }
}
