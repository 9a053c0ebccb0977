package dev.previewkit.testing;

import dev.previewkit.PhaseTimeout;
import dev.previewkit.spi.Launch;
import dev.previewkit.spi.ProcessLauncher;
import dev.previewkit.spi.TimedContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs helper processes for tests through {@link ProcessLauncher#local()}, and looks at the machine's processes
 * to prove that builds leave none behind.
 */
public final class Processes {
    private Processes() {}

    /** How a command ended: its exit code and every line it printed, standard output and error interleaved. */
    public record Finished(int exitCode, List<String> lines) {
        public Finished {
            lines = List.copyOf(lines);
        }

        /** The lines joined, for assertion messages. */
        public String text() {
            return String.join("\n", lines);
        }
    }

    /**
     * Runs {@code command} in {@code directory} with the JVM's environment until it ends.
     *
     * @throws dev.previewkit.spi.StepFailedException (TIMED_OUT) when it runs longer than {@code deadline}
     */
    public static Finished run(List<String> command, Path directory, Duration deadline) {
        List<String> lines = new CopyOnWriteArrayList<>();
        try (TimedContext context = TimedContext.builder("test-helper", PhaseTimeout.of(deadline, deadline))
                .scratchDirectory(directory)
                .output((stream, line) -> lines.add(line))
                .start()) {
            int exit = ProcessLauncher.local().launch(Launch.builder(command).directory(directory)
                    .environment(System.getenv()).build(), context);
            return new Finished(exit, new ArrayList<>(lines));
        }
    }

    /** The command that starts a JVM with this one's class path running {@code main} with {@code arguments}. */
    public static List<String> java(List<String> options, Class<?> main, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(arguments));
        return command;
    }

    /** Whether a process exists and is not a zombie waiting for its parent to reap it. */
    public static boolean isRunning(long pid) {
        return ProcessHandle.of(pid).map(Processes::isRunning).orElse(false);
    }

    /** Whether a process is alive and not a zombie waiting for its parent to reap it. */
    public static boolean isRunning(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        try {
            String status = Files.readString(Path.of("/proc", String.valueOf(handle.pid()), "status"));
            return !status.contains("State:\tZ") && !status.contains("State:\tX");
        } catch (IOException e) {
            return false;
        }
    }
}
