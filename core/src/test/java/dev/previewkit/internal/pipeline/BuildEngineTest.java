package dev.previewkit.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.previewkit.BuildHandle;
import dev.previewkit.BuildListener;
import dev.previewkit.BuildPhase;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.PreviewException;
import dev.previewkit.ProjectFiles;
import dev.previewkit.testing.InMemoryBackend;
import dev.previewkit.testing.InMemoryProjects;
import dev.previewkit.testing.OpenBuilders;
import dev.previewkit.testing.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine and the pipeline through {@link PreviewBuilder} with the {@link InMemoryBackend}: concurrency
 * bound, cancel of queued and running builds, shared builds, scratch folders, unexpected backend exceptions.
 */
class BuildEngineTest {
    @TempDir
    Path workDirectory;

    private final OpenBuilders builders = new OpenBuilders();

    @AfterEach
    void close() {
        builders.closeAll();
    }

    private List<Path> scratchFolders() throws Exception {
        Path builds = workDirectory.resolve("builds");
        if (!Files.exists(builds)) {
            return List.of();
        }
        try (Stream<Path> left = Files.list(builds)) {
            return left.toList();
        }
    }

    @Test
    void start_moreBuildsThanMaxConcurrent_runsAtMostThatManyAtOnce() throws Exception {
        InMemoryBackend backend = InMemoryBackend.builder().holdBuilds().build();
        PreviewBuilder previews = builders.open(backend, workDirectory, config -> config.maxConcurrentBuilds(2));
        List<BuildHandle> handles = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            handles.add(previews.start(InMemoryProjects.labelled("build " + i)));
        }

        backend.builds().awaitWaiting(2, Waits.TIMEOUT);
        Thread.sleep(50);  // a third build would arrive meanwhile if the bound did not hold
        assertThat(backend.builds().arrived()).isEqualTo(2);
        for (int released = 1; released <= 5; released++) {
            backend.builds().release(1);
            assertThat(backend.builds().waiting()).isLessThanOrEqualTo(2);
            int finished = released;
            Waits.until(() -> handles.stream().filter(h -> h.result().isDone()).count() == finished,
                    finished + " builds finished");
        }

        for (BuildHandle handle : handles) {
            assertThat(Waits.result(handle).succeeded()).isTrue();
        }

        List<String> order = backend.buildOrder();
        assertThat(order.subList(0, 2)).as("the first two race").containsExactlyInAnyOrder("build 0", "build 1");
        assertThat(order.subList(2, 5)).as("each of the rest waited for a slot")
                .containsExactlyInAnyOrder("build 2", "build 3", "build 4");
    }

    @Test
    void cancel_queuedBuild_endsAtOnceAsCancelledWithoutRunningAnything() throws Exception {
        InMemoryBackend backend = InMemoryBackend.create();
        PreviewBuilder previews = builders.open(backend, workDirectory, config -> config.maxConcurrentBuilds(1));
        BuildHandle blocker = previews.start(InMemoryProjects.blocking("blocker"));
        backend.builds().awaitWaiting(1, Waits.TIMEOUT);
        BuildHandle queued = previews.start(InMemoryProjects.labelled("queued"));

        queued.cancel();
        BuildResult result = queued.result().get(1, TimeUnit.SECONDS);  // not when the slot frees

        assertThat(result.status()).isEqualTo(BuildStatus.CANCELLED);
        assertThat(result.phaseDurations()).isEmpty();
        assertThat(blocker.result()).isNotDone();
        blocker.cancel();
        assertThat(Waits.result(blocker).status()).isEqualTo(BuildStatus.CANCELLED);
        Thread.sleep(50);
        assertThat(backend.buildOrder()).containsExactly("blocker");
        assertThat(backend.installCount()).isEqualTo(1);
    }

    @Test
    void cancel_runningBuild_stopsItAsCancelledAndLeavesNoScratchFolder() throws Exception {
        InMemoryBackend backend = InMemoryBackend.create();
        PreviewBuilder previews = builders.open(backend, workDirectory);
        BuildHandle handle = previews.start(InMemoryProjects.blocking("running"));
        backend.builds().awaitWaiting(1, Waits.TIMEOUT);
        assertThat(scratchFolders()).hasSize(1);

        handle.cancel();
        BuildResult result = Waits.result(handle);

        assertThat(result.status()).isEqualTo(BuildStatus.CANCELLED);
        assertThat(result.phaseDurations()).containsKeys(BuildPhase.WORKSPACE, BuildPhase.INSTALL, BuildPhase.BUILD)
                .doesNotContainKey(BuildPhase.PUBLISH);
        assertThat(backend.builds().waiting()).isZero();
        assertThat(scratchFolders()).isEmpty();
        assertThat(workDirectory.resolve("artifacts")).isDirectoryNotContaining("glob:**/*.json");
    }

    @Test
    void cancel_runningInstall_stopsItAndStoresNoSet() throws Exception {
        InMemoryBackend backend = InMemoryBackend.builder().holdInstalls().build();
        PreviewBuilder previews = builders.open(backend, workDirectory);
        BuildHandle handle = previews.start(InMemoryProjects.labelled("installing"));
        backend.installs().awaitWaiting(1, Waits.TIMEOUT);

        handle.cancel();

        assertThat(Waits.result(handle).status()).isEqualTo(BuildStatus.CANCELLED);
        assertThat(backend.buildCount()).isZero();
        assertThat(scratchFolders()).isEmpty();
        try (Stream<Path> sets = Files.list(workDirectory.resolve("dependencies"))) {
            assertThat(sets.map(p -> p.getFileName().toString())).allMatch(name -> name.endsWith(".lock"));
        }
    }

    @Test
    void cancel_oneOfTwoHandlesOfASharedBuild_keepsItRunningUntilTheLastCancels() throws Exception {
        InMemoryBackend backend = InMemoryBackend.builder().holdBuilds().build();
        PreviewBuilder previews = builders.open(backend, workDirectory);
        BuildHandle first = previews.start(InMemoryProjects.labelled("shared"));
        backend.builds().awaitWaiting(1, Waits.TIMEOUT);
        BuildHandle second = previews.start(InMemoryProjects.labelled("shared"));

        first.cancel();
        Thread.sleep(50);
        assertThat(backend.builds().waiting()).as("still wanted by the second handle").isEqualTo(1);
        second.cancel();

        assertThat(Waits.result(second).status()).isEqualTo(BuildStatus.CANCELLED);
        assertThat(Waits.result(first).status()).isEqualTo(BuildStatus.CANCELLED);
        assertThat(backend.buildCount()).isEqualTo(1);
    }

    @Test
    void cancel_oneHandleOfASharedBuildThatThenSucceeds_thatHandleEndsCancelled() throws Exception {
        InMemoryBackend backend = InMemoryBackend.builder().holdBuilds().build();
        PreviewBuilder previews = builders.open(backend, workDirectory);
        BuildHandle first = previews.start(InMemoryProjects.labelled("shared"));
        backend.builds().awaitWaiting(1, Waits.TIMEOUT);
        BuildHandle second = previews.start(InMemoryProjects.labelled("shared"));

        second.cancel();
        backend.builds().open();

        assertThat(Waits.result(first).status()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(Waits.result(second).status()).as("BuildHandle#cancel: CANCELLED unless the build had ended")
                .isEqualTo(BuildStatus.CANCELLED);
    }

    @Test
    void build_anyOutcome_deletesTheScratchFolder() throws Exception {
        InMemoryBackend backend = InMemoryBackend.builder().failInstallOf("left-pad").build();
        PreviewBuilder previews = builders.open(backend, workDirectory, config -> config.typeCheck(true));
        List<ProjectFiles> projects = List.of(InMemoryProjects.labelled("fine"), InMemoryProjects.failing("build"),
                InMemoryProjects.typeError("types"), InMemoryProjects.withDependency("install", "left-pad", "1.0.0"));
        List<BuildStatus> statuses = new ArrayList<>();

        for (ProjectFiles project : projects) {
            statuses.add(previews.build(project).status());
            assertThat(scratchFolders()).isEmpty();
        }
        assertThatThrownBy(() -> previews.build(InMemoryProjects.crashing("crash"))).isInstanceOf(PreviewException.class);
        assertThat(scratchFolders()).isEmpty();

        assertThat(statuses).containsExactly(BuildStatus.SUCCEEDED, BuildStatus.FAILED, BuildStatus.FAILED,
                BuildStatus.FAILED);
    }

    @Test
    void build_backendThrowsSomethingElseThanStepFailed_surfacesAsPreviewException() throws Exception {
        List<BuildResult> finished = new CopyOnWriteArrayList<>();
        PreviewBuilder previews = builders.open(InMemoryBackend.create(), workDirectory,
                config -> config.listener(new BuildListener() {
                    @Override
                    public void buildFinished(BuildResult result) {
                        finished.add(result);
                    }
                }));

        assertThatThrownBy(() -> previews.build(InMemoryProjects.crashing("crash")))
                .isExactlyInstanceOf(PreviewException.class)
                .hasMessageContaining("failed unexpectedly")
                .hasRootCauseInstanceOf(IllegalStateException.class);
        BuildHandle handle = previews.start(InMemoryProjects.crashing("crash again"));
        assertThatThrownBy(() -> handle.result().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(PreviewException.class);
        assertThat(previews.build(InMemoryProjects.labelled("after a crash")).succeeded())
                .as("the builder goes on").isTrue();
    }

    @Test
    void close_withQueuedAndRunningBuilds_cancelsThemAndRefusesNewOnes() throws Exception {
        InMemoryBackend backend = InMemoryBackend.create();
        PreviewBuilder previews = builders.open(backend, workDirectory, config -> config.maxConcurrentBuilds(1));
        BuildHandle running = previews.start(InMemoryProjects.blocking("running"));
        backend.builds().awaitWaiting(1, Waits.TIMEOUT);
        BuildHandle queued = previews.start(InMemoryProjects.labelled("queued"));

        previews.close();

        assertThat(Waits.result(running).status()).isEqualTo(BuildStatus.CANCELLED);
        assertThat(Waits.result(queued).status()).isEqualTo(BuildStatus.CANCELLED);
        assertThat(scratchFolders()).isEmpty();
        assertThatThrownBy(() -> previews.start(InMemoryProjects.labelled("late")))
                .isInstanceOf(IllegalStateException.class);
    }
}
