package dev.previewkit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.previewkit.BuildStatus;
import dev.previewkit.OutputLine;
import dev.previewkit.PhaseTimeout;
import dev.previewkit.PreviewException;
import dev.previewkit.testing.Processes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ProcessLauncher#local()} with small real processes. */
class ProcessLauncherTest {
    private static final Duration LONG = Duration.ofSeconds(60);
    private static final Map<String, String> ENVIRONMENT = Map.of("PATH", System.getenv("PATH"));

    @TempDir
    Path temp;

    private final List<OutputLine> lines = new CopyOnWriteArrayList<>();
    private final List<TimedContext> contexts = new ArrayList<>();
    private final ProcessLauncher launcher = ProcessLauncher.local();

    @AfterEach
    void closeContexts() {
        contexts.forEach(TimedContext::close);
    }

    private TimedContext context(Duration idle, Duration deadline) {
        TimedContext context = TimedContext.builder("test", PhaseTimeout.of(idle, deadline))
                .scratchDirectory(temp)
                .output((stream, line) -> lines.add(new OutputLine(dev.previewkit.BuildPhase.BUILD, stream, line)))
                .start();
        contexts.add(context);
        return context;
    }

    private TimedContext context() {
        return context(LONG, LONG);
    }

    private Launch.Builder sh(String script) {
        return Launch.builder(List.of("sh", "-c", script)).directory(temp).environment(ENVIRONMENT);
    }

    private List<String> texts(OutputLine.Stream stream) {
        return lines.stream().filter(line -> line.stream() == stream).map(OutputLine::text).toList();
    }

    /** The pid the script printed first ({@code echo $$}), once it did. */
    private long firstPid() throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < giveUp) {
            List<String> out = texts(OutputLine.Stream.STDOUT);
            if (!out.isEmpty()) {
                return Long.parseLong(out.get(0));
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the script printed no pid");
    }

    private long pidIn(Path file) throws IOException, InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < giveUp) {
            if (Files.isRegularFile(file) && !Files.readString(file).isBlank()) {
                return Long.parseLong(Files.readString(file).trim());
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no pid in " + file);
    }

    @Test
    void launch_slowOutputSinkAndAProcessThatExitsAtOnce_everyLineArrivesBeforeItReturns() {
        List<String> seen = new CopyOnWriteArrayList<>();
        TimedContext slow = TimedContext.builder("slow-sink", PhaseTimeout.of(LONG, LONG))
                .scratchDirectory(temp)
                .output((stream, line) -> {
                    try {
                        Thread.sleep(3);  // a sink slower than the process: reading lags behind its exit
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    seen.add(line);
                })
                .start();
        contexts.add(slow);

        int exit = launcher.launch(sh("i=0; while [ $i -lt 1000 ]; do echo line $i; i=$((i+1)); done; echo last")
                .build(), slow);

        assertThat(exit).isZero();
        assertThat(seen).hasSize(1001).endsWith("last");
    }

    @Test
    void launch_commandExitsByItself_returnsExitCodeAndStreamsBothStreamsAsLines() {
        int exit = launcher.launch(sh("echo out; echo err >&2; exit 3").build(), context());

        assertThat(exit).isEqualTo(3);
        assertThat(texts(OutputLine.Stream.STDOUT)).containsExactly("out");
        assertThat(texts(OutputLine.Stream.STDERR)).containsExactly("err");
    }

    @Test
    void launch_environment_isExactlyTheGivenOneAndTheMarker() {
        launcher.launch(Launch.builder(List.of("/usr/bin/env")).directory(temp).environment(Map.of("ONLY", "this"))
                .build(), context());

        assertThat(texts(OutputLine.Stream.STDOUT)).hasSize(2).contains("ONLY=this")
                .anyMatch(line -> line.startsWith(LocalProcessLauncher.MARKER + "="));
    }

    @Test
    void launch_missingExecutable_throwsFailed() {
        Launch launch = Launch.builder(List.of(temp.resolve("no-such-tool").toString())).directory(temp).build();

        assertThatThrownBy(() -> launcher.launch(launch, context()))
                .isInstanceOfSatisfying(StepFailedException.class,
                        e -> assertThat(e.status()).isEqualTo(BuildStatus.FAILED))
                .hasMessageContaining("Cannot start");
    }

    @Test
    void launch_passesDeadline_throwsTimedOutAndKillsProcess() throws Exception {
        TimedContext context = context(LONG, Duration.ofMillis(700));
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> launcher.launch(
                sh("echo $$; while true; do echo tick; sleep 0.1; done").build(), context));
        long pid = firstPid();

        assertThatThrownBy(() -> running.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(StepFailedException.class,
                        e -> assertThat(e.status()).isEqualTo(BuildStatus.TIMED_OUT))
                .hasMessageContaining("deadline of 700 ms");
        assertThat(Processes.isRunning(pid)).isFalse();
        assertThat(context.stopReason()).map(StopReason::kind).contains(StopReason.Kind.DEADLINE);
    }

    @Test
    void launch_silentProcess_throwsTimedOutAfterIdleTimeout() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> launcher.launch(sh("sleep 30").build(), context(Duration.ofMillis(400), LONG)))
                .isInstanceOfSatisfying(StepFailedException.class,
                        e -> assertThat(e.status()).isEqualTo(BuildStatus.TIMED_OUT))
                .hasMessageContaining("printed nothing for 400 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void launch_printsEvery100msWithIdleTimeoutOf500ms_outlivesIdleTimeoutAndSucceeds() {
        long started = System.nanoTime();

        int exit = launcher.launch(sh("for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do echo $i; sleep 0.1; done")
                .build(), context(Duration.ofMillis(500), LONG));

        assertThat(exit).isZero();
        assertThat(texts(OutputLine.Stream.STDOUT)).hasSize(15);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(500));
    }

    @Test
    void launch_binaryOutputEvery100msWithIdleTimeoutOf500ms_outlivesIdleTimeout() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = launcher.launch(sh("for i in 1 2 3 4 5 6 7 8 9 10 11 12; do printf 'x'; sleep 0.1; done")
                .stdout(out).build(), context(Duration.ofMillis(500), LONG));

        assertThat(exit).isZero();
        assertThat(out.toString()).isEqualTo("x".repeat(12));
    }

    @Test
    void launch_cancelledWhileRunning_throwsCancelledQuicklyAndKillsProcess() throws Exception {
        TimedContext context = context();
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> launcher.launch(
                sh("echo $$; exec sleep 30").build(), context));
        long pid = firstPid();
        long cancelled = System.nanoTime();

        context.cancel("The build was cancelled");

        assertThatThrownBy(() -> running.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(StepFailedException.class,
                        e -> assertThat(e.status()).isEqualTo(BuildStatus.CANCELLED))
                .hasMessageContaining("cancelled");
        assertThat(Duration.ofNanos(System.nanoTime() - cancelled)).isLessThan(Duration.ofSeconds(3));
        assertThat(Processes.isRunning(pid)).isFalse();
    }

    @Test
    void launch_contextAlreadyStopped_throwsWithoutStarting() {
        TimedContext context = context();
        context.cancel("gone");
        Path marker = temp.resolve("started");

        assertThatThrownBy(() -> launcher.launch(sh("touch " + marker).build(), context))
                .isInstanceOfSatisfying(StepFailedException.class,
                        e -> assertThat(e.status()).isEqualTo(BuildStatus.CANCELLED));
        assertThat(marker).doesNotExist();
    }

    @Test
    void launch_doubleForkedChildOnTimeout_killsWholeTreeIncludingReparentedChild() throws Exception {
        Path childPid = temp.resolve("child.pid");
        TimedContext context = context(Duration.ofMillis(800), LONG);
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> launcher.launch(
                sh("echo $$; (sleep 300 & echo $! > " + childPid + "); sleep 300").build(), context));
        long shell = firstPid();
        long child = pidIn(childPid);
        assertThat(Processes.isRunning(child)).isTrue();
        assertThat(ProcessHandle.of(shell).orElseThrow().descendants().map(ProcessHandle::pid))
                .as("the double-forked child left the tree").doesNotContain(child);

        assertThatThrownBy(() -> running.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(StepFailedException.class);

        assertThat(Processes.isRunning(shell)).isFalse();
        assertThat(Processes.isRunning(child)).isFalse();
    }

    @Test
    void launch_doubleForkedChildLeftAfterNormalExit_isKilledBeforeReturning() throws Exception {
        Path childPid = temp.resolve("child.pid");

        int exit = launcher.launch(sh("(sleep 300 & echo $! > " + childPid + "); exit 0").build(), context());

        assertThat(exit).isZero();
        long child = pidIn(childPid);
        assertThat(Processes.isRunning(child)).isFalse();
    }

    @Test
    void launch_stdinBytesWithNulsAndInvalidUtf8ThroughCat_comesOutIdenticalOnBinaryStdout() {
        byte[] bytes = {0, (byte) 0xff, (byte) 0xfe, '\n', (byte) 0xc3, 0x28, 0, '\r', '\n', (byte) 0x80, 0};
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = launcher.launch(Launch.builder(List.of("cat")).directory(temp).environment(ENVIRONMENT)
                .stdin(bytes).stdout(out).build(), context());

        assertThat(exit).isZero();
        assertThat(out.toByteArray()).isEqualTo(bytes);
        assertThat(lines).isEmpty();
    }

    @Test
    void launch_binaryStdoutFromPrintf_isByteForByte() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        launcher.launch(sh("printf '\\000\\377\\376\\n\\303\\050\\000'").stdout(out).build(), context());

        assertThat(out.toByteArray()).isEqualTo(new byte[] {0, (byte) 0xff, (byte) 0xfe, '\n', (byte) 0xc3, 0x28, 0});
    }

    @Test
    void launch_stdinFromStreamOfFourMegabytes_isFedWhileStdoutIsReadAndComesOutIdentical() {
        byte[] bytes = new byte[4 << 20];
        new Random(7).nextBytes(bytes);
        AtomicInteger opened = new AtomicInteger();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = launcher.launch(Launch.builder(List.of("cat")).directory(temp).environment(ENVIRONMENT)
                .stdin(() -> {
                    opened.incrementAndGet();
                    return new ByteArrayInputStream(bytes);
                })
                .stdout(out).build(), context());

        assertThat(exit).isZero();
        assertThat(opened).hasValue(1);
        assertThat(out.toByteArray()).isEqualTo(bytes);
    }

    @Test
    void launch_stdinSourceFails_throwsPreviewExceptionKillsProcessAndRunsOnStop() throws Exception {
        AtomicInteger stopped = new AtomicInteger();
        Path pidFile = temp.resolve("cat.pid");
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("source broke");
            }
        };

        Launch launch = sh("echo $$ > " + pidFile + "; exec cat")
                .stdin(() -> {
                    try {
                        pidIn(pidFile);  // fail only once the process runs
                    } catch (IOException | InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    return failing;
                })
                .onStop(stopped::incrementAndGet).build();

        assertThatThrownBy(() -> launcher.launch(launch, context()))
                .isInstanceOf(PreviewException.class)
                .hasMessageContaining("source broke");
        assertThat(stopped).hasValue(1);
        assertThat(Processes.isRunning(pidIn(pidFile))).isFalse();
    }

    @Test
    void launch_stdoutReaderThrows_throwsPreviewExceptionAndRunsOnStop() {
        AtomicInteger stopped = new AtomicInteger();

        assertThatThrownBy(() -> launcher.launch(sh("echo data; sleep 30")
                .stdout(in -> {
                    in.read();
                    throw new IOException("not a tar stream");
                })
                .onStop(stopped::incrementAndGet).build(), context()))
                .isInstanceOf(PreviewException.class)
                .hasMessageContaining("not a tar stream");
        assertThat(stopped).hasValue(1);
    }

    @Test
    void launch_tenMegabyteLineWithoutNewline_isCutAndProcessCompletes() {
        int exit = launcher.launch(sh("head -c 10485760 /dev/zero | tr '\\000' x").build(),
                context(Duration.ofSeconds(5), LONG));

        assertThat(exit).isZero();
        List<String> out = texts(OutputLine.Stream.STDOUT);
        assertThat(out).hasSize(1);
        assertThat(out.get(0)).startsWith("xxxx").endsWith("[line truncated]");
        assertThat(out.get(0).length()).isLessThan(LineReader.MAX_LINE + 100);
    }

    @Test
    void launch_onStopAction_runsOnceAfterTreeIsGoneOnDeadlineIdleAndCancel() throws Exception {
        for (StopReason.Kind kind : StopReason.Kind.values()) {
            lines.clear();
            TimedContext context = kind == StopReason.Kind.DEADLINE ? context(LONG, Duration.ofMillis(500))
                    : kind == StopReason.Kind.IDLE_TIMEOUT ? context(Duration.ofMillis(500), LONG) : context();
            List<Boolean> shellRunningWhenStopActionRan = new CopyOnWriteArrayList<>();
            long[] shell = {0};
            CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> launcher.launch(
                    sh("echo $$; exec sleep 30")
                            .onStop(() -> shellRunningWhenStopActionRan.add(Processes.isRunning(shell[0])))
                            .build(), context));
            shell[0] = firstPid();
            if (kind == StopReason.Kind.CANCELLED) {
                context.cancel("cancelled by the test");
            }

            assertThatThrownBy(() -> running.get(10, TimeUnit.SECONDS)).as(kind.name()).cause()
                    .isInstanceOf(StepFailedException.class);
            assertThat(context.stopReason()).map(StopReason::kind).contains(kind);
            assertThat(shellRunningWhenStopActionRan).as(kind.name()).containsExactly(false);
        }
    }

    @Test
    void launch_commandExitsByItselfWithFailure_doesNotRunOnStop() {
        AtomicInteger stopped = new AtomicInteger();
        TimedContext context = context();

        int exit = launcher.launch(sh("exit 1").onStop(stopped::incrementAndGet).build(), context);
        context.cancel("after the command ended");

        assertThat(exit).isEqualTo(1);
        assertThat(stopped).hasValue(0);
    }

    @Test
    void launch_threadInterrupted_throwsCancelledAndRunsOnStop() throws Exception {
        AtomicInteger stopped = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        TimedContext context = TimedContext.builder("test", PhaseTimeout.of(LONG, LONG)).scratchDirectory(temp)
                .output((stream, line) -> started.countDown()).start();
        contexts.add(context);
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                launcher.launch(sh("echo go; exec sleep 30").onStop(stopped::incrementAndGet).build(), context);
                thrown.complete(null);
            } catch (RuntimeException e) {
                thrown.complete(e);
            }
        });
        thread.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        thread.interrupt();

        assertThat(thrown.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(StepFailedException.class,
                e -> assertThat(e.status()).isEqualTo(BuildStatus.CANCELLED));
        assertThat(stopped).hasValue(1);
    }
}
