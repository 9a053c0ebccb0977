package dev.previewkit.examples.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The naive pipeline's commands, run as plain child processes without a shell: they inherit the JVM's whole
 * environment (so {@code NODE_EXTRA_CA_CERTS}, proxies and npm settings reach npm), and their output goes to a
 * log file.
 */
final class ChildProcesses {
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
            .startsWith("windows");

    private ChildProcesses() {}

    /** {@code npm install --no-audit --no-fund}, lifecycle scripts included, as a developer would type it. */
    static List<String> npmInstall() {
        return List.of(npm(), "install", "--no-audit", "--no-fund");
    }

    /** {@code node node_modules/vite/bin/vite.js build}, the build Previewkit also runs. */
    static List<String> viteBuild() {
        return List.of("node", "node_modules/vite/bin/vite.js", "build");
    }

    /** Runs a command in {@code directory}, appending its output to {@code log}; fails unless it exits 0. */
    static void run(List<String> command, Path directory, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log.toFile()));
        int exit;
        try {
            exit = builder.start().waitFor();
        } catch (IOException e) {
            throw new BenchmarkFailure("Cannot start '" + String.join(" ", command) + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkFailure("Interrupted while running '" + String.join(" ", command) + "'", e);
        }
        if (exit != 0) {
            throw new BenchmarkFailure("'" + String.join(" ", command) + "' in " + directory + " exited with code "
                    + exit + "; last lines of " + log + ":\n" + BenchFiles.tail(log, 30));
        }
    }

    /** The first line a tool prints on standard output, such as {@code node --version}; "unknown" on failure. */
    static String firstLine(String... command) {
        List<String> line = new ArrayList<>(List.of(command));
        if (line.get(0).equals("npm")) {
            line.set(0, npm());
        }
        try {
            Process process = new ProcessBuilder(line).redirectError(Redirect.DISCARD).start();
            String out;
            try (InputStream stdout = process.getInputStream()) {
                out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            return process.waitFor() == 0 && !out.isEmpty() ? out.lines().findFirst().orElse(out) : "unknown";
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }

    private static String npm() {
        return WINDOWS ? "npm.cmd" : "npm";
    }
}
