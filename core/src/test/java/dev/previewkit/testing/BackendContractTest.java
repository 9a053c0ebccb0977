package dev.previewkit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.Artifact;
import dev.previewkit.BuildHandle;
import dev.previewkit.BuildListener;
import dev.previewkit.BuildPhase;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.OutputLine;
import dev.previewkit.PhaseTimeout;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.ProjectFiles;
import dev.previewkit.spi.BuildBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link BuildBackend} must show, run against real package installs and real Vite builds.
 * A backend module extends this class (it is published in the core's test-jar) and supplies
 * {@link #createBackend()}.
 */
public abstract class BackendContractTest {
    private static final Duration GENEROUS = Duration.ofMinutes(5);

    @TempDir
    protected Path workDirectory;

    private final List<PreviewBuilder> builders = new CopyOnWriteArrayList<>();

    /** A new backend for one test; the test closes it. */
    protected abstract BuildBackend createBackend();

    /** A builder on {@link #workDirectory}, closed after the test. */
    protected PreviewBuilder builder(PhaseTimeout buildTimeout, BuildListener listener) {
        PreviewBuilder builder = PreviewBuilder.configure()
                .backend(createBackend())
                .workDirectory(workDirectory)
                .installTimeout(PhaseTimeout.of(GENEROUS, GENEROUS))
                .buildTimeout(buildTimeout)
                .listener(listener)
                .build();
        builders.add(builder);
        return builder;
    }

    protected PreviewBuilder builder() {
        return builder(PhaseTimeout.of(GENEROUS, GENEROUS), new BuildListener() {});
    }

    @AfterEach
    void closeBuilders() {
        builders.forEach(PreviewBuilder::close);
    }

    @Test
    void build_multiFileReactApp_succeedsWithIndexAndHashedJsHoldingNestedText() throws IOException {
        RecordingListener events = new RecordingListener();
        BuildResult result = builder(PhaseTimeout.of(GENEROUS, GENEROUS), events)
                .build(ProjectFiles.fromMap(Fixtures.reactApp()));

        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.SUCCEEDED);
        Artifact artifact = result.artifact().orElseThrow();
        assertThat(artifact.indexFile()).isRegularFile();
        assertThat(artifact.root()).startsWith(workDirectory);
        List<String> scripts = artifact.files().stream()
                .filter(file -> file.matches("assets/index-[A-Za-z0-9_-]{8}\\.js"))
                .toList();
        assertThat(scripts).hasSize(1);
        assertThat(Files.readString(artifact.root().resolve(scripts.get(0)))).contains(Fixtures.NESTED_TEXT);
        assertThat(Files.readString(artifact.indexFile())).contains(scripts.get(0));
        assertThat(result.phaseDurations()).containsKeys(BuildPhase.INSTALL, BuildPhase.BUILD, BuildPhase.PUBLISH);
        assertThat(result.packageManager()).isPresent();
        assertThat(events.phases).containsExactly(
                "start WORKSPACE", "end WORKSPACE true", "start INSTALL", "end INSTALL true",
                "start BUILD", "end BUILD true", "start PUBLISH", "end PUBLISH true");
        assertThat(events.lines).anyMatch(line -> line.phase() == BuildPhase.INSTALL);
        assertThat(events.lines).anyMatch(line -> line.phase() == BuildPhase.BUILD && line.text().contains("built in"));
        assertThat(events.finished).containsExactly(result);
    }

    @Test
    void build_syntaxErrorInComponent_failsAndLogNamesTheFile() {
        BuildResult result = builder().build(Fixtures.withSyntaxError());

        assertThat(result.status()).isEqualTo(BuildStatus.FAILED);
        assertThat(result.artifact()).isEmpty();
        assertThat(result.log()).contains("src/components/Greeting.tsx");
        assertThat(result.message()).isNotBlank();
        assertNoLeftovers();
    }

    @Test
    void build_missingPackage_failsInInstallWithRegistryError() {
        BuildResult result = builder().build(Fixtures.withMissingPackage());

        assertThat(result.status()).isEqualTo(BuildStatus.FAILED);
        assertThat(result.phaseDurations()).containsKey(BuildPhase.INSTALL).doesNotContainKey(BuildPhase.BUILD);
        assertThat(result.log()).contains("previewkit-no-such-package-4d1e9c").containsIgnoringCase("404");
        assertNoLeftovers();
    }

    @Test
    void build_configThatSpinsForever_timesOutAfterDeadlineAndLeavesNothingRunning() throws Exception {
        String marker = "previewkit-marker-" + UUID.randomUUID();
        Path pidFile = workDirectory.resolve("child.pid");
        Duration deadline = Duration.ofSeconds(4);

        BuildResult result = builder(PhaseTimeout.of(GENEROUS, deadline), new BuildListener() {})
                .build(Fixtures.withNeverEndingConfig(pidFile, marker, false));

        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.TIMED_OUT);
        assertThat(result.message()).contains("deadline");
        assertThat(result.phaseDurations().get(BuildPhase.BUILD))
                .isGreaterThanOrEqualTo(deadline)
                .isLessThan(deadline.plusSeconds(10));
        assertChildStartedAndGone(pidFile, marker);
    }

    @Test
    void build_configSilentForever_timesOutWhenIdle() throws Exception {
        String marker = "previewkit-marker-" + UUID.randomUUID();
        Path pidFile = workDirectory.resolve("child.pid");

        BuildResult result = builder(PhaseTimeout.of(Duration.ofSeconds(3), GENEROUS), new BuildListener() {})
                .build(Fixtures.withNeverEndingConfig(pidFile, marker, false));

        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.TIMED_OUT);
        assertThat(result.message()).contains("printed nothing");
        assertChildStartedAndGone(pidFile, marker);
    }

    @Test
    void cancel_duringBuildPhase_endsCancelledAndLeavesNothingRunning() throws Exception {
        String marker = "previewkit-marker-" + UUID.randomUUID();
        Path pidFile = workDirectory.resolve("child.pid");
        CountDownLatch printing = new CountDownLatch(1);
        PreviewBuilder builder = builder(PhaseTimeout.of(GENEROUS, GENEROUS), new BuildListener() {
            @Override
            public void outputLine(String buildId, OutputLine line) {
                if (line.text().contains("still configuring")) {
                    printing.countDown();
                }
            }
        });

        BuildHandle handle = builder.start(Fixtures.withNeverEndingConfig(pidFile, marker, true));
        assertThat(printing.await(GENEROUS.toSeconds(), TimeUnit.SECONDS)).as("config started printing").isTrue();
        long cancelled = System.nanoTime();
        handle.cancel();
        BuildResult result = handle.result().get(30, TimeUnit.SECONDS);

        assertThat(result.status()).isEqualTo(BuildStatus.CANCELLED);
        assertThat(Duration.ofNanos(System.nanoTime() - cancelled)).isLessThan(Duration.ofSeconds(10));
        assertChildStartedAndGone(pidFile, marker);
    }

    @Test
    void cancel_beforeBuildStarts_endsCancelledWithoutInstalling() throws Exception {
        PreviewBuilder builder = builder();
        BuildHandle blocker = builder.start(Fixtures.withNeverEndingConfig(
                workDirectory.resolve("first.pid"), "previewkit-marker-" + UUID.randomUUID(), true));
        BuildHandle second = builder.start(Fixtures.withNeverEndingConfig(
                workDirectory.resolve("second.pid"), "previewkit-marker-" + UUID.randomUUID(), true));
        BuildHandle queued = builder.start(ProjectFiles.fromMap(Fixtures.reactApp()));
        queued.cancel();

        BuildResult result = queued.result().get(GENEROUS.toSeconds(), TimeUnit.SECONDS);

        assertThat(result.status()).isEqualTo(BuildStatus.CANCELLED);
        assertThat(result.phaseDurations()).doesNotContainKey(BuildPhase.INSTALL);
        blocker.cancel();
        second.cancel();
    }

    private void assertChildStartedAndGone(Path pidFile, String marker) throws IOException {
        assertThat(pidFile).as("the config ran and spawned its child").exists();
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        assertThat(Processes.isRunning(pid)).as("child process %d", pid).isFalse();
        assertThat(Processes.running(marker)).isEmpty();
        assertNoLeftovers();
    }

    /** No process mentions the work directory, and no build folder is left in it. */
    protected void assertNoLeftovers() {
        assertThat(Processes.running(workDirectory.toString())).isEmpty();
        Path builds = workDirectory.resolve("builds");
        if (Files.isDirectory(builds)) {
            try (Stream<Path> left = Files.list(builds)) {
                assertThat(left).isEmpty();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** Records listener events in order. */
    static final class RecordingListener implements BuildListener {
        final List<String> phases = new CopyOnWriteArrayList<>();
        final List<OutputLine> lines = new CopyOnWriteArrayList<>();
        final List<BuildResult> finished = new CopyOnWriteArrayList<>();

        @Override
        public void phaseStarted(String buildId, BuildPhase phase) {
            phases.add("start " + phase);
        }

        @Override
        public void phaseFinished(String buildId, BuildPhase phase, Duration took, boolean succeeded) {
            phases.add("end " + phase + " " + succeeded);
        }

        @Override
        public void outputLine(String buildId, OutputLine line) {
            lines.add(line);
        }

        @Override
        public void buildFinished(BuildResult result) {
            finished.add(result);
        }
    }
}
