package dev.previewkit.backend.localnpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.previewkit.BuildHandle;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.PhaseTimeout;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.PreviewSession;
import dev.previewkit.PreviewVersion;
import dev.previewkit.ProjectFiles;
import dev.previewkit.SessionEvent;
import dev.previewkit.VersionState;
import dev.previewkit.tck.ConcurrencyProbe;
import dev.previewkit.tck.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions, supersession, expiry, the fair queue and live events, with real builds (one shared install). */
class SessionTest {
    private static final Duration WAIT = Duration.ofMinutes(3);

    @TempDir
    static Path workDirectory;

    private final List<PreviewBuilder> builders = new ArrayList<>();

    @BeforeAll
    static void installDependenciesOnce() {
        try (PreviewBuilder previews = PreviewBuilder.configure().backend(LocalNpmBackend.create())
                .workDirectory(workDirectory).build()) {
            assertThat(previews.build(greeting("warm-up")).succeeded()).isTrue();
        }
    }

    @AfterEach
    void close() {
        builders.forEach(PreviewBuilder::close);
    }

    private PreviewBuilder builder(Consumer<PreviewBuilder.Config> settings) {
        PreviewBuilder.Config config = PreviewBuilder.configure().backend(LocalNpmBackend.create())
                .workDirectory(workDirectory);
        settings.accept(config);
        PreviewBuilder builder = config.build();
        builders.add(builder);
        return builder;
    }

    private static ProjectFiles greeting(String text) {
        return Fixtures.reactAppWith(Map.of("src/components/Greeting.tsx",
                "export function Greeting() { return <p>" + text + "</p>; }\n"));
    }

    private static ProjectFiles neverEnding() {
        return Fixtures.withStalledConfig(true);
    }

    private static BuildResult await(BuildHandle handle) throws Exception {
        return handle.result().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static void awaitState(PreviewSession session, String versionId, VersionState state) throws Exception {
        long giveUp = System.nanoTime() + WAIT.toNanos();
        while (session.version(versionId).map(PreviewVersion::state).orElse(null) != state) {
            assertThat(System.nanoTime()).as("%s reaches %s", versionId, state).isLessThan(giveUp);
            Thread.sleep(20);
        }
    }

    @Test
    void submit_newerVersionFails_lastGoodVersionStaysCurrent() throws Exception {
        PreviewSession session = builder(config -> { }).session("keeps-good");

        await(session.submit(greeting("good one")));
        PreviewVersion good = session.current().orElseThrow();
        await(session.submit(Fixtures.withSyntaxError()));

        assertThat(session.latest().orElseThrow().state()).isEqualTo(VersionState.FAILED);
        assertThat(session.current().orElseThrow().id()).isEqualTo(good.id());
        assertThat(session.current().orElseThrow().artifact().orElseThrow().indexFile()).exists();
        assertThat(session.version(good.id()).orElseThrow().state()).isEqualTo(VersionState.SUCCEEDED);
        assertThat(session.versions()).extracting(PreviewVersion::id).containsExactly("v1", "v2");

        await(session.submit(greeting("good two")));
        assertThat(session.current().orElseThrow().id()).isEqualTo("v3");
    }

    @Test
    void submit_whileOlderVersionQueued_supersedesItWithoutBuildingIt() throws Exception {
        PreviewBuilder previews = builder(config -> config.maxConcurrentBuilds(1));
        BuildHandle blocker = previews.session("blocker").submit(neverEnding());
        PreviewSession session = previews.session("queued");
        BuildHandle first = session.submit(greeting("queued first"));
        BuildHandle second = session.submit(greeting("queued second"));

        assertThat(await(first).phaseDurations()).isEmpty();
        assertThat(session.version("v1").orElseThrow().state()).isEqualTo(VersionState.SUPERSEDED);
        blocker.cancel();
        assertThat(await(second).succeeded()).isTrue();
        assertThat(session.current().orElseThrow().id()).isEqualTo("v2");
    }

    @Test
    void submit_whileOlderVersionRunning_cancelsItByDefault() throws Exception {
        PreviewSession session = builder(config -> { }).session("cancels-running");
        BuildHandle first = session.submit(neverEnding());
        awaitState(session, "v1", VersionState.RUNNING);

        BuildHandle second = session.submit(greeting("replaces a running build"));

        assertThat(await(first).status()).isEqualTo(BuildStatus.CANCELLED);
        assertThat(await(second).succeeded()).isTrue();
        assertThat(session.version("v1").orElseThrow().state()).isEqualTo(VersionState.SUPERSEDED);
        assertThat(session.current().orElseThrow().id()).isEqualTo("v2");
    }

    @Test
    void submit_supersedeRunningDisabled_runningBuildFinishesBeforeNewerOne() throws Exception {
        PreviewSession session = builder(config -> config.supersedeRunningBuilds(false)
                .buildTimeout(PhaseTimeout.of(WAIT, Duration.ofSeconds(4)))).session("lets-it-run");
        BuildHandle first = session.submit(neverEnding());
        awaitState(session, "v1", VersionState.RUNNING);

        BuildHandle second = session.submit(greeting("waits its turn"));

        assertThat(await(first).status()).isEqualTo(BuildStatus.TIMED_OUT);
        assertThat(session.version("v1").orElseThrow().state()).isEqualTo(VersionState.TIMED_OUT);
        assertThat(await(second).succeeded()).isTrue();
    }

    @Test
    void session_unusedLongerThanIdleTimeout_expiresCancelsItsBuildAndLeavesNoWorkspace() throws Exception {
        PreviewBuilder previews = builder(config -> config.sessionIdleTimeout(Duration.ofMillis(1500)));
        PreviewSession session = previews.session("expires");
        await(session.submit(greeting("short lived")));
        BuildHandle endless = session.submit(neverEnding());
        awaitState(session, "v2", VersionState.RUNNING);

        Thread.sleep(3000);

        assertThat(previews.findSession("expires")).isEmpty();
        assertThat(session.isClosed()).isTrue();
        assertThat(await(endless).status()).isEqualTo(BuildStatus.CANCELLED);
        assertThat(session.version("v2").orElseThrow().state()).isEqualTo(VersionState.CANCELLED);
        try (Stream<Path> left = Files.list(workDirectory.resolve("builds"))) {
            assertThat(left).as("workspaces of the expired session").isEmpty();
        }
        assertThatThrownBy(() -> session.submit(greeting("too late"))).isInstanceOf(IllegalStateException.class);
        assertThat(previews.session("expires").versions()).as("a new session of the same name").isEmpty();
    }

    @Test
    void submit_busySessionResubmitting_doesNotStarveOtherSessions() throws Exception {
        ConcurrencyProbe probe = new ConcurrencyProbe();
        PreviewBuilder previews = builder(config -> config.maxConcurrentBuilds(2).listener(probe));
        PreviewSession busy = previews.session("busy");
        List<BuildHandle> others = new ArrayList<>();
        busy.submit(greeting("busy 0"));
        for (int i = 1; i <= 4; i++) {
            others.add(previews.session("other-" + i).submit(greeting("other " + i)));
        }

        int round = 1;
        while (others.stream().anyMatch(handle -> !handle.result().isDone())) {
            assertThat(round).as("others finished while busy kept submitting").isLessThan(400);
            busy.submit(greeting("busy " + round++));
            Thread.sleep(150);
        }
        BuildHandle last = busy.submit(greeting("busy last"));

        for (BuildHandle other : others) {
            assertThat(await(other).succeeded()).isTrue();
        }
        assertThat(await(last).succeeded()).isTrue();
        assertThat(round).as("busy submitted while the others were built").isGreaterThan(1);
        assertThat(probe.mostRunning()).isBetween(1, 2);
    }

    @Test
    void events_subscribersAndListeners_getStatesAndLinesInOrder_andSlowOnesDoNotBlock() throws Exception {
        PreviewSession session = builder(config -> { }).session("watched");
        List<SessionEvent> heard = new CopyOnWriteArrayList<>();
        List<SessionEvent> received = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        session.addListener(heard::add);
        session.events().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(SessionEvent event) {
                received.add(event);
                if (event instanceof SessionEvent.VersionChanged changed && changed.version().state().isFinal()) {
                    done.countDown();
                }
            }

            @Override
            public void onError(Throwable error) {}

            @Override
            public void onComplete() {}
        });
        session.events().subscribe(new Flow.Subscriber<>() {  // takes one event, then never asks for more
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(1);
            }

            @Override
            public void onNext(SessionEvent event) {}

            @Override
            public void onError(Throwable error) {}

            @Override
            public void onComplete() {}
        });

        long started = System.nanoTime();
        BuildResult result = await(session.submit(greeting("watched build " + UUID.randomUUID())));

        assertThat(result.succeeded()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        for (List<SessionEvent> events : List.of(heard, received)) {
            assertThat(states(events)).containsExactly(VersionState.QUEUED, VersionState.RUNNING, VersionState.SUCCEEDED);
            int running = indexOfState(events, VersionState.RUNNING);
            int succeeded = indexOfState(events, VersionState.SUCCEEDED);
            assertThat(events.subList(running, succeeded)).anyMatch(e -> e instanceof SessionEvent.Output);
        }
        assertThat(received).containsExactlyElementsOf(heard);
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
        throw new AssertionError("no " + state + " event");
    }

    @Test
    void session_invalidId_isRefused() {
        PreviewBuilder previews = builder(config -> { });
        for (String id : List.of("", "../x", "a/b", "a b", "-lead", "x".repeat(64))) {
            assertThatThrownBy(() -> previews.session(id)).as(id).isInstanceOf(IllegalArgumentException.class);
        }
        Supplier<PreviewSession> path = () -> previews.session("ok", "/preview/ok/");
        assertThat(path.get().basePath()).isEqualTo("/preview/ok/");
        assertThatThrownBy(() -> previews.session("ok")).isInstanceOf(IllegalArgumentException.class);
    }
}
