package dev.previewkit.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.previewkit.Artifact;
import dev.previewkit.BuildHandle;
import dev.previewkit.BuildListener;
import dev.previewkit.BuildPhase;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.CacheDecision;
import dev.previewkit.OutputLimits;
import dev.previewkit.OutputLine;
import dev.previewkit.PhaseTimeout;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.tck.AttackProjects;
import dev.previewkit.tck.CountingServer;
import dev.previewkit.tck.Fixtures;
import dev.previewkit.tck.Waits;
import dev.previewkit.testing.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile projects against the Docker backend on a real engine (reference §3.2 and §4): every attack is code in
 * the project's {@code vite.config.ts} or a plugin, which Vite runs in the build container. Each test proves the
 * attack failed, that the build ended with a clean result, and that nothing of the namespace is left running
 * and no volume but the dependency sets (and the namespace's npm cache) is left on the engine.
 *
 * <p>All tests share one work directory, so one namespace and one dependency set: {@link #installTheSharedSet()}
 * installs it with the default limits, and the tests with tight limits (64 pids, 256 MiB, a 64 MiB workspace)
 * only run builds. The scripts test alone installs a set of its own. The namespace's volumes are removed after
 * the class.
 */
class DockerAttackTest {
    private static final Duration GENEROUS = Duration.ofMinutes(3);
    private static final Duration CLEAN_UP = Duration.ofSeconds(10);
    private static final long MIB = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workDirectory;

    /** A folder of this test's own, outside the work directory: host files the builds must not reach. */
    @TempDir
    Path outside;

    private final List<PreviewBuilder> builders = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void installTheSharedSet() {
        try (PreviewBuilder builder = configure(ContainerLimits.DEFAULTS).build()) {
            BuildResult result = builder.build(Fixtures.withGreeting("shared set " + UUID.randomUUID()));
            assertThat(result.status()).as("%s%n%s", result.message(), result.log()).isEqualTo(BuildStatus.SUCCEEDED);
        }
    }

    @AfterEach
    void closeBuilders() {
        builders.forEach(PreviewBuilder::close);
    }

    @AfterAll
    static void removeTheNamespace() {
        TestEngine.removeNamespace(namespace());
    }

    // ------------------------------------------------------------------------------------------- network

    @Test
    void build_configConnectsToServersOnTheHost_refusedAndServersSeeNoConnection() throws Exception {
        try (CountingServer loopback = new CountingServer(InetAddress.getLoopbackAddress());
                CountingServer bridge = new CountingServer(TestEngine.bridgeGateway())) {
            loopback.checkReachableFromHere();
            bridge.checkReachableFromHere();

            BuildResult result = build(AttackProjects.connectingTo(loopback.address(), bridge.address()));

            assertSucceeded(result);
            String report = AttackProjects.report(result.artifact().orElseThrow());
            note("network", report);
            assertThat(result.log()).contains(AttackProjects.REPORT + " " + report);
            assertThat(AttackProjects.field(report, "loopback")).as(report).isEqualTo("ECONNREFUSED");
            assertThat(AttackProjects.field(report, "bridge")).as(report)
                    .isIn("ENETUNREACH", "EHOSTUNREACH", "ECONNREFUSED");
            assertThat(AttackProjects.field(report, "interfaces")).as("only loopback: no network").isEqualTo("lo");
            assertThat(loopback.connections()).as("connections to the loopback server (1: the test's own)").isEqualTo(1);
            assertThat(bridge.connections()).as("connections to the bridge server (1: the test's own)").isEqualTo(1);
        }
        assertNothingLeft();
    }

    // ------------------------------------------------------------------------------------------- secrets

    @Test
    void build_configReadsEnvironmentsAndDockerSocket_jvmSecretIsNowhereAndNoSocket() throws IOException {
        String secret = System.getenv("PREVIEWKIT_TEST_SECRET");
        assertThat(secret).as("surefire sets PREVIEWKIT_TEST_SECRET (root POM)").isNotBlank();

        BuildResult result = build(AttackProjects.readingEnvironments());

        assertSucceeded(result);
        Artifact artifact = result.artifact().orElseThrow();
        String report = AttackProjects.report(artifact);
        note("environment", report.replaceAll("seen=(.{40}).*", "seen=$1..."));
        assertThat(AttackProjects.field(report, "sockets"))
                .isEqualTo("/var/run/docker.sock:absent,/run/docker.sock:absent");
        JsonNode seen = JSON.readTree(new String(HexFormat.of().parseHex(AttackProjects.field(report, "seen")),
                StandardCharsets.UTF_8));
        for (String source : List.of("env", "proc1", "self", "all")) {
            String text = seen.path(source).asText();
            assertThat(text).as("what the config read from " + source + " (so the read worked)")
                    .contains("HOME=/work/home").doesNotContain("ERROR:");
            assertThat(text).as("what the config read from " + source)
                    .doesNotContain(secret).doesNotContain("PREVIEWKIT_TEST_SECRET");
        }
        assertThat(allText(artifact)).as("the artifact").doesNotContain(secret);
        assertThat(result.log()).as("the log").doesNotContain(secret)
                .as("the CA bundle NODE_EXTRA_CA_CERTS names is there").doesNotContain("Ignoring extra certs");
        assertNothingLeft();
    }

    // ------------------------------------------------------------------------------------ user and files

    @Test
    void build_configWritesOutsideTheWorkspace_runsAsUser10001AndEveryWriteIsRefused() throws IOException {
        String name = "previewkit-attack-" + UUID.randomUUID();

        BuildResult result = build(AttackProjects.writingOutsideTheWorkspace(name));

        assertSucceeded(result);
        String report = AttackProjects.report(result.artifact().orElseThrow());
        note("user and files", report);
        assertThat(AttackProjects.field(report, "uid")).as(report).isEqualTo("10001");
        assertThat(AttackProjects.field(report, "euid")).as(report).isEqualTo("10001");
        assertThat(AttackProjects.field(report, "gid")).as(report).isEqualTo("10001");
        assertThat(AttackProjects.field(report, "capeff")).as(report).isEqualTo("0000000000000000");
        assertThat(AttackProjects.field(report, "nonewprivs")).as(report).isEqualTo("1");
        for (String place : List.of("usr-bin", "etc", "root")) {
            assertThat(AttackProjects.field(report, place)).as(place + " in " + report).isIn("EROFS", "EACCES");
        }
        assertThat(AttackProjects.field(report, "workspace")).as("the control: the workspace is writable")
                .isEqualTo("WROTE");
        for (Path hostPath : List.of(Path.of("/usr/bin", name), Path.of("/etc", name), Path.of("/", name))) {
            assertThat(hostPath).as("on the host").doesNotExist();
        }
        assertNothingLeft();
    }

    @Test
    void install_lifecycleScriptsDependencyScriptAndNpmrcAskingForThem_noScriptRuns() throws IOException {
        Path hostMarkers = Files.createDirectory(outside.resolve("script-markers"));

        BuildResult result = build(AttackProjects.withInstallScripts(hostMarkers));

        assertSucceeded(result);
        assertThat(result.cacheDecision(CacheDecision.Kind.DEPENDENCIES).map(CacheDecision::outcome))
                .as("the project's set was installed now").hasValueSatisfying(outcome ->
                        assertThat(outcome).isIn(CacheDecision.Outcome.MISS, CacheDecision.Outcome.SEEDED));
        String report = AttackProjects.report(result.artifact().orElseThrow());
        note("install scripts", report);
        assertThat(AttackProjects.field(report, "scripts")).as("the project's scripts that ran").isEqualTo("none");
        assertThat(AttackProjects.field(report, "esbuild-bin"))
                .as("esbuild's postinstall replaces its JavaScript launcher by the binary").isEqualTo("js");
        try (Stream<Path> markers = Files.list(hostMarkers)) {
            assertThat(markers).as("markers written on the host").isEmpty();
        }
        assertNothingLeft();
    }

    // --------------------------------------------------------------------------------------- resources

    @Test
    void build_configSpawnsProcessesWithoutEnd_pidsLimitCapsItAndNoProcessSurvives() throws Exception {
        String marker = "previewkit-bomb-" + UUID.randomUUID();
        Lines lines = new Lines();
        PreviewBuilder builder = builder(ContainerLimits.DEFAULTS.withPids(64), config -> config.listener(lines)
                .buildTimeout(PhaseTimeout.of(GENEROUS, Duration.ofMinutes(2))));
        assertThat(hostProcessesWith(marker)).isZero();

        BuildHandle handle = builder.start(AttackProjects.spawningWithoutEnd(marker));
        Waits.until(GENEROUS, "the bomb is capped", () -> lines.contains("bomb capped"));
        long duringBomb = hostProcessesWith(marker);
        BuildResult result = handle.result().get(GENEROUS.toSeconds(), TimeUnit.SECONDS);

        assertSucceeded(result);
        String report = AttackProjects.report(result.artifact().orElseThrow());
        note("spawn bomb", report + ", seen on the host while capped: " + duringBomb);
        int spawned = Integer.parseInt(AttackProjects.field(report, "spawned"));
        assertThat(spawned).as(report).isBetween(1, 63);
        assertThat(Integer.parseInt(AttackProjects.field(report, "failed"))).as(report).isPositive();
        assertThat(duringBomb).as("the bomb's processes seen on the host while it was capped (%s)", report)
                .isBetween(1L, 64L);
        Waits.until(CLEAN_UP, "no process of the bomb is left on the host", () -> hostProcessesWith(marker) == 0);
        assertNothingLeft();
    }

    @Test
    void build_configAllocatesBeyondTheMemoryLimit_failsSayingItRanOutOfMemory() {
        BuildResult result = build(ContainerLimits.DEFAULTS.withMemoryBytes(256 * MIB), config -> { },
                AttackProjects.allocatingWithoutEnd());

        assertThat(result.status()).as("%s%n%s", result.message(), result.log()).isEqualTo(BuildStatus.FAILED);
        note("memory bomb", result.message());
        assertThat(result.message()).as(result.log()).contains("out of memory").contains("256 MiB");
        assertThat(result.log()).as("the config ran").contains("allocated 16 MiB");
        assertNothingLeft();
    }

    @Test
    void build_configLoopsForever_timesOutAtTheDeadlineAndTheContainerIsGone() throws Exception {
        Lines lines = new Lines();
        PreviewBuilder builder = builder(ContainerLimits.DEFAULTS, config -> config.listener(lines)
                .buildTimeout(PhaseTimeout.of(GENEROUS, Duration.ofSeconds(15))));

        BuildHandle handle = builder.start(AttackProjects.loopingForever());
        Waits.until(GENEROUS, "the endless loop starts", () -> lines.contains("endless loop starts"));
        assertThat(new DockerInventory().running(workDirectory)).as("what runs while the config loops").isNotEmpty();
        BuildResult result = handle.result().get(GENEROUS.toSeconds(), TimeUnit.SECONDS);

        note("endless loop", result.message());
        assertThat(result.status()).as("%s%n%s", result.message(), result.log()).isEqualTo(BuildStatus.TIMED_OUT);
        assertThat(result.message()).contains("deadline");
        assertNothingLeft();
    }

    // ------------------------------------------------------------------------------------------ output

    @Test
    void build_pluginLinksOutputToHostAndOutsideFiles_onlyRegularFilesArePublished() throws IOException {
        String secret = "host file " + UUID.randomUUID();
        Path hostFile = Files.writeString(outside.resolve("host-file.txt"), secret);

        BuildResult result = build(AttackProjects.linkingOutOfTheOutput(hostFile));

        assertSucceeded(result);
        Artifact artifact = result.artifact().orElseThrow();
        note("links", result.log().lines().filter(line -> line.startsWith(AttackProjects.REPORT)
                || line.startsWith("[previewkit] skipped")).toList().toString());
        assertThat(artifact.files()).as("the plugin ran").contains("index.html", "kept.txt")
                .doesNotContain("abs-link.txt", "rel-link.txt", "etc-dir", "zz-hard.html", "host-hard.txt")
                .noneMatch(file -> file.startsWith("etc-dir/"));
        for (String link : List.of("abs-link.txt", "rel-link.txt", "etc-dir", "zz-hard.html")) {
            assertThat(result.log()).as("the collector refused " + link)
                    .contains("[previewkit] skipped '" + link + "'");
        }
        assertThat(result.log()).as("a hard link to a host-side file cannot be made")
                .containsPattern(AttackProjects.REPORT + " links host-hard=E[A-Z]+");
        try (Stream<Path> published = Files.walk(artifact.root())) {
            assertThat(published.filter(path -> !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)).toList())
                    .as("links or special files in the artifact").isEmpty();
        }
        assertThat(allText(artifact)).as("the artifact").doesNotContain(secret);
        assertNothingLeft();
    }

    @Test
    void build_pluginWritesMoreThanTheWorkspaceHolds_failsWithEnospc() {
        BuildResult result = build(ContainerLimits.DEFAULTS.withWorkspaceBytes(64 * MIB), config -> { },
                AttackProjects.writingIntoTheOutput(200));

        assertThat(result.status()).as("%s%n%s", result.message(), result.log()).isEqualTo(BuildStatus.FAILED);
        assertThat(result.log()).containsPattern(AttackProjects.REPORT + " disk written=\\d+ error=ENOSPC");
        note("disk", result.message() + "; " + result.log().lines()
                .filter(line -> line.startsWith(AttackProjects.REPORT)).findFirst().orElse("no report"));
        String written = result.log().replaceAll("(?s).*" + AttackProjects.REPORT + " disk written=(\\d+).*", "$1");
        assertThat(Long.parseLong(written)).as("bytes written into a 64 MiB workspace").isPositive()
                .isLessThanOrEqualTo(64 * MIB);
        assertNothingLeft();
    }

    @Test
    void build_outputLargerThanTheArtifactLimit_failsNamingTheLimitAndStoresNothingLarge() throws IOException {
        long limit = 20 * MIB;

        BuildResult result = build(ContainerLimits.DEFAULTS, config -> config.outputLimits(new OutputLimits(
                OutputLimits.DEFAULT.maxArtifactFiles(), limit, OutputLimits.DEFAULT.maxLogChars())),
                AttackProjects.writingIntoTheOutput(40));

        assertThat(result.status()).as("%s%n%s", result.message(), result.log()).isEqualTo(BuildStatus.FAILED);
        assertThat(result.log()).as("the plugin wrote it all").contains(AttackProjects.REPORT
                + " disk written=" + 40 * MIB + " error=none");
        note("output limit", result.message());
        assertThat(result.message()).contains(limit + " bytes");
        assertThat(result.artifact()).isEmpty();
        assertNothingLeft();
        try (Stream<Path> stored = Files.walk(workDirectory)) {
            assertThat(stored.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))
                    .filter(path -> size(path) > MIB).toList())
                    .as("files over 1 MiB left in the work directory").isEmpty();
        }
    }

    @Test
    void build_configPrints100MiBWithoutNewline_lineIsCutAndA64MiBHeapSuffices() {
        String marker = UUID.randomUUID().toString();

        Processes.Finished child = Processes.run(Processes.java(List.of("-Xmx64m"), LogFloodMain.class,
                workDirectory.toString(), "100", marker), outside, GENEROUS.plusMinutes(1));

        String printed = child.text();
        Map<String, String> measured = printed.lines().filter(line -> line.matches("\\w+=.*"))
                .collect(Collectors.toMap(line -> line.split("=", 2)[0], line -> line.split("=", 2)[1],
                        (first, second) -> second));
        note("log flood", measured.toString());
        assertThat(child.exitCode()).as(printed).isZero();
        assertThat(measured).as(printed).containsEntry("status", "SUCCEEDED")
                .containsEntry("longestLineTruncated", "true").containsEntry("markerAfterFlood", "true")
                .containsKeys("maxHeapBytes", "longestLineChars");
        assertThat(Long.parseLong(measured.get("maxHeapBytes"))).as("the child's heap").isLessThanOrEqualTo(64 * MIB);
        assertThat(Integer.parseInt(measured.get("longestLineChars"))).as(printed)
                .isGreaterThan(LineSplitter.MAX_LINE).isLessThanOrEqualTo(8300);
        assertNothingLeft();
    }

    // ----------------------------------------------------------------------------------------- helpers

    /** Prints what an attack reported, for whoever reads the test output. */
    private static void note(String attack, String what) {
        System.out.println("DockerAttackTest " + attack + ": " + what);
    }

    private static String namespace() {
        return TestEngine.namespace(workDirectory);
    }

    private static PreviewBuilder.Config configure(ContainerLimits limits) {
        return PreviewBuilder.configure()
                .backend(TestEngine.backend(namespace()).limits(limits).build())
                .workDirectory(workDirectory)
                .installTimeout(PhaseTimeout.of(GENEROUS, GENEROUS))
                .buildTimeout(PhaseTimeout.of(GENEROUS, GENEROUS));
    }

    /** A builder on the shared work directory with a backend of {@code limits}; closed after the test. */
    private PreviewBuilder builder(ContainerLimits limits, Consumer<PreviewBuilder.Config> settings) {
        PreviewBuilder.Config config = configure(limits);
        settings.accept(config);
        PreviewBuilder builder = config.build();
        builders.add(builder);
        return builder;
    }

    private BuildResult build(dev.previewkit.ProjectFiles project) {
        return build(ContainerLimits.DEFAULTS, config -> { }, project);
    }

    private BuildResult build(ContainerLimits limits, Consumer<PreviewBuilder.Config> settings,
            dev.previewkit.ProjectFiles project) {
        return builder(limits, settings).build(project);
    }

    private static void assertSucceeded(BuildResult result) {
        assertThat(result.status()).as("%s: %s%n%s", result.status(), result.message(), result.log())
                .isEqualTo(BuildStatus.SUCCEEDED);
    }

    /**
     * Within a few seconds: no container of the namespace exists (running or not), no volume but dependency sets
     * and the npm cache is left, and no build folder is left in the work directory.
     */
    private static void assertNothingLeft() {
        DockerInventory inventory = new DockerInventory();
        try {
            Waits.until(CLEAN_UP, "no container of the namespace exists", () -> inventory.running(workDirectory).isEmpty());
        } catch (AssertionError e) {
            throw new AssertionError("Still there: " + inventory.running(workDirectory), e);
        }
        try {
            Waits.until(CLEAN_UP, "only dependency sets and the npm cache are left", () -> otherVolumes().isEmpty());
        } catch (AssertionError e) {
            throw new AssertionError("Volumes left: " + otherVolumes(), e);
        }
        Waits.untilNoBuildFolderIn(workDirectory, CLEAN_UP);
    }

    /** The namespace's volumes that are neither dependency sets nor the npm cache, with their roles. */
    private static List<String> otherVolumes() {
        try (Engine engine = Engine.connect(Optional.empty())) {
            return engine.volumes(Labels.filter(namespace())).stream()
                    .filter(volume -> {
                        String role = Objects.requireNonNullElse(volume.getLabels(), Map.<String, String>of())
                                .get(Labels.ROLE);
                        return !Labels.DEPENDENCIES.equals(role) && !Labels.NPM_CACHE.equals(role);
                    })
                    .map(volume -> volume.getName() + " " + volume.getLabels()).toList();
        }
    }

    /** How many processes of this machine have {@code marker} in their command line. */
    private static long hostProcessesWith(String marker) {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(process -> process.getFileName().toString().matches("[0-9]+"))
                    .filter(process -> {
                        try {
                            return new String(Files.readAllBytes(process.resolve("cmdline")),
                                    StandardCharsets.ISO_8859_1).contains(marker);
                        } catch (IOException e) {
                            return false;  // it ended meanwhile
                        }
                    })
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every published file, read as ISO-8859-1 so that any byte sequence is found. */
    private static String allText(Artifact artifact) throws IOException {
        StringBuilder all = new StringBuilder();
        for (String file : artifact.files()) {
            all.append(new String(Files.readAllBytes(artifact.root().resolve(file)), StandardCharsets.ISO_8859_1));
        }
        return all.toString();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The output lines of the builds it listens to. */
    private static final class Lines implements BuildListener {
        private final List<String> texts = new CopyOnWriteArrayList<>();

        @Override
        public void outputLine(String buildId, OutputLine line) {
            if (line.phase() == BuildPhase.BUILD) {
                texts.add(line.text());
            }
        }

        boolean contains(String text) {
            return texts.stream().anyMatch(line -> line.contains(text));
        }
    }
}
