package dev.previewkit.backend.localnpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.BuildListener;
import dev.previewkit.BuildPhase;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.CacheDecision;
import dev.previewkit.CacheDecision.Kind;
import dev.previewkit.CacheDecision.Outcome;
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

/**
 * What only real npm and Vite can show about the caches: a reused set is linked into the workspace entry by
 * entry, two JVMs sharing a work directory install once, and a seeded install hard-links what it keeps. The
 * rest of the caches' behaviour is proved with the in-memory backend in core ({@code PreviewBuilderCachingTest}).
 */
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
}
