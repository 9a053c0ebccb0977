package dev.previewkit.examples.bench;

import dev.previewkit.OutputLine;
import dev.previewkit.PhaseTimeout;
import dev.previewkit.PreviewException;
import dev.previewkit.spi.Launch;
import dev.previewkit.spi.ProcessLauncher;
import dev.previewkit.spi.StepFailedException;
import dev.previewkit.spi.TimedContext;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The naive pipeline's commands, run through Previewkit's own {@link ProcessLauncher} (no shell, the whole
 * tree killed when a command hangs) but with the JVM's whole environment, so {@code NODE_EXTRA_CA_CERTS},
 * proxies and npm settings reach npm; their output goes to a log file.
 */
final class ChildProcesses {
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
            .startsWith("windows");
    /** Generous: the naive pipeline is measured, not limited; this only ends a command that hangs. */
    private static final PhaseTimeout TIMEOUT = PhaseTimeout.of(Duration.ofMinutes(10), Duration.ofMinutes(30));

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
        int exit;
        try (BufferedWriter writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
                TimedContext context = TimedContext.builder("bench", TIMEOUT).scratchDirectory(directory)
                        .output((stream, line) -> append(writer, line)).start()) {
            exit = ProcessLauncher.local().launch(launch(command, directory), context);
        } catch (IOException e) {
            throw new BenchmarkFailure("Cannot write " + log + ": " + e.getMessage(), e);
        } catch (PreviewException e) {  // timed out, or the log could not be written
            throw new BenchmarkFailure("'" + String.join(" ", command) + "': " + e.getMessage(), e);
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
        List<String> out = new CopyOnWriteArrayList<>();
        try (TimedContext context = TimedContext.builder("bench", PhaseTimeout.of(Duration.ofSeconds(30),
                Duration.ofSeconds(30))).output((stream, text) -> {
                    if (stream == OutputLine.Stream.STDOUT && !text.isBlank()) {
                        out.add(text.strip());
                    }
                }).start()) {
            int exit = ProcessLauncher.local().launch(launch(line, Path.of("").toAbsolutePath()), context);
            return exit == 0 && !out.isEmpty() ? out.get(0) : "unknown";
        } catch (StepFailedException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static Launch launch(List<String> command, Path directory) {
        return Launch.builder(command).directory(directory).environment(System.getenv()).build();
    }

    private static void append(BufferedWriter writer, String line) {
        synchronized (writer) {
            try {
                writer.write(line);
                writer.newLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static String npm() {
        return WINDOWS ? "npm.cmd" : "npm";
    }
}
