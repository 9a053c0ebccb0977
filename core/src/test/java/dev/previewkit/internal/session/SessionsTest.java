package dev.previewkit.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.previewkit.BuildHandle;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.CacheLimits;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.PreviewSession;
import dev.previewkit.PreviewVersion;
import dev.previewkit.SessionEvent;
import dev.previewkit.VersionState;
import dev.previewkit.testing.InMemoryBackend;
import dev.previewkit.testing.InMemoryProjects;
import dev.previewkit.testing.OpenBuilders;
import dev.previewkit.testing.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions through {@link PreviewBuilder} with the {@link InMemoryBackend}: what {@code SessionTest} of the local
 * backend proves with npm and Vite, plus version retention and artifact holds, in milliseconds.
 */
class SessionsTest {
    @TempDir
    Path workDirectory;

    private final OpenBuilders builders = new OpenBuilders();
    private final InMemoryBackend backend = InMemoryBackend.create();

    @AfterEach
    void close() {
        builders.closeAll();
    }

    private PreviewBuilder builder(Consumer<PreviewBuilder.Config> settings) {
        return builders.open(backend, workDirectory, settings);
    }

    private PreviewBuilder builder() {
        return builder(config -> { });
    }

    private static VersionState state(PreviewSession session, String versionId) {
        return session.version(versionId).map(PreviewVersion::state).orElseThrow();
    }

    private List<Path> scratchFolders() throws Exception {
        try (Stream<Path> left = Files.list(workDirectory.resolve("builds"))) {
            return left.toList();
        }
    }

    @Test
    void submit_newerVersionFails_lastGoodVersionStaysCurrent() throws Exception {
        PreviewSession session = builder().session("keeps-good");

        Waits.result(session.submit(InMemoryProjects.labelled("good one")));
        PreviewVersion good = session.current().orElseThrow();
        BuildResult failed = Waits.result(session.submit(InMemoryProjects.failing("bad one")));

        assertThat(failed.status()).isEqualTo(BuildStatus.FAILED);
        assertThat(session.latest().orElseThrow().state()).isEqualTo(VersionState.FAILED);
        assertThat(session.latest().orElseThrow().result().orElseThrow().diagnostics()).isNotEmpty();
        assertThat(session.current().orElseThrow().id()).isEqualTo(good.id());
        assertThat(session.current().orElseThrow().artifact().orElseThrow().indexFile()).exists();
        assertThat(state(session, good.id())).isEqualTo(VersionState.SUCCEEDED);
        assertThat(session.versions()).extracting(PreviewVersion::id).containsExactly("v1", "v2");
        assertThat(session.building()).isEmpty();

        Waits.result(session.submit(InMemoryProjects.labelled("good two")));
        assertThat(session.current().orElseThrow().id()).isEqualTo("v3");
    }

    @Test
    void submit_whileOlderVersionQueued_supersedesItWithoutBuildingIt() throws Exception {
        PreviewBuilder previews = builder(config -> config.maxConcurrentBuilds(1));
        BuildHandle blocker = previews.session("blocker").submit(InMemoryProjects.blocking("blocker"));
        backend.builds().awaitWaiting(1, Waits.TIMEOUT);
        PreviewSession session = previews.session("queued");
        BuildHandle first = session.submit(InMemoryProjects.labelled("queued first"));
        assertThat(session.building().orElseThrow().state()).isEqualTo(VersionState.QUEUED);

        BuildHandle second = session.submit(InMemoryProjects.labelled("queued second"));

        assertThat(Waits.result(first).phaseDurations()).isEmpty();
        assertThat(state(session, "v1")).isEqualTo(VersionState.SUPERSEDED);
        blocker.cancel();
        assertThat(Waits.result(second).succeeded()).isTrue();
        assertThat(session.current().orElseThrow().id()).isEqualTo("v2");
        assertThat(backend.buildOrder()).containsExactly("blocker", "queued second");
    }

    @Test
    void submit_whileOlderVersionRunning_cancelsItByDefault() throws Exception {
        PreviewSession session = builder().session("cancels-running");
        BuildHandle first = session.submit(InMemoryProjects.blocking("never ends"));
        Waits.state(session, "v1", VersionState.RUNNING);

        BuildHandle second = session.submit(InMemoryProjects.labelled("replaces a running build"));

        assertThat(Waits.result(first).status()).isEqualTo(BuildStatus.CANCELLED);
        assertThat(Waits.result(second).succeeded()).isTrue();
        assertThat(state(session, "v1")).isEqualTo(VersionState.SUPERSEDED);
        assertThat(session.current().orElseThrow().id()).isEqualTo("v2");
    }

    @Test
    void submit_supersedeRunningDisabled_runningBuildFinishesBeforeTheNewerOneStarts() throws Exception {
        PreviewSession session = builder(config -> config.supersedeRunningBuilds(false).maxConcurrentBuilds(2))
                .session("lets-it-run");
        BuildHandle first = session.submit(InMemoryProjects.blocking("held"));
        backend.builds().awaitWaiting(1, Waits.TIMEOUT);

        BuildHandle second = session.submit(InMemoryProjects.labelled("waits its turn"));
        Thread.sleep(50);  // a free slot, but the session is busy
        assertThat(state(session, "v2")).isEqualTo(VersionState.QUEUED);
        assertThat(backend.buildOrder()).containsExactly("held");
        backend.builds().release(1);

        assertThat(Waits.result(first).succeeded()).isTrue();
        assertThat(Waits.result(second).succeeded()).isTrue();
        assertThat(backend.buildOrder()).containsExactly("held", "waits its turn");
        assertThat(session.current().orElseThrow().id()).isEqualTo("v2");
    }

    @Test
    void submit_olderVersionSharingAnotherSessionsBuild_isSupersededWhileThatBuildGoesOn() throws Exception {
        PreviewBuilder previews = builder();
        PreviewSession a = previews.session("a");
        PreviewSession b = previews.session("b");
        BuildHandle built = a.submit(InMemoryProjects.blocking("same files"));
        backend.builds().awaitWaiting(1, Waits.TIMEOUT);
        BuildHandle shared = b.submit(InMemoryProjects.blocking("same files"));

        BuildHandle newer = b.submit(InMemoryProjects.labelled("b moves on"));

        assertThat(Waits.result(shared).status()).isEqualTo(BuildStatus.CANCELLED);
        assertThat(state(b, "v1")).isEqualTo(VersionState.SUPERSEDED);
        assertThat(Waits.result(newer).succeeded()).isTrue();
        assertThat(backend.builds().waiting()).as("a's build goes on").isEqualTo(1);
        assertThat(built.result()).isNotDone();
        backend.builds().release(1);
        assertThat(Waits.result(built).succeeded()).isTrue();
        assertThat(a.current().orElseThrow().id()).isEqualTo("v1");
        assertThat(backend.buildCount()).isEqualTo(2);
    }

    @Test
    void versions_moreSubmissionsThanRetained_dropOldestFinishedButKeepCurrentAndStayImmutable() throws Exception {
        PreviewSession session = builder(config -> config.maxVersionsPerSession(2)).session("retains");
        Waits.result(session.submit(InMemoryProjects.labelled("good")));
        PreviewVersion v1 = session.version("v1").orElseThrow();

        Waits.result(session.submit(InMemoryProjects.failing("bad two")));
        Waits.result(session.submit(InMemoryProjects.failing("bad three")));

        assertThat(session.versions()).extracting(PreviewVersion::id).containsExactly("v1", "v3");
        assertThat(session.version("v2")).as("dropped").isEmpty();
        assertThat(session.version("v1")).as("current, kept and unchanged").contains(v1);
        assertThat(session.current()).contains(v1);

        Waits.result(session.submit(InMemoryProjects.labelled("good four")));

        assertThat(session.versions()).extracting(PreviewVersion::id).containsExactly("v1", "v4");
        assertThat(session.versions()).extracting(PreviewVersion::number).containsExactly(1, 4);
        assertThat(session.current().orElseThrow().id()).isEqualTo("v4");
        Waits.result(session.submit(InMemoryProjects.labelled("good five")));
        assertThat(session.versions()).extracting(PreviewVersion::id).containsExactly("v4", "v5");
    }

    @Test
    void current_artifactOverTheCacheLimit_isKeptWhileCurrentAndReleasedAfter() throws Exception {
        PreviewBuilder previews = builder(config -> config.artifactCache(new CacheLimits(1, Duration.ofDays(1))));
        PreviewSession session = previews.session("holds");
        Path served = Waits.result(session.submit(InMemoryProjects.labelled("served"))).artifact().orElseThrow().root();

        previews.build(InMemoryProjects.labelled("other one"));
        previews.build(InMemoryProjects.labelled("other two"));
        assertThat(served).as("held by the session while current").isDirectory();

        Waits.result(session.submit(InMemoryProjects.labelled("newer")));
        previews.build(InMemoryProjects.labelled("other three"));

        assertThat(served).as("released once no longer current").doesNotExist();
        assertThat(session.current().orElseThrow().artifact().orElseThrow().indexFile()).exists();
    }

    @Test
    void session_unusedLongerThanIdleTimeout_expiresCancelsItsBuildAndLeavesNoWorkspace() throws Exception {
        PreviewBuilder previews = builder(config -> config.sessionIdleTimeout(Duration.ofSeconds(1)));
        PreviewSession session = previews.session("expires");
        BuildHandle endless = session.submit(InMemoryProjects.blocking("endless"));
        backend.builds().awaitWaiting(1, Waits.TIMEOUT);  // running; version() and the gate do not count as uses

        Waits.until(session::isClosed, "the idle session expires");  // isClosed() does not count as a use

        assertThat(Waits.result(endless).status()).isEqualTo(BuildStatus.CANCELLED);
        assertThat(state(session, "v1")).isEqualTo(VersionState.CANCELLED);
        assertThat(previews.findSession("expires")).isEmpty();
        assertThat(scratchFolders()).as("workspaces of the expired session").isEmpty();
        assertThatThrownBy(() -> session.submit(InMemoryProjects.labelled("too late")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(previews.session("expires").versions()).as("a new session of the same name").isEmpty();
    }

    @Test
    void close_sessionWithRunningBuild_cancelsItAndRefusesSubmissions() throws Exception {
        PreviewSession session = builder().session("closed");
        BuildHandle running = session.submit(InMemoryProjects.blocking("running"));
        Waits.state(session, "v1", VersionState.RUNNING);

        session.close();

        assertThat(session.isClosed()).isTrue();
        assertThat(Waits.result(running).status()).isEqualTo(BuildStatus.CANCELLED);
        assertThat(state(session, "v1")).isEqualTo(VersionState.CANCELLED);
        assertThatThrownBy(() -> session.submit(InMemoryProjects.labelled("after close")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void submit_busySessionResubmitting_doesNotStarveOtherSessions() throws Exception {
        PreviewBuilder previews = builder(config -> config.maxConcurrentBuilds(1));
        InMemoryBackend.Gate gate = backend.builds();
        PreviewSession busy = previews.session("busy");
        busy.submit(InMemoryProjects.blocking("busy 0"));
        gate.awaitWaiting(1, Waits.TIMEOUT);
        List<BuildHandle> others = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            others.add(previews.session("other-" + i).submit(InMemoryProjects.blocking("other " + i)));
        }

        BuildHandle last = null;
        for (int round = 1; round <= 4; round++) {  // each resubmission cancels busy's build or replaces its queued one
            last = busy.submit(InMemoryProjects.blocking("busy " + round));
            if (round > 1) {
                gate.release(1);  // lets the running other session's build finish
                int finished = round - 1;
                Waits.until(() -> others.stream().filter(h -> h.result().isDone()).count() == finished,
                        finished + " other sessions built");
            }
            int arrivals = round + 1;
            Waits.until(() -> gate.arrived() == arrivals && gate.waiting() == 1, "build " + arrivals + " holds the slot");
        }
        gate.release(1);

        for (BuildHandle other : others) {
            assertThat(Waits.result(other).succeeded()).isTrue();
        }
        assertThat(Waits.result(last).succeeded()).isTrue();
        assertThat(backend.buildOrder()).containsExactly("busy 0", "other 1", "other 2", "other 3", "busy 4");
        assertThat(busy.versions()).extracting(PreviewVersion::state).containsExactly(VersionState.SUPERSEDED,
                VersionState.SUPERSEDED, VersionState.SUPERSEDED, VersionState.SUPERSEDED, VersionState.SUCCEEDED);
    }

    @Test
    void events_subscribersAndListeners_getStatesAndLinesInOrder_andSlowOnesDoNotBlock() throws Exception {
        PreviewSession session = builder().session("watched");
        List<SessionEvent> heard = new CopyOnWriteArrayList<>();
        List<SessionEvent> received = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        session.addListener(heard::add);
        session.addListener(event -> {
            throw new IllegalStateException("a listener that throws is logged and ignored");
        });
        session.events().subscribe(new Subscriber(Long.MAX_VALUE) {
            @Override
            public void onNext(SessionEvent event) {
                received.add(event);
                if (event instanceof SessionEvent.VersionChanged changed && changed.version().state().isFinal()) {
                    done.countDown();
                }
            }
        });
        session.events().subscribe(new Subscriber(1));  // takes one event, then never asks for more

        BuildResult result = Waits.result(session.submit(InMemoryProjects.labelled("watched build")));

        assertThat(result.succeeded()).isTrue();
        assertThat(done.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        for (List<SessionEvent> events : List.of(heard, received)) {
            assertThat(states(events)).containsExactly(VersionState.QUEUED, VersionState.RUNNING,
                    VersionState.SUCCEEDED);
            int running = indexOfState(events, VersionState.RUNNING);
            int succeeded = indexOfState(events, VersionState.SUCCEEDED);
            assertThat(events.subList(running, succeeded)).anyMatch(e -> e instanceof SessionEvent.Output output
                    && output.line().text().startsWith("in-memory build of"));
            SessionEvent.VersionChanged last = (SessionEvent.VersionChanged) events.get(succeeded);
            assertThat(last.current().orElseThrow().id()).isEqualTo("v1");
        }
        assertThat(received).containsExactlyElementsOf(heard);
    }

    @Test
    void events_sessionClosed_completesSubscribers() throws Exception {
        PreviewSession session = builder().session("completes");
        CountDownLatch completed = new CountDownLatch(1);
        session.events().subscribe(new Subscriber(Long.MAX_VALUE) {
            @Override
            public void onComplete() {
                completed.countDown();
            }
        });

        session.close();

        assertThat(completed.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }

    /** A subscriber that asks for {@code demand} events and ignores them. */
    private static class Subscriber implements Flow.Subscriber<SessionEvent> {
        private final long demand;

        Subscriber(long demand) {
            this.demand = demand;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(demand);
        }

        @Override
        public void onNext(SessionEvent event) {}

        @Override
        public void onError(Throwable error) {}

        @Override
        public void onComplete() {}
    }

    private static List<VersionState> states(List<SessionEvent> events) {
        return events.stream().filter(SessionEvent.VersionChanged.class::isInstance)
                .map(e -> ((SessionEvent.VersionChanged) e).version().state()).toList();
    }

    private static int indexOfState(List<SessionEvent> events, VersionState state) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof SessionEvent.VersionChanged changed && changed.version().state() == state) {
                return i;
            }
        }
        throw new AssertionError("no " + state + " event in " + events);
    }

    @Test
    void session_invalidIdOrOtherBasePath_isRefused() {
        PreviewBuilder previews = builder();
        for (String id : List.of("", "../x", "a/b", "a b", "-lead", "x".repeat(64))) {
            assertThatThrownBy(() -> previews.session(id)).as(id).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(previews.session("ok", "/preview/ok/").basePath()).isEqualTo("/preview/ok/");
        assertThatThrownBy(() -> previews.session("ok")).isInstanceOf(IllegalArgumentException.class);
        assertThat(previews.session("ok", "/preview/ok/")).isSameAs(previews.findSession("ok").orElseThrow());
    }
}
