package dev.previewkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.spi.Availability;
import dev.previewkit.spi.BackendCapabilities;
import dev.previewkit.spi.BuildBackend;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.BuildOutput;
import dev.previewkit.spi.BuildRequest;
import dev.previewkit.spi.DependencyRequest;
import dev.previewkit.spi.DependencySet;
import dev.previewkit.spi.InstalledDependencies;
import dev.previewkit.spi.SetReference;
import dev.previewkit.spi.StopReason;
import dev.previewkit.testing.InMemoryProjects;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backend with no local process, whose build only waits on its context (as one waiting for a remote sandbox
 * would): the core's contexts give it the same deadline, idle timeout and cancellation as a process.
 */
class RemoteStepTimeoutsTest {
    private static final Duration LONG = Duration.ofMinutes(1);

    @TempDir
    Path workDirectory;

    /** Installs nothing; its build waits until the context is stopped and records how it was stopped. */
    private static final class WaitingBackend implements BuildBackend {
        final List<StopReason.Kind> stopActions = new CopyOnWriteArrayList<>();
        final CountDownLatch building = new CountDownLatch(1);

        @Override
        public String id() {
            return "remote-waiting";
        }

        @Override
        public BackendCapabilities capabilities() {
            return BackendCapabilities.builder(BackendCapabilities.Isolation.REMOTE).hostWorkspace(false).build();
        }

        @Override
        public Availability probe() {
            return Availability.available("always");
        }

        @Override
        public InstalledDependencies install(DependencyRequest request, BuildContext context) {
            return new InstalledDependencies("remote-set", 0, PackageManager.NPM, false, List.of());
        }

        @Override
        public BuildOutput build(BuildRequest request, DependencySet dependencies, BuildContext context) {
            CountDownLatch stopped = new CountDownLatch(1);
            try (BuildContext.Registration ignored = context.onStop(() -> {
                stopActions.add(context.stopReason().orElseThrow().kind());
                stopped.countDown();
            })) {
                building.countDown();
                if (!stopped.await(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("the context was never stopped");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            context.checkRunning();
            throw new AssertionError("checkRunning returned after a stop");
        }

        @Override
        public void discard(SetReference set) {}

        @Override
        public void close() {}
    }

    private PreviewBuilder builder(WaitingBackend backend, PhaseTimeout buildTimeout) {
        return PreviewBuilder.configure().backend(backend).workDirectory(workDirectory)
                .installTimeout(PhaseTimeout.of(LONG, LONG)).buildTimeout(buildTimeout).build();
    }

    @Test
    void build_remoteStepPassesDeadline_timedOutAndStopActionRan() {
        WaitingBackend backend = new WaitingBackend();
        try (PreviewBuilder previews = builder(backend, PhaseTimeout.of(LONG, Duration.ofMillis(400)))) {
            BuildResult result = previews.build(InMemoryProjects.labelled("remote"));

            assertThat(result.status()).isEqualTo(BuildStatus.TIMED_OUT);
            assertThat(result.message()).isEqualTo("The build phase passed its deadline of 400 ms");
            assertThat(backend.stopActions).containsExactly(StopReason.Kind.DEADLINE);
        }
    }

    @Test
    void build_remoteStepSilent_timedOutByIdleTimeoutAndStopActionRan() {
        WaitingBackend backend = new WaitingBackend();
        try (PreviewBuilder previews = builder(backend, PhaseTimeout.of(Duration.ofMillis(400), LONG))) {
            BuildResult result = previews.build(InMemoryProjects.labelled("remote"));

            assertThat(result.status()).isEqualTo(BuildStatus.TIMED_OUT);
            assertThat(result.message()).isEqualTo("The build phase printed nothing for 400 ms");
            assertThat(backend.stopActions).containsExactly(StopReason.Kind.IDLE_TIMEOUT);
        }
    }

    @Test
    void cancel_whileRemoteStepWaits_cancelledAndStopActionRan() throws Exception {
        WaitingBackend backend = new WaitingBackend();
        try (PreviewBuilder previews = builder(backend, PhaseTimeout.of(LONG, LONG))) {
            BuildHandle handle = previews.start(InMemoryProjects.labelled("remote"));
            assertThat(backend.building.await(30, TimeUnit.SECONDS)).isTrue();

            handle.cancel();
            BuildResult result = handle.result().get(10, TimeUnit.SECONDS);

            assertThat(result.status()).isEqualTo(BuildStatus.CANCELLED);
            assertThat(backend.stopActions).containsExactly(StopReason.Kind.CANCELLED);
        }
    }
}
