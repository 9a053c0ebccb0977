package dev.previewkit.backend.localnpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.BuildHandle;
import dev.previewkit.BuildListener;
import dev.previewkit.BuildPhase;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.CacheDecision;
import dev.previewkit.CacheDecision.Kind;
import dev.previewkit.CacheDecision.Outcome;
import dev.previewkit.CacheLimits;
import dev.previewkit.OutputLine;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.ProjectFiles;
import dev.previewkit.tck.Fixtures;
import dev.previewkit.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dependency store and the artifact cache, with real npm installs and real Vite builds. */
class CachingTest {
    @TempDir
    Path workDirectory;

    private final List<PreviewBuilder> builders = new ArrayList<>();

    @AfterEach
    void close() {
        builders.forEach(PreviewBuilder::close);
    }

    private PreviewBuilder builder(CountingBackend backend, Consumer<PreviewBuilder.Config> settings) {
        PreviewBuilder.Config config = PreviewBuilder.configure().backend(backend).workDirectory(workDirectory);
        settings.accept(config);
        PreviewBuilder builder = config.build();
        builders.add(builder);
        return builder;
    }

    private PreviewBuilder builder(CountingBackend backend) {
        return builder(backend, config -> { });
    }

    private static ProjectFiles withGreeting(String text) {
        return withGreeting(text, Map.of());
    }

    private static ProjectFiles withGreeting(String text, Map<String, String> more) {
        Map<String, String> changes = new HashMap<>(more);
        changes.put("src/components/Greeting.tsx", "export function Greeting() { return <p>" + text + "</p>; }\n");
        return Fixtures.reactAppWith(changes);
    }

    private static Outcome outcome(BuildResult result, Kind kind) {
        return result.cacheDecision(kind).map(CacheDecision::outcome).orElseThrow();
    }

    private static BuildResult succeeded(BuildResult result) {
        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.SUCCEEDED);
        return result;
    }

    @Test
    void build_sameDependenciesOtherSources_reusesInstalledSetByLinkWithoutPackageManager() throws IOException {
        CountingBackend backend = new CountingBackend();
        List<String> installLines = new CopyOnWriteArrayList<>();
        List<String> decisions = new CopyOnWriteArrayList<>();
        PreviewBuilder previews = builder(backend, config -> config.listener(new BuildListener() {
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
        BuildResult first = succeeded(previews.build(withGreeting("first version")));

        BuildResult second = succeeded(previews.build(withGreeting("second version", Map.of("vite.config.ts", """
                import { lstatSync } from 'node:fs';
                export default {
                  define: { __LINKED__: JSON.stringify('linked:' + lstatSync('node_modules/react').isSymbolicLink()) },
                };
                """, "src/App.tsx", """
                import { Panel } from './components/Panel';
                declare const __LINKED__: string;
                export function App() { return <main><Panel highlighted />{__LINKED__}</main>; }
                """))));

        assertThat(outcome(first, Kind.DEPENDENCIES)).isEqualTo(Outcome.MISS);
        assertThat(outcome(second, Kind.DEPENDENCIES)).isEqualTo(Outcome.REUSED);
        assertThat(backend.installs).hasValue(1);
        assertThat(installLines).contains(first.buildId()).doesNotContain(second.buildId());
        assertThat(decisions).contains(second.buildId() + " DEPENDENCIES REUSED");
        assertThat(Fixtures.builtJavaScript(second.artifact().orElseThrow())).contains("linked:true").contains("second version");
        assertThat(second.phaseDurations().get(BuildPhase.INSTALL)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void build_identicalInput_returnsStoredArtifactWithoutCallingTheBackend() {
        CountingBackend backend = new CountingBackend();
        PreviewBuilder previews = builder(backend);
        BuildResult first = succeeded(previews.build(withGreeting("same")));

        BuildResult second = succeeded(previews.build(withGreeting("same")));

        assertThat(outcome(first, Kind.ARTIFACT)).isEqualTo(Outcome.MISS);
        assertThat(outcome(second, Kind.ARTIFACT)).isEqualTo(Outcome.REUSED);
        assertThat(second.message()).contains("Reused");
        assertThat(second.artifact().orElseThrow().root()).isEqualTo(first.artifact().orElseThrow().root());
        assertThat(second.phaseDurations()).isEmpty();
        assertThat(backend.builds).hasValue(1);
        assertThat(backend.installs).hasValue(1);
    }

    @Test
    void start_fourConcurrentBuildsOfOneNewDependencySet_installOnceAndAllSucceed() throws Exception {
        CountingBackend backend = new CountingBackend();
        PreviewBuilder previews = builder(backend, config -> config.maxConcurrentBuilds(4));
        List<BuildHandle> handles = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            handles.add(previews.start(withGreeting("concurrent " + i)));
        }

        List<Outcome> outcomes = new ArrayList<>();
        for (BuildHandle handle : handles) {
            outcomes.add(outcome(succeeded(handle.result().get(5, TimeUnit.MINUTES)), Kind.DEPENDENCIES));
        }

        assertThat(backend.installs).hasValue(1);
        assertThat(outcomes).containsOnlyOnce(Outcome.MISS).doesNotContain(Outcome.SEEDED);
        assertThat(outcomes).contains(Outcome.SHARED);
        assertThat(backend.builds).hasValue(4);
    }

    @Test
    void start_identicalConcurrentRequests_shareOneBuild() throws Exception {
        CountingBackend backend = new CountingBackend();
        PreviewBuilder previews = builder(backend);

        BuildHandle first = previews.start(withGreeting("twice"));
        BuildHandle second = previews.start(withGreeting("twice"));
        BuildResult one = succeeded(first.result().get(5, TimeUnit.MINUTES));
        BuildResult two = succeeded(second.result().get(5, TimeUnit.MINUTES));

        assertThat(backend.builds).hasValue(1);
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(outcome(one, Kind.ARTIFACT)).isEqualTo(Outcome.MISS);
        assertThat(outcome(two, Kind.ARTIFACT)).isEqualTo(Outcome.SHARED);
        assertThat(two.artifact()).isEqualTo(one.artifact());
    }

    @Test
    void start_twoBuildersSharingAWorkDirectory_installOnce() throws Exception {
        CountingBackend left = new CountingBackend();
        CountingBackend right = new CountingBackend();
        PreviewBuilder one = builder(left);
        PreviewBuilder two = builder(right);

        BuildHandle a = one.start(withGreeting("left"));
        BuildHandle b = two.start(withGreeting("right"));
        succeeded(a.result().get(5, TimeUnit.MINUTES));
        succeeded(b.result().get(5, TimeUnit.MINUTES));

        assertThat(left.installs.get() + right.installs.get()).isEqualTo(1);
    }

    @Test
    void build_secondJvmSharingTheWorkDirectory_installsOnceInBoth() throws Exception {
        CountingBackend backend = new CountingBackend();
        PreviewBuilder previews = builder(backend);
        CompletableFuture<Processes.Finished> other = CompletableFuture.supplyAsync(() -> Processes.run(
                Processes.java(List.of(), SharedWorkDirectoryMain.class, workDirectory.toString(), "from the other JVM"),
                workDirectory, Duration.ofMinutes(5)));
        BuildResult here = succeeded(previews.build(withGreeting("from this JVM")));
        String printed = other.get(5, TimeUnit.MINUTES).text();
        Map<String, String> there = printed.lines().filter(line -> line.matches("\\w+=.*"))
                .collect(Collectors.toMap(line -> line.split("=", 2)[0], line -> line.split("=", 2)[1]));

        assertThat(there).as(printed).containsEntry("status", "SUCCEEDED");
        assertThat(backend.installs.get() + Integer.parseInt(there.get("installs"))).as(printed).isEqualTo(1);
        assertThat(List.of(outcome(here, Kind.DEPENDENCIES).name(), there.get("dependencies")))
                .containsOnlyOnce("MISS");
    }

    @Test
    void build_oneAddedPackage_installStartsFromClosestStoredSetAndAddsOnlyThatPackage() throws IOException {
        PreviewBuilder previews = builder(new CountingBackend());
        BuildResult base = succeeded(previews.build(withGreeting("base")));
        String withOneMore = Fixtures.packageJson("").replace("\"clsx\": \"2.1.1\"",
                "\"clsx\": \"2.1.1\", \"tiny-invariant\": \"1.3.3\"");

        BuildResult grown = succeeded(previews.build(withGreeting("grown", Map.of("package.json", withOneMore))));

        CacheDecision decision = grown.cacheDecision(Kind.DEPENDENCIES).orElseThrow();
        assertThat(decision.outcome()).isEqualTo(Outcome.SEEDED);
        assertThat(decision.reason()).contains("added tiny-invariant@1.3.3");
        assertThat(grown.log()).contains("added 1 package");
        Path before = setFolder(base).resolve("node_modules/react/package.json");
        Path after = setFolder(grown).resolve("node_modules/react/package.json");
        assertThat(Files.getAttribute(after, "unix:ino")).as("react is hard-linked, not reinstalled")
                .isEqualTo(Files.getAttribute(before, "unix:ino"));
        assertThat(setFolder(grown).resolve("node_modules/tiny-invariant/package.json")).exists();
        assertThat(setFolder(base).resolve("node_modules/tiny-invariant")).doesNotExist();
    }

    private Path setFolder(BuildResult result) {
        return workDirectory.resolve("dependencies").resolve(result.cacheDecision(Kind.DEPENDENCIES).orElseThrow().key());
    }

    @Test
    void build_artifactCacheOverItsLimit_evictsLeastRecentlyUsedAndSaysWhy() {
        PreviewBuilder previews = builder(new CountingBackend(),
                config -> config.artifactCache(new CacheLimits(300_000, Duration.ofDays(1))));
        BuildResult a = succeeded(previews.build(withGreeting("artifact a")));
        assertThat(a.artifact().orElseThrow().root()).isDirectory();

        succeeded(previews.build(withGreeting("artifact b")));
        assertThat(a.artifact().orElseThrow().root()).as("deleted by eviction").doesNotExist();
        BuildResult again = succeeded(previews.build(withGreeting("artifact a")));

        CacheDecision decision = again.cacheDecision(Kind.ARTIFACT).orElseThrow();
        assertThat(decision.outcome()).isEqualTo(Outcome.MISS);
        assertThat(decision.reason()).contains("evicted").contains("size limit");
        assertThat(outcome(again, Kind.DEPENDENCIES)).isEqualTo(Outcome.REUSED);
    }

    @Test
    void build_afterRestart_findsStoredArtifactsAndDependencySets() {
        PreviewBuilder first = builder(new CountingBackend());
        succeeded(first.build(withGreeting("before restart")));
        first.close();

        CountingBackend backend = new CountingBackend();
        PreviewBuilder restarted = builder(backend);
        BuildResult same = succeeded(restarted.build(withGreeting("before restart")));
        BuildResult changed = succeeded(restarted.build(withGreeting("after restart")));

        assertThat(outcome(same, Kind.ARTIFACT)).isEqualTo(Outcome.REUSED);
        assertThat(outcome(changed, Kind.DEPENDENCIES)).isEqualTo(Outcome.REUSED);
        assertThat(backend.installs).hasValue(0);
        assertThat(backend.builds).hasValue(1);
    }

    @Test
    void configure_afterCrashMidWrite_removesIncompleteEntriesAndNeverServesThem() throws IOException {
        PreviewBuilder first = builder(new CountingBackend());
        BuildResult built = succeeded(first.build(withGreeting("crash")));
        first.close();
        Path artifacts = workDirectory.resolve("artifacts");
        String key = built.artifact().orElseThrow().id();
        Files.delete(artifacts.resolve(key + ".json"));  // crashed after the rename, before the marker
        Path halfArtifact = Files.createDirectories(artifacts.resolve("cafebabe"));
        Files.writeString(halfArtifact.resolve("index.html"), "half written");
        Path halfInstall = Files.createDirectories(workDirectory.resolve("dependencies/.staging-deadbeef/node_modules/x"));

        PreviewBuilder restarted = builder(new CountingBackend());

        assertThat(artifacts.resolve(key)).doesNotExist();
        assertThat(halfArtifact).doesNotExist();
        assertThat(halfInstall).doesNotExist();
        BuildResult rebuilt = succeeded(restarted.build(withGreeting("crash")));
        assertThat(outcome(rebuilt, Kind.ARTIFACT)).isEqualTo(Outcome.MISS);
        assertThat(artifacts.resolve(key + ".json")).exists();
    }
}
