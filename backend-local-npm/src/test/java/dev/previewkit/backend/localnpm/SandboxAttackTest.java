package dev.previewkit.backend.localnpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.BuildHandle;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.OutputLimits;
import dev.previewkit.PhaseTimeout;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.ProjectFiles;
import dev.previewkit.tck.AttackProjects;
import dev.previewkit.tck.CountingServer;
import dev.previewkit.tck.Fixtures;
import dev.previewkit.testing.Processes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile projects against the local backend in its bubblewrap sandbox: each attack is code in the project's
 * {@code vite.config.ts}, a plugin or its install, which runs inside the sandbox. Each test says what it tried and
 * proves it failed, that the build ended with a clean result and that nothing it started is left running. Where an
 * attack is refused without the sandbox too (install scripts, output links, output caps, the log flood), it is
 * tried both ways; what only the sandbox stops is documented in {@code docs/security.md}.
 *
 * <p>All tests share one work directory, so one installed set.
 */
class SandboxAttackTest {
    private static final Duration GENEROUS = Duration.ofMinutes(3);

    @TempDir
    static Path workDirectory;

    /** A folder of this test's own, outside the work directory: host files the builds must not reach. */
    @TempDir
    Path outside;

    private final List<PreviewBuilder> builders = new ArrayList<>();

    @BeforeAll
    static void installTheSharedSet() {
        try (PreviewBuilder builder = builder(SandboxMode.REQUIRED, config -> { }, backend -> { })) {
            BuildResult result = builder.build(Fixtures.withGreeting("shared set " + UUID.randomUUID()));
            assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.SUCCEEDED);
        }
    }

    @AfterEach
    void close() {
        builders.forEach(PreviewBuilder::close);
    }

    private static PreviewBuilder builder(SandboxMode mode, Consumer<PreviewBuilder.Config> settings,
            Consumer<LocalNpmBackend.Builder> backendSettings) {
        LocalNpmBackend.Builder backend = LocalNpmBackend.builder().sandbox(mode).warmWorkers(0);
        backendSettings.accept(backend);
        PreviewBuilder.Config config = PreviewBuilder.configure().backend(backend.build()).workDirectory(workDirectory);
        settings.accept(config);
        return config.build();
    }

    private BuildResult build(ProjectFiles project) {
        return build(SandboxMode.REQUIRED, project, config -> { }, backend -> { });
    }

    private BuildResult build(SandboxMode mode, ProjectFiles project, Consumer<PreviewBuilder.Config> settings,
            Consumer<LocalNpmBackend.Builder> backendSettings) {
        PreviewBuilder builder = builder(mode, settings, backendSettings);
        builders.add(builder);
        return builder.build(project);
    }

    private static String succeededReport(BuildResult result) throws IOException {
        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.SUCCEEDED);
        return AttackProjects.report(result.artifact().orElseThrow());
    }

    /** Processes whose command line holds {@code marker}; fails when /proc cannot be read. */
    private static List<Long> processesWith(String marker) throws IOException {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            throw new AssertionError("/proc is needed to look for processes left behind");
        }
        List<Long> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(proc)) {
            for (Path entry : entries.filter(path -> path.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String commandLine = new String(Files.readAllBytes(entry.resolve("cmdline")), StandardCharsets.UTF_8);
                    long pid = Long.parseLong(entry.getFileName().toString());
                    if (commandLine.contains(marker) && Processes.isRunning(pid)) {
                        found.add(pid);
                    }
                } catch (IOException e) {
                    // gone meanwhile
                }
            }
        }
        return found;
    }

    private static void assertNoneLeft(String marker) throws Exception {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<Long> left = processesWith(marker);
        while (!left.isEmpty() && System.nanoTime() < giveUp) {
            Thread.sleep(100);
            left = processesWith(marker);
        }
        assertThat(left).as("processes with '%s' left running", marker).isEmpty();
    }

    /** An address of this machine other than loopback, if it has one. */
    private static Optional<InetAddress> hostAddress() throws IOException {
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (network.isUp() && !network.isLoopback()) {
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return Optional.of(address);
                    }
                }
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------------------------------------- network

    @Test
    void build_configConnectsToServersOnTheHost_onlyItsOwnLoopbackExistsAndServersSeeNothing() throws Exception {
        InetAddress other = hostAddress().orElse(InetAddress.getLoopbackAddress());
        try (CountingServer loopback = new CountingServer(InetAddress.getLoopbackAddress());
                CountingServer host = new CountingServer(other)) {
            loopback.checkReachableFromHere();
            host.checkReachableFromHere();

            String report = succeededReport(build(AttackProjects.connectingTo(loopback.address(), host.address())));

            assertThat(AttackProjects.field(report, "loopback")).as(report).isEqualTo("ECONNREFUSED");
            assertThat(AttackProjects.field(report, "bridge")).as(report)
                    .isIn("ENETUNREACH", "EHOSTUNREACH", "ECONNREFUSED");
            assertThat(AttackProjects.field(report, "interfaces")).as("only its own loopback").isEqualTo("lo");
            assertThat(loopback.connections()).as("the test's own connection only").isEqualTo(1);
            assertThat(host.connections()).as("the test's own connection only").isEqualTo(1);
        }
    }

    @Test
    void build_configListensOnAPort_theHostCannotReachIt() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        PreviewBuilder builder = builder(SandboxMode.REQUIRED, config -> { }, backend -> { });
        builders.add(builder);
        BuildHandle handle = builder.start(AttackProjects.listeningOn(port, 6000));
        List<String> attempts = new ArrayList<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!handle.result().isDone() && System.nanoTime() < until) {
            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                attempts.add("CONNECTED");
            } catch (IOException e) {
                attempts.add("refused");
            }
            Thread.sleep(200);
        }

        String report = succeededReport(handle.result().get(3, TimeUnit.MINUTES));
        assertThat(AttackProjects.field(report, "listen")).as("it listens, in its own network").isEqualTo("LISTENING");
        assertThat(AttackProjects.field(report, "accepted")).isEqualTo("0");
        assertThat(attempts).isNotEmpty().doesNotContain("CONNECTED");
    }

    // ------------------------------------------------------------------------------------- files and secrets

    @Test
    void build_configReadsEnvironmentsAndHostFiles_jvmSecretAndHostFilesAreNowhere() throws Exception {
        Path secret = Files.writeString(outside.resolve("secret.txt"), "host secret");
        Path home = Path.of(System.getProperty("user.home"));

        String environments = succeededReport(build(AttackProjects.readingEnvironments()));
        String files = succeededReport(build(AttackProjects.readingHostFiles(List.of(secret, home.resolve(".npmrc"),
                Path.of("/etc/shadow"), Path.of("/etc/passwd"), workDirectory.resolve("dependencies")))));

        String seen = new String(HexFormat.of().parseHex(AttackProjects.field(environments, "seen")),
                StandardCharsets.UTF_8);
        assertThat(seen).as("what the build could read of environments")
                .doesNotContain("jvm-only-secret-value").doesNotContain("PREVIEWKIT_TEST_SECRET");
        assertThat(AttackProjects.field(files, "files")).as(files)
                .isEqualTo("ENOENT,ENOENT,ENOENT,ENOENT,EISDIR");
    }

    @Test
    void build_configWritesOutsideTheWorkspace_runsAsUser10001AndNothingReachesTheHost() throws Exception {
        String name = "previewkit-attack-" + UUID.randomUUID();

        String report = succeededReport(build(AttackProjects.writingOutsideTheWorkspace(name)));

        assertThat(AttackProjects.field(report, "uid")).isEqualTo("10001");
        assertThat(AttackProjects.field(report, "capeff")).isEqualTo("0000000000000000");
        assertThat(AttackProjects.field(report, "usr-bin")).isEqualTo("EROFS");
        assertThat(AttackProjects.field(report, "workspace")).as("the control: its own workspace").isEqualTo("WROTE");
        for (Path host : List.of(Path.of("/usr/bin", name), Path.of("/etc", name), Path.of("/", name))) {
            assertThat(host).as("nothing written on the host").doesNotExist();
        }
    }

    // ----------------------------------------------------------------------------------------------- installs

    @Test
    void install_scriptsAndAnNpmrcAskingForThem_noScriptRunsInEitherMode() throws Exception {
        for (SandboxMode mode : List.of(SandboxMode.REQUIRED, SandboxMode.OFF)) {
            Path markers = Files.createDirectories(outside.resolve("markers-" + mode));

            String report = succeededReport(build(mode, AttackProjects.withInstallScripts(markers), config -> { },
                    backend -> { }));

            assertThat(AttackProjects.field(report, "scripts")).as(mode + ": " + report).isEqualTo("none");
            assertThat(AttackProjects.field(report, "esbuild-bin")).as("esbuild's postinstall did not run")
                    .isEqualTo("js");
            try (Stream<Path> written = Files.list(markers)) {
                assertThat(written).as(mode + ": markers on the host").isEmpty();
            }
        }
    }

    @Test
    void install_npmrcYarnrcAndBunfigPointingAtAnotherRegistry_itIsNeverAsked() throws Exception {
        try (CountingServer registry = new CountingServer(InetAddress.getLoopbackAddress())) {
            registry.checkReachableFromHere();
            String url = "http://127.0.0.1:" + registry.address().getPort() + "/";
            ProjectFiles project = Fixtures.reactAppWith(Map.of(
                    "package.json", Fixtures.packageJsonOfOwnSet(""),
                    ".npmrc", "registry=" + url + "\nignore-scripts=false\n//127.0.0.1/:_authToken=stolen\n",
                    ".yarnrc.yml", "npmRegistryServer: \"" + url + "\"\nenableScripts: true\n",
                    "bunfig.toml", "[install]\nregistry = \"" + url + "\"\n"));

            BuildResult result = build(project);

            assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.SUCCEEDED);
            assertThat(registry.connections()).as("the test's own connection only").isEqualTo(1);
        }
    }

    // -------------------------------------------------------------------------------------------- processes

    @Test
    void build_configForksADaemonAndTheBuildIsCancelled_nothingOfItSurvivesInEitherMode() throws Exception {
        for (SandboxMode mode : List.of(SandboxMode.REQUIRED, SandboxMode.OFF)) {
            String marker = "previewkit-daemon-" + UUID.randomUUID();
            ProjectFiles project = Fixtures.reactAppWith(Map.of("vite.config.ts", """
                    import { spawn } from 'node:child_process';
                    // A daemon that leaves its parent: setsid, a new session, stdio closed, re-parented to init.
                    spawn('/bin/sh', ['-c', '(setsid sh -c "sleep 300; :" %s &) ; sleep 300'], { detached: true,
                        stdio: 'ignore' }).unref();
                    console.log('daemon started');
                    setInterval(() => {}, 1000);  // keeps Vite's process alive until the build is cancelled
                    await new Promise(() => {});
                    export default {};
                    """.formatted(marker)));
            PreviewBuilder builder = builder(mode, config -> config.buildTimeout(PhaseTimeout.of(Duration.ofSeconds(30),
                    Duration.ofMinutes(1))), backend -> { });
            builders.add(builder);

            BuildHandle handle = builder.start(project);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (processesWith(marker).isEmpty() && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertThat(processesWith(marker)).as(mode + ": the daemon runs").isNotEmpty();
            handle.cancel();

            assertThat(handle.result().get(1, TimeUnit.MINUTES).status()).isEqualTo(BuildStatus.CANCELLED);
            assertNoneLeft(marker);
        }
    }

    @Test
    void build_configSpawnsWithoutEnd_processLimitCapsItAndNothingSurvives() throws Exception {
        String marker = "previewkit-bomb-" + UUID.randomUUID();

        BuildResult result = build(SandboxMode.REQUIRED, AttackProjects.spawningWithoutEnd(marker), config -> { },
                backend -> backend.sandboxLimits(64, 2L << 30, 1L << 30));

        String report = succeededReport(result);
        assertThat(Integer.parseInt(AttackProjects.field(report, "spawned"))).as(report).isLessThan(64);
        assertThat(Integer.parseInt(AttackProjects.field(report, "failed"))).as(report).isPositive();
        assertNoneLeft(marker);
    }

    @Test
    void build_configAllocatesWithoutEnd_memoryLimitEndsItAsAFailure() throws Exception {
        BuildResult result = build(SandboxMode.REQUIRED, AttackProjects.allocatingWithoutEnd(), config -> config
                .buildTimeout(PhaseTimeout.of(Duration.ofMinutes(1), Duration.ofMinutes(2))),
                backend -> backend.sandboxLimits(512, 256L << 20, 1L << 30));

        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.FAILED);
        assertThat(result.message()).contains("ran out of memory").contains("256 MiB");
        assertThat(result.log()).contains("allocated").doesNotContain("allocated 512 MiB");
    }

    @Test
    void build_pluginWritesAFileOverTheSizeLimit_theWriteFails() {
        BuildResult result = build(SandboxMode.REQUIRED, AttackProjects.writingIntoTheOutput(96), config -> { },
                backend -> backend.sandboxLimits(512, 2L << 30, 64L << 20));

        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.FAILED);
        assertThat(result.log()).doesNotContain("error=none");
    }

    // ------------------------------------------------------------------------------------------------ output

    @Test
    void build_pluginLinksOutputOutOfTheOutput_noLinkIsPublishedInEitherMode() throws Exception {
        Path hostFile = Files.writeString(outside.resolve("host.txt"), "host file");
        for (SandboxMode mode : List.of(SandboxMode.REQUIRED, SandboxMode.OFF)) {
            BuildResult result = build(mode, AttackProjects.linkingOutOfTheOutput(hostFile), config -> { },
                    backend -> { });

            // The plugin hard-links index.html itself, so on a local file system neither copy is a plain file:
            // both are refused, and with them the whole output.
            assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.FAILED);
            assertThat(result.message()).contains("no index.html");
            for (String link : List.of("abs-link.txt", "rel-link.txt", "etc-dir", "zz-hard.html", "index.html")) {
                assertThat(result.log()).as(mode + ": " + link).contains("skipped '" + link + "'");
            }
            assertThat(result.log()).doesNotContain("skipped 'kept.txt'");
        }
        assertThat(hostFile).hasContent("host file");
    }

    @Test
    void build_outputOfManyTinyFilesOrTooManyBytes_failsNamingTheLimitInEitherMode() {
        ProjectFiles tiny = Fixtures.reactAppWith(Map.of("vite.config.ts", """
                import { mkdirSync, writeFileSync } from 'node:fs';
                import { join, resolve } from 'node:path';
                let outDir;
                export default { plugins: [{ name: 'tiny-files',
                  configResolved(config) { outDir = resolve(config.root, config.build.outDir); },
                  closeBundle() {
                    for (let d = 0; d < 100; d++) {
                      mkdirSync(join(outDir, 'many', String(d)), { recursive: true });
                      for (let f = 0; f < 1000; f++) writeFileSync(join(outDir, 'many', String(d), f + '.txt'), 'x');
                    }
                  } }] };
                """));
        for (SandboxMode mode : List.of(SandboxMode.REQUIRED, SandboxMode.OFF)) {
            BuildResult many = build(mode, tiny, config -> { }, backend -> { });
            BuildResult huge = build(mode, AttackProjects.writingIntoTheOutput(40), config -> config
                    .outputLimits(new OutputLimits(10_000, 20L << 20, 64 * 1024)), backend -> { });

            assertThat(many.status()).as(many.log()).isEqualTo(BuildStatus.FAILED);
            assertThat(many.message()).contains("10000 files");
            assertThat(huge.status()).as(huge.log()).isEqualTo(BuildStatus.FAILED);
            assertThat(huge.message()).contains(String.valueOf(20L << 20));
        }
    }

    @Test
    void build_configFloodsItsOutput_theLogStaysBoundedInEitherMode() {
        for (SandboxMode mode : List.of(SandboxMode.REQUIRED, SandboxMode.OFF)) {
            String marker = UUID.randomUUID().toString();

            BuildResult result = build(mode, AttackProjects.flooding(64, marker), config -> { }, backend -> { });

            assertThat(result.status()).as(mode.toString()).isEqualTo(BuildStatus.SUCCEEDED);
            assertThat(result.log()).contains("flood done " + marker).contains("[line truncated]");
            assertThat(result.log().length()).isLessThanOrEqualTo(OutputLimits.DEFAULT.maxLogChars() + 1024);
        }
    }
}
