package dev.previewkit.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.BuildHandle;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.PreviewSession;
import dev.previewkit.PreviewVersion;
import dev.previewkit.SessionEvent;
import dev.previewkit.VersionState;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.BuildOutput;
import dev.previewkit.spi.BuildRequest;
import dev.previewkit.spi.DependencySet;
import dev.previewkit.testing.ForwardingBackend;
import dev.previewkit.testing.InMemoryBackend;
import dev.previewkit.testing.InMemoryProjects;
import dev.previewkit.testing.OpenBuilders;
import dev.previewkit.testing.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions under concurrency with the {@link InMemoryBackend}: listeners, expiry and racing submissions. */
class SessionConcurrencyTest {
    @TempDir
    Path workDirectory;

    private final OpenBuilders builders = new OpenBuilders();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void close() {
        builders.closeAll();
        threads.shutdownNow();
    }

    private <T> T within(CompletableFuture<T> future) throws Exception {
        return future.get(2, TimeUnit.SECONDS);
    }

    @Test
    void addListener_listenerBlockedOnALatch_doesNotBlockReadersOrSubmittersOnOtherThreads() throws Exception {
        PreviewSession session = builders.open(InMemoryBackend.create(), workDirectory).session("blocked-listener");
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        session.addListener(event -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            CompletableFuture.runAsync(() -> session.submit(InMemoryProjects.labelled("first")), threads);
            assertThat(entered.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

            assertThat(within(CompletableFuture.supplyAsync(session::versions, threads))).isNotEmpty();
            assertThat(within(CompletableFuture.supplyAsync(session::current, threads))).isNotNull();
            assertThat(within(CompletableFuture.supplyAsync(session::latest, threads))).isPresent();
            BuildHandle second = within(CompletableFuture.supplyAsync(
                    () -> session.submit(InMemoryProjects.labelled("second")), threads));
            assertThat(Waits.result(second).succeeded()).as("builds go on while the listener waits").isTrue();
            assertThat(session.current().orElseThrow().id()).isEqualTo("v2");
        } finally {
            release.countDown();
        }
    }

    @Test
    void addListener_slowListener_getsEveryEventOfEachVersionInOrder() throws Exception {
        PreviewSession session = builders.open(InMemoryBackend.create(), workDirectory).session("slow-listener");
        List<SessionEvent> heard = new CopyOnWriteArrayList<>();
        session.addListener(event -> {
            sleep(5);
            heard.add(event);
        });

        for (int i = 1; i <= 3; i++) {
            assertThat(Waits.result(session.submit(InMemoryProjects.labelled("build " + i))).succeeded()).isTrue();
        }
        Waits.until(() -> heard.stream().anyMatch(event -> event instanceof SessionEvent.VersionChanged changed
                && changed.version().id().equals("v3") && changed.version().state().isFinal()), "v3's end is heard");

        List<String> states = heard.stream().filter(SessionEvent.VersionChanged.class::isInstance)
                .map(SessionEvent.VersionChanged.class::cast)
                .map(changed -> changed.version().id() + " " + changed.version().state()).toList();
        assertThat(states).containsExactly("v1 QUEUED", "v1 RUNNING", "v1 SUCCEEDED", "v2 QUEUED", "v2 RUNNING",
                "v2 SUCCEEDED", "v3 QUEUED", "v3 RUNNING", "v3 SUCCEEDED");
        assertThat(heard).filteredOn(SessionEvent.Output.class::isInstance).hasSizeGreaterThanOrEqualTo(3);
    }

    /** Records the thread that stops each build: the thread that closes its session. */
    private static final class StopRecordingBackend extends ForwardingBackend {
        final List<Thread> stoppedOn = new CopyOnWriteArrayList<>();

        StopRecordingBackend(InMemoryBackend delegate) {
            super(delegate);
        }

        @Override
        public BuildOutput build(BuildRequest request, DependencySet dependencies, BuildContext context) {
            context.onStop(() -> stoppedOn.add(Thread.currentThread()));
            return super.build(request, dependencies, context);
        }
    }

    @Test
    void session_expiredThroughTheCache_closedOnTheSessionsOwnThreadNotTheOneTouchingTheCache() throws Exception {
        InMemoryBackend memory = InMemoryBackend.create();
        StopRecordingBackend backend = new StopRecordingBackend(memory);
        PreviewBuilder previews = builders.open(backend, workDirectory,
                config -> config.sessionIdleTimeout(Duration.ofSeconds(1)));
        PreviewSession session = previews.session("expires");
        BuildHandle endless = session.submit(InMemoryProjects.blocking("endless"));
        memory.builds().awaitWaiting(1, Waits.TIMEOUT);

        Thread.sleep(1_100);
        Waits.until(() -> previews.findSession("touch").isEmpty() && session.isClosed(), "the session expires");

        assertThat(Waits.result(endless).status()).isEqualTo(BuildStatus.CANCELLED);
        Waits.until(() -> !backend.stoppedOn.isEmpty(), "the closer's stop actions ran");  // the gate's may run first
        assertThat(backend.stoppedOn).singleElement().satisfies(closer -> {
            assertThat(closer).isNotSameAs(Thread.currentThread());
            assertThat(closer.getName()).startsWith("previewkit-session-close");
        });
    }

    @Test
    void submit_manyThreadsAtOnce_oneNewestVersionBuiltAndEverySupersededBuildCancelled() throws Exception {
        InMemoryBackend backend = InMemoryBackend.builder().holdBuilds().build();
        PreviewBuilder previews = builders.open(backend, workDirectory, config -> config.maxConcurrentBuilds(4));
        int submitters = 8;
        for (int r = 0; r < 10; r++) {
            int round = r;
            PreviewSession session = previews.session("racers-" + round);
            CyclicBarrier start = new CyclicBarrier(submitters);
            List<CompletableFuture<BuildHandle>> submitted = new ArrayList<>();
            for (int i = 0; i < submitters; i++) {
                String label = "round " + round + " racer " + i;
                submitted.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return session.submit(InMemoryProjects.labelled(label));
                }, threads));
            }
            List<BuildHandle> handles = new ArrayList<>();
            for (CompletableFuture<BuildHandle> handle : submitted) {
                handles.add(handle.get(10, TimeUnit.SECONDS));
            }

            Waits.until(() -> handles.stream().filter(h -> h.result().isDone()).count() == submitters - 1,
                    "round " + round + ": every superseded build ends");
            backend.builds().release(1);
            for (BuildHandle handle : handles) {
                assertThat(Waits.result(handle).status()).isIn(BuildStatus.CANCELLED, BuildStatus.SUCCEEDED);
            }
            assertThat(handles).filteredOn(h -> h.result().join().succeeded()).hasSize(1);
            List<PreviewVersion> versions = session.versions();
            assertThat(versions).hasSize(submitters);
            assertThat(versions.subList(0, submitters - 1)).extracting(PreviewVersion::state)
                    .containsOnly(VersionState.SUPERSEDED);
            assertThat(versions.get(submitters - 1).state()).isEqualTo(VersionState.SUCCEEDED);
            assertThat(session.current().orElseThrow().id()).isEqualTo("v" + submitters);
        }
        assertThat(backend.builds().waiting()).isZero();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
