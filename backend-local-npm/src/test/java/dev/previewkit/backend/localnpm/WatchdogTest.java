package dev.previewkit.backend.localnpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.testing.Processes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm build worker and the dev server never outlive their JVM: a JVM killed with SIGKILL runs no shutdown
 * hook, so their Node processes must notice by themselves (their standard input closes) and end, with whatever
 * they started.
 */
class WatchdogTest {
    @TempDir
    Path workDirectory;

    /** Node processes of this test's work directory, found by their command line. */
    private List<Long> nodeProcessesOf(Path work) throws IOException {
        if (!Files.isDirectory(Path.of("/proc"))) {
            throw new AssertionError("/proc is needed to look for processes left behind");
        }
        List<Long> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.filter(path -> path.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String commandLine = new String(Files.readAllBytes(entry.resolve("cmdline")), StandardCharsets.UTF_8);
                    long pid = Long.parseLong(entry.getFileName().toString());
                    if (commandLine.contains(work.toString()) && commandLine.contains(".mjs")
                            && Processes.isRunning(pid)) {
                        found.add(pid);
                    }
                } catch (IOException e) {
                    // gone meanwhile
                }
            }
        }
        return found;
    }

    @Test
    void jvmKilledWithSigkill_itsWarmWorkerAndDevServerEndWithinSeconds() throws Exception {
        // Started outside Previewkit's launcher on purpose: the launcher kills what a process it started leaves
        // behind, which would hide whether the Node processes' own watchdog works.
        Process jvm = new ProcessBuilder(Processes.java(List.of("-Xmx256m"), WarmProcessesMain.class,
                workDirectory.toString())).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            String line;
            while ((line = out.readLine()) != null && !line.equals("ready")) {
                lines.add(line);
                if (System.nanoTime() > giveUp) {
                    break;
                }
            }
            assertThat(lines).as(String.join("\n", lines)).contains("status=SUCCEEDED")
                    .anyMatch(l -> l.startsWith("worker=")).anyMatch(l -> l.startsWith("devserver="));
            List<Long> before = nodeProcessesOf(workDirectory);
            assertThat(before).as("the worker and the dev server run").hasSizeGreaterThanOrEqualTo(2);

            jvm.toHandle().destroyForcibly();  // SIGKILL: no shutdown hook runs
            jvm.waitFor(10, TimeUnit.SECONDS);

            long giveUpOnNode = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            List<Long> left = nodeProcessesOf(workDirectory);
            while (!left.isEmpty() && System.nanoTime() < giveUpOnNode) {
                Thread.sleep(100);
                left = nodeProcessesOf(workDirectory);
            }
            try {
                assertThat(left).as("Node processes still running 5 s after their JVM was killed").isEmpty();
            } finally {
                left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            }
        } finally {
            jvm.destroyForcibly();
        }
    }
}
