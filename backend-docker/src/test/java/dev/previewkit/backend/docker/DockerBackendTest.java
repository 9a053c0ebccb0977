package dev.previewkit.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import dev.previewkit.BuildHandle;
import dev.previewkit.BuildListener;
import dev.previewkit.BuildProfile;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.CacheDecision.Kind;
import dev.previewkit.CacheDecision.Outcome;
import dev.previewkit.Diagnostic;
import dev.previewkit.OutputLine;
import dev.previewkit.PhaseTimeout;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.ProjectFiles;
import dev.previewkit.tck.Fixtures;
import dev.previewkit.tck.Waits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the Docker backend does beyond the compatibility kit, checked on the engine itself: the flags every
 * container really runs with, dependency sets as labelled volumes that builds cannot write, seeding, and the
 * lockfile fallback.
 */
class DockerBackendTest {
    private static final ContainerLimits LIMITS = ContainerLimits.DEFAULTS.withMemoryBytes(1536L << 20).withPids(300);

    @TempDir
    static Path workDirectory;
    static PreviewBuilder previews;
    static final List<OutputLine> lines = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void open() {
        previews = PreviewBuilder.configure()
                .backend(TestEngine.backend(TestEngine.namespace(workDirectory)).limits(LIMITS).build())
                .workDirectory(workDirectory)
                .maxConcurrentBuilds(2)
                .buildTimeout(PhaseTimeout.of(Duration.ofMinutes(2), Duration.ofMinutes(3)))
                .listener(new BuildListener() {
                    @Override
                    public void outputLine(String buildId, OutputLine line) {
                        lines.add(line);
                    }
                })
                .build();
    }

    @AfterAll
    static void close() {
        previews.close();
        TestEngine.removeNamespacesUsed();
    }

    @Test
    void session_previewProfileByDefault_keepsNamesAndPrintsNoCompressedSizes() throws Exception {
        ProjectFiles project = Fixtures.withGreeting("Docker profile " + UUID.randomUUID());

        BuildResult preview = previews.session("profile-" + UUID.randomUUID().toString().substring(0, 8))
                .submit(project).result().get(4, TimeUnit.MINUTES);
        BuildResult production = previews.build(project);

        assertThat(preview.status()).as(preview.log()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(production.status()).as(production.log()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(preview.artifact().orElseThrow().profile())
                .as("the preview profile, without the modern toolchain that this backend cannot use")
                .isEqualTo(BuildProfile.PREVIEW.withModernToolchain(false));
        assertThat(Fixtures.builtJavaScript(preview.artifact().orElseThrow())).contains("function Greeting(");
        assertThat(preview.log()).contains("built in").doesNotContain("gzip:");
        assertThat(Fixtures.builtJavaScript(production.artifact().orElseThrow())).doesNotContain("function Greeting(");
        assertThat(production.log()).contains("gzip:");
    }

    @Test
    void build_runningContainer_isHardenedAsTheEngineReportsIt() throws Exception {
        BuildHandle handle = previews.start(Fixtures.withStalledConfig(false));
        try (Engine engine = Engine.connect(Optional.empty())) {
            Waits.until(Duration.ofMinutes(3), "the build stalls", () -> printed(Fixtures.STALLED));
            Container build = engine.containers(Labels.filter(TestEngine.namespace(workDirectory))).stream()
                    .filter(container -> "build".equals(container.getLabels().get(Labels.ROLE)))
                    .findFirst().orElseThrow();
            InspectContainerResponse inspected = engine.inspect(build.getId());
            HostConfig host = inspected.getHostConfig();

            assertThat(inspected.getConfig().getUser()).isEqualTo("10001:10001");
            assertThat(host.getNetworkMode()).isEqualTo("none");
            assertThat(host.getReadonlyRootfs()).isTrue();
            assertThat(host.getCapDrop()).containsExactly(Capability.ALL);
            assertThat(host.getCapAdd()).isNullOrEmpty();
            assertThat(host.getSecurityOpts()).contains("no-new-privileges");
            assertThat(host.getPidsLimit()).isEqualTo(LIMITS.pids());
            assertThat(host.getMemory()).isEqualTo(LIMITS.memoryBytes());
            assertThat(host.getMemorySwap()).as("no swap").isEqualTo(LIMITS.memoryBytes());
            assertThat(host.getNanoCPUs()).isEqualTo(1_000_000_000L);
            assertThat(host.getInit()).isTrue();
            assertThat(host.getPrivileged()).isFalse();
            assertThat(host.getBinds()).as("no host folder, no socket").isNullOrEmpty();
            assertThat(host.getMounts()).extracting(Mount::getTarget).containsExactlyInAnyOrder("/work", "/deps");
            assertThat(host.getMounts()).filteredOn(mount -> mount.getTarget().equals("/deps"))
                    .extracting(Mount::getReadOnly).containsExactly(true);
            assertThat(inspected.getConfig().getLabels()).containsEntry(Labels.MANAGED, "true")
                    .containsEntry(Labels.ROLE, "build").containsEntry(Labels.BUILD, handle.id());
            assertThat(List.of(inspected.getConfig().getEnv())).noneMatch(variable -> variable.contains(
                    "PREVIEWKIT_TEST_SECRET") || variable.startsWith("DOCKER_") || variable.startsWith("NODE_OPTIONS"));

            String workspace = host.getMounts().stream().filter(mount -> mount.getTarget().equals("/work"))
                    .findFirst().orElseThrow().getSource();
            InspectVolumeResponse volume = engine.client().inspectVolumeCmd(workspace).exec();
            assertThat(volume.getOptions()).containsEntry("type", "tmpfs");
            assertThat(volume.getOptions().get("o")).contains("size=" + LIMITS.workspaceBytes())
                    .contains("nr_inodes=" + LIMITS.workspaceInodes());
        } finally {
            handle.cancel();
            handle.result().get(1, TimeUnit.MINUTES);
        }
        Waits.until(Duration.ofSeconds(10), "the cancelled build's container is removed",
                () -> new DockerInventory().running(workDirectory).isEmpty());
    }

    @Test
    void build_sameDependencies_reusesTheLabelledVolumeThatBuildsCannotWrite() throws IOException {
        String probe = """
                import fs from 'node:fs';
                const hidden = fs.readdirSync('/deps/node_modules').filter((name) => name.startsWith('.vite'));
                let write = 'written';
                try { fs.writeFileSync('/deps/node_modules/x', 'x'); } catch (e) { write = e.code; }
                console.log('set-probe ' + JSON.stringify({ hidden, write }));
                export default {};
                """;
        BuildResult first = succeeded(previews.build(Fixtures.withGreeting("first " + UUID.randomUUID())));
        BuildResult second = succeeded(previews.build(Fixtures.reactAppWith(Map.of("vite.config.ts", probe,
                "src/components/Greeting.tsx", "export function Greeting() { return <p>second</p>; }\n"))));

        assertThat(second.cacheDecision(Kind.DEPENDENCIES).orElseThrow().outcome()).isEqualTo(Outcome.REUSED);
        assertThat(new DockerInventory().heldSets(workDirectory)).anyMatch(set -> set.reference().equals(
                Labels.name(TestEngine.namespace(workDirectory), "deps", set.dependencyKey())));
        assertThat(second.log()).as("Vite's caches stay in the build's workspace; the set is read-only")
                .contains("set-probe {\"hidden\":[],\"write\":\"EROFS\"}");
        assertThat(first.artifact()).isPresent();
    }

    @Test
    void build_oneMorePackage_isSeededFromTheClosestSetInsideTheEngine() throws IOException {
        succeeded(previews.build(Fixtures.withGreeting("base " + UUID.randomUUID())));
        BuildResult next = succeeded(previews.build(Fixtures.withExtraPackage("tiny-invariant", "1.3.3",
                "with one more package")));

        assertThat(next.cacheDecision(Kind.DEPENDENCIES).orElseThrow().outcome()).isEqualTo(Outcome.SEEDED);
        assertThat(Fixtures.builtJavaScript(next.artifact().orElseThrow())).contains("with one more package");
    }

    @Test
    void install_lockfileThatNpmCiRefuses_installsResolvingAndWarns(@TempDir Path scratch, @TempDir Path own)
            throws Exception {
        Files.writeString(scratch.resolve("package.json"), Fixtures.packageJson(""));
        Process lock = new ProcessBuilder("npm", "install", "--package-lock-only", "--ignore-scripts", "--no-audit",
                "--no-fund").directory(scratch.toFile()).redirectErrorStream(true).start();
        String printed = new String(lock.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lock.waitFor()).as(printed).isZero();
        String lockfile = Files.readString(scratch.resolve("package-lock.json"));

        BuildResult result;
        try (PreviewBuilder unseeded = PreviewBuilder.configure().workDirectory(own)  // no set to seed from
                .backend(TestEngine.backend(TestEngine.namespace(own)).build()).build()) {
            result = succeeded(unseeded.build(Fixtures.reactAppWith(Map.of(
                    "package.json", Fixtures.packageJson("").replace("\"clsx\": \"2.1.1\"",
                            "\"clsx\": \"2.1.1\", \"tiny-invariant\": \"1.3.3\""),
                    "package-lock.json", lockfile))));
        }

        assertThat(result.diagnostics()).filteredOn(d -> d.severity() == Diagnostic.Severity.WARNING)
                .anyMatch(d -> d.code().equals(Optional.of("LOCKFILE_OUT_OF_STEP")));
        assertThat(result.log()).contains("`npm ci` can only install packages");
    }

    private static boolean printed(String text) {
        return lines.stream().anyMatch(line -> line.text().contains(text));
    }

    private static BuildResult succeeded(BuildResult result) {
        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.SUCCEEDED);
        return result;
    }

}
