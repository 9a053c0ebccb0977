package dev.previewkit.backend.localnpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.Artifact;
import dev.previewkit.BuildHandle;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.Diagnostic;
import dev.previewkit.PhaseTimeout;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.PreviewSession;
import dev.previewkit.ProjectFiles;
import dev.previewkit.tck.Fixtures;
import dev.previewkit.testing.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Warm build workers with real Vite 8: a session's later versions are built by the Node process that built its
 * first, into the same artifacts a fresh {@code vite build} makes; the workers are replaced when their dependencies
 * change, when they crash or hang, and stop when idle, when their session ends, and when there are too many.
 */
class WarmWorkerTest {
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final String WARM_LINE = "built by the session's warm build worker";

    @TempDir
    Path workDirectory;

    private final List<PreviewBuilder> builders = new ArrayList<>();

    @AfterEach
    void close() {
        builders.forEach(PreviewBuilder::close);
    }

    private PreviewBuilder builder(LocalNpmBackend backend, Path work, Consumer<PreviewBuilder.Config> settings) {
        PreviewBuilder.Config config = PreviewBuilder.configure().backend(backend).workDirectory(work);
        settings.accept(config);
        PreviewBuilder builder = config.build();
        builders.add(builder);
        return builder;
    }

    private PreviewBuilder builder(LocalNpmBackend backend) {
        return builder(backend, workDirectory, config -> { });
    }

    static ProjectFiles greeting(String text) {
        return Fixtures.withGreeting(text);
    }

    static BuildResult await(BuildHandle handle) throws Exception {
        return handle.result().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static BuildResult succeeded(BuildResult result) {
        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.SUCCEEDED);
        return result;
    }

    private static void awaitGone(long pid) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Processes.isRunning(pid) && System.nanoTime() < giveUp) {
            Thread.sleep(50);
        }
        assertThat(Processes.isRunning(pid)).as("process " + pid + " still runs").isFalse();
    }

    /** The same files built once in a fresh workspace by a one-off build of the same profile. */
    private BuildResult freshBuild(ProjectFiles files, PreviewSession like) {
        return succeeded(builder(LocalNpmBackend.builder().warmWorkers(0).build(), workDirectory.resolve("fresh"),
                config -> config.buildProfile(like.buildProfile())).build(files));
    }

    static void assertSameFiles(Artifact actual, Artifact expected) {
        assertThat(actual.files()).isEqualTo(expected.files());
        for (String file : expected.files()) {
            assertThat(actual.root().resolve(file)).as(file).hasSameBinaryContentAs(expected.root().resolve(file));
        }
    }

    @Test
    void submit_secondVersion_isBuiltByTheWarmWorkerIntoTheArtifactAFreshBuildMakes() throws Exception {
        LocalNpmBackend backend = LocalNpmBackend.create();
        PreviewSession session = builder(backend).session("warm");

        BuildResult first = succeeded(await(session.submit(greeting("first version"))));
        List<Long> workers = backend.warmWorkerPids();
        BuildResult second = succeeded(await(session.submit(greeting("second version"))));

        assertThat(first.log()).contains(WARM_LINE + " (build 1, build");
        assertThat(second.log()).contains(WARM_LINE + " (build 2, build");
        assertThat(backend.warmWorkerPids()).as("the same worker").isEqualTo(workers).hasSize(1);
        assertSameFiles(second.artifact().orElseThrow(), freshBuild(greeting("second version"), session)
                .artifact().orElseThrow());
    }

    @Test
    void submit_syntaxError_failsWithTheDiagnosticsOfAFreshBuild() throws Exception {
        PreviewSession session = builder(LocalNpmBackend.create()).session("broken");
        succeeded(await(session.submit(greeting("fine"))));

        BuildResult warm = await(session.submit(Fixtures.withSyntaxError()));
        BuildResult fresh = builder(LocalNpmBackend.builder().warmWorkers(0).build(), workDirectory.resolve("fresh"),
                config -> config.buildProfile(session.buildProfile())).build(Fixtures.withSyntaxError());

        assertThat(warm.status()).isEqualTo(BuildStatus.FAILED);
        assertThat(warm.log()).contains(WARM_LINE);
        List<Diagnostic> warmErrors = warm.diagnostics().stream()
                .filter(d -> d.severity() == Diagnostic.Severity.ERROR).toList();
        assertThat(warmErrors).isNotEmpty();
        assertThat(warmErrors).first().satisfies(d -> {
            assertThat(d.file()).contains(Fixtures.BROKEN_FILE);
            Diagnostic expected = fresh.diagnostics().stream()
                    .filter(e -> e.severity() == Diagnostic.Severity.ERROR).findFirst().orElseThrow();
            assertThat(d.line()).isEqualTo(expected.line());
            assertThat(d.column()).isEqualTo(expected.column());
            assertThat(d.message()).isEqualTo(expected.message());
        });
        succeeded(await(session.submit(greeting("fixed"))));
    }

    @Test
    void submit_newDependency_replacesTheWorker() throws Exception {
        LocalNpmBackend backend = LocalNpmBackend.create();
        PreviewSession session = builder(backend).session("deps");
        succeeded(await(session.submit(greeting("before"))));
        long before = backend.warmWorkerPids().get(0);

        BuildResult after = succeeded(await(session.submit(Fixtures.withExtraPackage("is-number", "7.0.0",
                "with another package"))));

        assertThat(after.log()).contains(WARM_LINE + " (build 1,");
        awaitGone(before);
        assertThat(backend.warmWorkerPids()).singleElement().isNotEqualTo(before);
    }

    @Test
    void submit_afterTheWorkerWasKilled_buildsWithANewOne() throws Exception {
        LocalNpmBackend backend = LocalNpmBackend.create();
        PreviewSession session = builder(backend).session("crash");
        succeeded(await(session.submit(greeting("one"))));
        long killed = backend.warmWorkerPids().get(0);
        ProcessHandle.of(killed).orElseThrow().destroyForcibly();
        awaitGone(killed);

        BuildResult next = succeeded(await(session.submit(greeting("two"))));

        assertThat(next.log()).contains(WARM_LINE + " (build 1,");
        assertThat(backend.warmWorkerPids()).singleElement().isNotEqualTo(killed);
    }

    @Test
    void submit_buildCrashesTheWorker_failsAsAFreshBuildWouldAndTheNextVersionGetsANewWorker() throws Exception {
        LocalNpmBackend backend = LocalNpmBackend.create();
        PreviewSession session = builder(backend).session("crashes");
        String crashingConfig = """
                export default {
                  plugins: [{ name: 'exit-on-marker', transform(code) {
                    if (code.includes('EXIT' + '_NOW')) process.exit(7);
                  } }],
                };
                """;
        succeeded(await(session.submit(Fixtures.reactAppWith(Map.of("vite.config.ts", crashingConfig)))));
        long first = backend.warmWorkerPids().get(0);

        BuildResult crashed = await(session.submit(Fixtures.reactAppWith(Map.of("vite.config.ts", crashingConfig,
                Fixtures.BROKEN_FILE, "export function Greeting() { return <p>EXIT_NOW</p>; }\n"))));

        assertThat(crashed.status()).isEqualTo(BuildStatus.FAILED);
        assertThat(crashed.message()).isEqualTo("vite build exited with code 7");
        assertThat(crashed.log()).contains("the warm build worker was lost");
        awaitGone(first);
        BuildResult next = succeeded(await(session.submit(Fixtures.reactAppWith(Map.of("vite.config.ts",
                crashingConfig, Fixtures.BROKEN_FILE, "export function Greeting() { return <p>fine</p>; }\n")))));
        assertThat(next.log()).contains(WARM_LINE + " (build 1,");
    }

    @Test
    void submit_buildHangsInTheWorker_timesOutKillsItAndTheNextVersionBuilds() throws Exception {
        LocalNpmBackend backend = LocalNpmBackend.create();
        PreviewSession session = builder(backend, workDirectory, config -> config.buildTimeout(
                PhaseTimeout.of(Duration.ofSeconds(4), Duration.ofSeconds(30)))).session("hangs");
        String hangingConfig = """
                export default {
                  plugins: [{ name: 'hang-on-marker', transform(code) {
                    if (code.includes('HANG' + '_NOW')) return new Promise(() => {});
                  } }],
                };
                """;
        succeeded(await(session.submit(Fixtures.reactAppWith(Map.of("vite.config.ts", hangingConfig)))));
        long hung = backend.warmWorkerPids().get(0);

        BuildResult timedOut = await(session.submit(Fixtures.reactAppWith(Map.of("vite.config.ts", hangingConfig,
                Fixtures.BROKEN_FILE, "export function Greeting() { return <p>HANG_NOW</p>; }\n"))));

        assertThat(timedOut.status()).isEqualTo(BuildStatus.TIMED_OUT);
        awaitGone(hung);
        BuildResult recovered = succeeded(await(session.submit(Fixtures.reactAppWith(Map.of("vite.config.ts",
                hangingConfig, Fixtures.BROKEN_FILE, "export function Greeting() { return <p>back</p>; }\n")))));
        assertThat(recovered.log()).contains(WARM_LINE + " (build 1,");
    }

    @Test
    void worker_idleLongerThanItsTimeout_stops() throws Exception {
        LocalNpmBackend backend = LocalNpmBackend.builder().warmWorkerIdleTimeout(Duration.ofMillis(800)).build();
        PreviewSession session = builder(backend).session("idle");
        succeeded(await(session.submit(greeting("one"))));
        long worker = backend.warmWorkerPids().get(0);

        awaitGone(worker);

        assertThat(backend.warmWorkerPids()).isEmpty();
        assertThat(await(session.submit(greeting("two"))).log()).contains(WARM_LINE + " (build 1,");
    }

    @Test
    void workers_moreSessionsThanAllowed_oldestIdleOneMakesRoom() throws Exception {
        LocalNpmBackend backend = LocalNpmBackend.builder().warmWorkers(1).build();
        PreviewBuilder previews = builder(backend);
        succeeded(await(previews.session("a").submit(greeting("a"))));
        long first = backend.warmWorkerPids().get(0);

        succeeded(await(previews.session("b").submit(greeting("b"))));

        awaitGone(first);
        assertThat(backend.warmWorkerPids()).hasSize(1);
    }

    @Test
    void close_session_stopsItsWorker() throws Exception {
        LocalNpmBackend backend = LocalNpmBackend.create();
        PreviewSession session = builder(backend).session("closes");
        succeeded(await(session.submit(greeting("one"))));
        long worker = backend.warmWorkerPids().get(0);

        session.close();

        awaitGone(worker);
    }

    @Test
    void submit_whileTheWorkerBuilds_cancelledBuildFinishesUnseenAndTheNewestIsPublished() throws Exception {
        LocalNpmBackend backend = LocalNpmBackend.create();
        PreviewSession session = builder(backend).session("quick");
        succeeded(await(session.submit(greeting("one"))));

        BuildHandle superseded = session.submit(greeting("two"));
        Thread.sleep(100);
        BuildResult newest = succeeded(await(session.submit(greeting("three"))));

        assertThat(await(superseded).status()).isIn(BuildStatus.CANCELLED, BuildStatus.SUCCEEDED);
        assertThat(newest.log()).contains(WARM_LINE);
        assertThat(session.current().orElseThrow().number()).isEqualTo(3);
        assertSameFiles(newest.artifact().orElseThrow(), freshBuild(greeting("three"), session).artifact().orElseThrow());
    }
}
