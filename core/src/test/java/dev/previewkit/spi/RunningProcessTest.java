package dev.previewkit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.previewkit.OutputLine;
import dev.previewkit.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ProcessLauncher#start}: long-lived processes of {@link ProcessLauncher#local()}. */
class RunningProcessTest {
    private static final Map<String, String> ENVIRONMENT = Map.of("PATH", System.getenv("PATH"));

    @TempDir
    Path temp;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<RunningProcess> started = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() {
        started.forEach(RunningProcess::close);
    }

    private RunningProcess start(String script) {
        RunningProcess process = ProcessLauncher.local().start(Launch.builder(List.of("sh", "-c", script))
                .directory(temp).environment(ENVIRONMENT).build(), (stream, line) -> lines.add(stream + " " + line));
        started.add(process);
        return process;
    }

    private void awaitLine(String line) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!lines.contains(line)) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("no line '" + line + "' in " + lines);
            }
            Thread.sleep(10);
        }
    }

    private long pidFrom(Path file) throws Exception {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(file) || Files.readString(file).isBlank()) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("no pid written to " + file);
            }
            Thread.sleep(10);
        }
        return Long.parseLong(Files.readString(file).trim());
    }

    @Test
    void start_talksThroughStdinAndBothOutputStreams() throws Exception {
        RunningProcess process = start("while read line; do echo \"got $line\"; echo \"err $line\" >&2; done");

        process.send("one");
        process.send("two");

        awaitLine("STDOUT got one");
        awaitLine("STDERR err two");
        assertThat(process.isAlive()).isTrue();
    }

    @Test
    void stop_closesStdinAndTheProcessEndsByItself() throws Exception {
        RunningProcess process = start("cat > /dev/null; echo done; exit 3");

        process.stop(Duration.ofSeconds(5));

        assertThat(process.exit().get(5, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(lines).contains("STDOUT done");
        assertThatThrownBy(() -> process.send("late")).isInstanceOf(IOException.class);
    }

    @Test
    void close_killsTheWholeTreeIncludingADoubleForkedDaemon() throws Exception {
        Path daemonPid = temp.resolve("daemon.pid");
        RunningProcess process = start("(sh -c 'echo $$ > " + daemonPid + "; exec sleep 300' &) ; exec sleep 300");
        long daemon = pidFrom(daemonPid);
        assertThat(Processes.isRunning(daemon)).isTrue();

        process.close();

        assertThat(process.isAlive()).isFalse();
        assertThat(Processes.isRunning(daemon)).as("the re-parented daemon").isFalse();
        assertThat(Processes.isRunning(process.pid())).isFalse();
    }

    @Test
    void exit_rootEndsByItself_whatItLeftIsKilled() throws Exception {
        Path childPid = temp.resolve("child.pid");
        RunningProcess process = start("sh -c 'echo $$ > " + childPid + "; exec sleep 300' & sleep 0.3; exit 0");
        long child = pidFrom(childPid);

        assertThat(process.exit().get(10, TimeUnit.SECONDS)).isZero();
        assertThat(Processes.isRunning(child)).isFalse();
    }

    @Test
    void start_launchWithStdinStdoutOrOnStop_isRefused() {
        Launch withStdin = Launch.builder(List.of("true")).directory(temp).stdin(new byte[0]).build();

        assertThatThrownBy(() -> ProcessLauncher.local().start(withStdin, (stream, line) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void start_missingExecutable_failsAsAStep() {
        Launch missing = Launch.builder(List.of(temp.resolve("no-such-program").toString())).directory(temp).build();

        assertThatThrownBy(() -> ProcessLauncher.local().start(missing, (stream, line) -> { }))
                .isInstanceOf(StepFailedException.class).hasMessageContaining("Cannot start");
    }

    @Test
    void start_outputSinkThrows_processGoesOn() throws Exception {
        RunningProcess process = ProcessLauncher.local().start(Launch.builder(List.of("sh", "-c",
                "echo first; read x; echo second")).directory(temp).environment(ENVIRONMENT).build(),
                (stream, line) -> {
                    if (line.equals("first")) {
                        throw new IllegalStateException("sink broke");
                    }
                    lines.add(line);
                });
        started.add(process);

        Thread.sleep(200);
        process.send("go");

        awaitLine("second");
        assertThat(lines).doesNotContain("first").doesNotContain(OutputLine.Stream.STDOUT + " first");
    }
}
