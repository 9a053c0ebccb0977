package dev.previewkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.CacheDecision.Kind;
import dev.previewkit.CacheDecision.Outcome;
import dev.previewkit.testing.InMemoryBackend;
import dev.previewkit.testing.InMemoryProjects;
import dev.previewkit.testing.OpenBuilders;
import dev.previewkit.testing.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dependency store and the artifact cache through {@link PreviewBuilder}, with the {@link InMemoryBackend}:
 * what {@code CachingTest} of the local backend proves with npm and Vite, in milliseconds.
 */
class PreviewBuilderCachingTest {
    @TempDir
    Path workDirectory;

    private final OpenBuilders builders = new OpenBuilders();

    @AfterEach
    void close() {
        builders.closeAll();
    }

    private static Outcome outcome(BuildResult result, Kind kind) {
        return result.cacheDecision(kind).map(CacheDecision::outcome).orElseThrow();
    }

    private static BuildResult succeeded(BuildResult result) {
        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.SUCCEEDED);
        return result;
    }

    @Test
    void build_identicalInput_returnsStoredArtifactWithoutCallingTheBackend() {
        InMemoryBackend backend = InMemoryBackend.create();
        PreviewBuilder previews = builders.open(backend, workDirectory);
        BuildResult first = succeeded(previews.build(InMemoryProjects.labelled("same")));

        BuildResult second = succeeded(previews.build(InMemoryProjects.labelled("same")));

        assertThat(outcome(first, Kind.ARTIFACT)).isEqualTo(Outcome.MISS);
        assertThat(outcome(second, Kind.ARTIFACT)).isEqualTo(Outcome.REUSED);
        assertThat(second.message()).contains("Reused");
        assertThat(second.artifact().orElseThrow().root()).isEqualTo(first.artifact().orElseThrow().root());
        assertThat(second.phaseDurations()).isEmpty();
        assertThat(second.cacheDecision(Kind.DEPENDENCIES)).isEmpty();
        assertThat(backend.buildCount()).isEqualTo(1);
        assertThat(backend.installCount()).isEqualTo(1);
    }

    @Test
    void build_sameDependenciesOtherSources_reusesInstalledSetWithoutInstalling() {
        InMemoryBackend backend = InMemoryBackend.create();
        List<String> installLines = new CopyOnWriteArrayList<>();
        List<String> decisions = new CopyOnWriteArrayList<>();
        PreviewBuilder previews = builders.open(backend, workDirectory, config -> config.listener(new BuildListener() {
            @Override
            public void outputLine(String buildId, OutputLine line) {
                if (line.phase() == BuildPhase.INSTALL) {
                    installLines.add(buildId);
                }
            }

            @Override
            public void cacheDecided(String buildId, CacheDecision decision) {
                decisions.add(buildId + " " + decision.kind() + " " + decision.outcome());
            }
        }));
        BuildResult first = succeeded(previews.build(InMemoryProjects.labelled("first version")));

        BuildResult second = succeeded(previews.build(InMemoryProjects.labelled("second version")));

        assertThat(outcome(first, Kind.DEPENDENCIES)).isEqualTo(Outcome.MISS);
        assertThat(outcome(second, Kind.DEPENDENCIES)).isEqualTo(Outcome.REUSED);
        assertThat(second.cacheDecision(Kind.DEPENDENCIES).orElseThrow().key())
                .isEqualTo(first.cacheDecision(Kind.DEPENDENCIES).orElseThrow().key());
        assertThat(backend.installCount()).isEqualTo(1);
        assertThat(backend.buildCount()).isEqualTo(2);
        assertThat(installLines).contains(first.buildId()).doesNotContain(second.buildId());
        assertThat(decisions).contains(second.buildId() + " DEPENDENCIES REUSED");
    }

    @Test
    void start_identicalConcurrentRequests_shareOneBuild() throws Exception {
        InMemoryBackend backend = InMemoryBackend.builder().holdBuilds().build();
        PreviewBuilder previews = builders.open(backend, workDirectory);

        BuildHandle first = previews.start(InMemoryProjects.labelled("twice"));
        backend.builds().awaitWaiting(1, Waits.TIMEOUT);
        BuildHandle second = previews.start(InMemoryProjects.labelled("twice"));
        backend.builds().open();
        BuildResult one = succeeded(Waits.result(first));
        BuildResult two = succeeded(Waits.result(second));

        assertThat(backend.buildCount()).isEqualTo(1);
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(two.buildId()).isEqualTo(second.id());
        assertThat(outcome(one, Kind.ARTIFACT)).isEqualTo(Outcome.MISS);
        assertThat(outcome(two, Kind.ARTIFACT)).isEqualTo(Outcome.SHARED);
        assertThat(two.artifact()).isEqualTo(one.artifact());
    }

    @Test
    void start_fourConcurrentBuildsOfOneNewDependencySet_installOnceAndAllSucceed() throws Exception {
        InMemoryBackend backend = InMemoryBackend.builder().holdInstalls().build();
        AtomicInteger installing = new AtomicInteger();
        PreviewBuilder previews = builders.open(backend, workDirectory, config -> config.maxConcurrentBuilds(4)
                .listener(new BuildListener() {
                    @Override
                    public void phaseStarted(String buildId, BuildPhase phase) {
                        if (phase == BuildPhase.INSTALL) {
                            installing.incrementAndGet();
                        }
                    }
                }));
        List<BuildHandle> handles = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            handles.add(previews.start(InMemoryProjects.labelled("concurrent " + i)));
        }
        backend.installs().awaitArrived(1, Waits.TIMEOUT);
        Waits.until(() -> installing.get() == 4, "all four builds reach the install phase");
        Thread.sleep(50);  // the three others go from phaseStarted to waiting for the running install
        backend.installs().open();

        List<Outcome> outcomes = new ArrayList<>();
        for (BuildHandle handle : handles) {
            outcomes.add(outcome(succeeded(Waits.result(handle)), Kind.DEPENDENCIES));
        }

        assertThat(backend.installCount()).isEqualTo(1);
        assertThat(outcomes).containsOnlyOnce(Outcome.MISS).containsOnly(Outcome.MISS, Outcome.SHARED);
        assertThat(backend.buildCount()).isEqualTo(4);
    }

    @Test
    void start_twoBuildersSharingAWorkDirectory_installOnce() throws Exception {
        InMemoryBackend left = InMemoryBackend.builder().holdInstalls().build();
        InMemoryBackend right = InMemoryBackend.builder().holdInstalls().build();
        PreviewBuilder one = builders.open(left, workDirectory);
        PreviewBuilder two = builders.open(right, workDirectory);

        BuildHandle a = one.start(InMemoryProjects.labelled("left"));
        BuildHandle b = two.start(InMemoryProjects.labelled("right"));
        Waits.until(() -> left.installs().arrived() + right.installs().arrived() == 1, "one install starts");
        Thread.sleep(50);  // the other build waits for the key's lock meanwhile
        left.installs().open();
        right.installs().open();
        BuildResult ra = succeeded(Waits.result(a));
        BuildResult rb = succeeded(Waits.result(b));

        assertThat(left.installCount() + right.installCount()).isEqualTo(1);
        assertThat(List.of(outcome(ra, Kind.DEPENDENCIES), outcome(rb, Kind.DEPENDENCIES)))
                .containsExactlyInAnyOrder(Outcome.MISS, Outcome.SHARED);
    }

    @Test
    void build_newDependencySetBesideAStoredOne_offersTheClosestAsSeedAndReportsSeededWhenUsed() {
        InMemoryBackend backend = InMemoryBackend.builder().useSeeds().build();
        PreviewBuilder previews = builders.open(backend, workDirectory);
        BuildResult base = succeeded(previews.build(InMemoryProjects.labelled("base")));

        BuildResult grown = succeeded(previews.build(InMemoryProjects.withDependency("grown", "left-pad", "1.3.0")));

        CacheDecision decision = grown.cacheDecision(Kind.DEPENDENCIES).orElseThrow();
        assertThat(decision.outcome()).isEqualTo(Outcome.SEEDED);
        assertThat(decision.reason()).contains("added left-pad@1.3.0").contains("installed on top of a copy");
        String baseKey = base.cacheDecision(Kind.DEPENDENCIES).orElseThrow().key();
        assertThat(backend.seedsOffered()).extracting(seed -> seed.folder().orElseThrow())
                .containsExactly(workDirectory.resolve("dependencies").resolve(baseKey));
        assertThat(backend.installCount()).isEqualTo(2);
    }

    @Test
    void build_seedOfferedButNotUsed_reportsMissWithTheDifference() {
        InMemoryBackend backend = InMemoryBackend.create();
        PreviewBuilder previews = builders.open(backend, workDirectory);
        succeeded(previews.build(InMemoryProjects.labelled("base")));

        BuildResult grown = succeeded(previews.build(InMemoryProjects.withDependency("grown", "left-pad", "1.3.0")));

        CacheDecision decision = grown.cacheDecision(Kind.DEPENDENCIES).orElseThrow();
        assertThat(decision.outcome()).isEqualTo(Outcome.MISS);
        assertThat(decision.reason()).contains("added left-pad@1.3.0").doesNotContain("on top of");
        assertThat(backend.seedsOffered()).hasSize(1);
    }

    @Test
    void build_artifactCacheOverItsLimit_evictsLeastRecentlyUsedAndSaysWhy() {
        PreviewBuilder previews = builders.open(InMemoryBackend.create(), workDirectory,
                config -> config.artifactCache(new CacheLimits(1, Duration.ofDays(1))));  // room for the newest only
        BuildResult a = succeeded(previews.build(InMemoryProjects.labelled("artifact a")));
        assertThat(a.artifact().orElseThrow().root()).isDirectory();

        BuildResult b = succeeded(previews.build(InMemoryProjects.labelled("artifact b")));
        assertThat(a.artifact().orElseThrow().root()).as("deleted by eviction").doesNotExist();
        assertThat(b.artifact().orElseThrow().indexFile()).as("the entry just written is spared").exists();
        BuildResult again = succeeded(previews.build(InMemoryProjects.labelled("artifact a")));

        CacheDecision decision = again.cacheDecision(Kind.ARTIFACT).orElseThrow();
        assertThat(decision.outcome()).isEqualTo(Outcome.MISS);
        assertThat(decision.reason()).contains("evicted").contains("size limit");
        assertThat(outcome(again, Kind.DEPENDENCIES)).isEqualTo(Outcome.REUSED);
    }

    @Test
    void build_dependencyStoreOverItsLimit_discardsTheSetThroughTheBackendOnceNoBuildUsesIt() throws Exception {
        InMemoryBackend backend = InMemoryBackend.create();
        PreviewBuilder previews = builders.open(backend, workDirectory,
                config -> config.dependencyCache(new CacheLimits(1, Duration.ofDays(1))));
        BuildResult first = succeeded(previews.build(InMemoryProjects.labelled("first")));
        Path set = workDirectory.resolve("dependencies").resolve(first.cacheDecision(Kind.DEPENDENCIES).orElseThrow().key());

        BuildResult second = succeeded(previews.build(InMemoryProjects.labelled("second")));

        Waits.until(() -> backend.discarded().stream()
                .anyMatch(discarded -> set.getFileName().toString().equals(discarded.dependencyKey())),
                "the evicted set is discarded");
        Waits.until(() -> !Files.exists(set), "the evicted set's folder is deleted");
        CacheDecision decision = second.cacheDecision(Kind.DEPENDENCIES).orElseThrow();
        assertThat(decision.outcome()).isEqualTo(Outcome.MISS);
        assertThat(decision.reason()).contains("evicted").contains("size limit");
        assertThat(backend.installCount()).isEqualTo(2);
    }

    @Test
    void build_afterRestart_findsStoredArtifactsAndDependencySets() {
        PreviewBuilder first = builders.open(InMemoryBackend.create(), workDirectory);
        succeeded(first.build(InMemoryProjects.labelled("before restart")));
        first.close();

        InMemoryBackend backend = InMemoryBackend.create();
        PreviewBuilder restarted = builders.open(backend, workDirectory);
        BuildResult same = succeeded(restarted.build(InMemoryProjects.labelled("before restart")));
        BuildResult changed = succeeded(restarted.build(InMemoryProjects.labelled("after restart")));

        assertThat(outcome(same, Kind.ARTIFACT)).isEqualTo(Outcome.REUSED);
        assertThat(outcome(changed, Kind.DEPENDENCIES)).isEqualTo(Outcome.REUSED);
        assertThat(backend.installCount()).isZero();
        assertThat(backend.buildCount()).isEqualTo(1);
    }

    @Test
    void build_otherBackendId_doesNotReuseTheSetsOfAnotherBackend() {
        succeeded(builders.open(InMemoryBackend.create(), workDirectory).build(InMemoryProjects.labelled("one")));
        InMemoryBackend other = InMemoryBackend.builder().id("in-memory-other").build();

        BuildResult result = succeeded(builders.open(other, workDirectory).build(InMemoryProjects.labelled("one")));

        assertThat(outcome(result, Kind.ARTIFACT)).isEqualTo(Outcome.MISS);
        assertThat(outcome(result, Kind.DEPENDENCIES)).isEqualTo(Outcome.MISS);
        assertThat(other.seedsOffered()).as("a set of another backend is no seed").isEmpty();
    }

    @Test
    void configure_afterCrashMidWrite_removesIncompleteEntriesAndNeverServesThem() throws Exception {
        PreviewBuilder first = builders.open(InMemoryBackend.create(), workDirectory);
        BuildResult built = succeeded(first.build(InMemoryProjects.labelled("crash")));
        first.close();
        Path artifacts = workDirectory.resolve("artifacts");
        String key = built.artifact().orElseThrow().id();
        Files.delete(artifacts.resolve(key + ".json"));  // crashed after the rename, before the marker
        Path halfArtifact = Files.createDirectories(artifacts.resolve("cafebabe"));
        Files.writeString(halfArtifact.resolve("index.html"), "half written");
        Path halfInstall = Files.createDirectories(workDirectory.resolve("dependencies/.staging-deadbeef/node_modules/x"));
        Path orphanMarker = Files.writeString(workDirectory.resolve("dependencies/f00d.json"), "{}");

        InMemoryBackend backend = InMemoryBackend.create();
        PreviewBuilder restarted = builders.open(backend, workDirectory);

        assertThat(artifacts.resolve(key)).doesNotExist();
        assertThat(halfArtifact).doesNotExist();
        assertThat(halfInstall.getParent().getParent()).doesNotExist();
        assertThat(orphanMarker).as("a marker without its folder").doesNotExist();
        BuildResult rebuilt = succeeded(restarted.build(InMemoryProjects.labelled("crash")));
        assertThat(outcome(rebuilt, Kind.ARTIFACT)).isEqualTo(Outcome.MISS);
        assertThat(outcome(rebuilt, Kind.DEPENDENCIES)).isEqualTo(Outcome.REUSED);
        assertThat(artifacts.resolve(key + ".json")).exists();
        assertThat(backend.buildCount()).isEqualTo(1);
    }

    @Test
    void build_failedInstall_storesNoSetAndTheNextBuildInstallsAgain() {
        InMemoryBackend backend = InMemoryBackend.builder().failInstallOf("left-pad").build();
        PreviewBuilder previews = builders.open(backend, workDirectory);

        BuildResult failed = previews.build(InMemoryProjects.withDependency("one", "left-pad", "1.3.0"));
        BuildResult again = previews.build(InMemoryProjects.withDependency("two", "left-pad", "1.3.0"));

        assertThat(failed.status()).isEqualTo(BuildStatus.FAILED);
        assertThat(again.status()).isEqualTo(BuildStatus.FAILED);
        assertThat(backend.installCount()).isEqualTo(2);
        assertThat(workDirectory.resolve("dependencies")).isDirectoryNotContaining("glob:**/.staging-*");
    }

    @Test
    void build_failedBuild_publishesNoArtifactAndTheSameInputBuildsAgain() {
        InMemoryBackend backend = InMemoryBackend.create();
        PreviewBuilder previews = builders.open(backend, workDirectory);

        BuildResult first = previews.build(InMemoryProjects.failing("bad"));
        BuildResult second = previews.build(InMemoryProjects.failing("bad"));

        assertThat(first.status()).isEqualTo(BuildStatus.FAILED);
        assertThat(outcome(second, Kind.ARTIFACT)).isEqualTo(Outcome.MISS);
        assertThat(outcome(second, Kind.DEPENDENCIES)).isEqualTo(Outcome.REUSED);
        assertThat(backend.buildCount()).isEqualTo(2);
    }

    @Test
    void build_otherBasePath_isAnotherArtifact() {
        InMemoryBackend backend = InMemoryBackend.create();
        PreviewBuilder root = builders.open(backend, workDirectory);
        PreviewBuilder mounted = builders.open(InMemoryBackend.create(), workDirectory,
                config -> config.basePath("/preview/x/"));

        BuildResult atRoot = succeeded(root.build(InMemoryProjects.labelled("same files")));
        BuildResult underPath = succeeded(mounted.build(InMemoryProjects.labelled("same files")));

        assertThat(outcome(underPath, Kind.ARTIFACT)).isEqualTo(Outcome.MISS);
        assertThat(underPath.artifact().orElseThrow().id()).isNotEqualTo(atRoot.artifact().orElseThrow().id());
        assertThat(Map.of("root", atRoot, "path", underPath)).allSatisfy((name, result) ->
                assertThat(result.artifact().orElseThrow().indexFile()).isRegularFile());
    }

    @Test
    void session_filesBuiltBeforeForProduction_buildsAgainWithThePreviewProfile() throws Exception {
        InMemoryBackend backend = InMemoryBackend.create();
        PreviewBuilder previews = builders.open(backend, workDirectory);

        BuildResult production = succeeded(previews.build(InMemoryProjects.labelled("same files")));
        BuildResult preview = succeeded(Waits.result(previews.session("s1").submit(
                InMemoryProjects.labelled("same files"))));

        assertThat(previews.session("s1").buildProfile()).isEqualTo(BuildProfile.PREVIEW);
        assertThat(outcome(preview, Kind.ARTIFACT)).isEqualTo(Outcome.MISS);
        assertThat(backend.buildCount()).isEqualTo(2);
        assertThat(production.artifact().orElseThrow().profile()).isEqualTo(BuildProfile.PRODUCTION);
        assertThat(preview.artifact().orElseThrow().profile()).isEqualTo(BuildProfile.PREVIEW);
        assertThat(preview.artifact().orElseThrow().root().resolve("profile.txt"))
                .as("the backend was asked for the preview profile").hasContent(BuildProfile.PREVIEW.toString());
    }

    @Test
    void build_configuredProfiles_buildAndSessionUseThem() throws Exception {
        BuildProfile withMaps = BuildProfile.PREVIEW.withSourceMaps(true);
        PreviewBuilder previews = builders.open(InMemoryBackend.create(), workDirectory,
                config -> config.buildProfile(withMaps).sessionBuildProfile(BuildProfile.PRODUCTION));

        BuildResult built = succeeded(previews.build(InMemoryProjects.labelled("one")));
        BuildResult submitted = succeeded(Waits.result(previews.session("s2").submit(
                InMemoryProjects.labelled("two"))));

        assertThat(built.artifact().orElseThrow().profile()).isEqualTo(withMaps);
        assertThat(submitted.artifact().orElseThrow().profile()).isEqualTo(BuildProfile.PRODUCTION);
    }
}
