package dev.previewkit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.previewkit.Artifact;
import dev.previewkit.BackendUnavailableException;
import dev.previewkit.BuildHandle;
import dev.previewkit.BuildListener;
import dev.previewkit.BuildPhase;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.CacheDecision;
import dev.previewkit.CacheDecision.Kind;
import dev.previewkit.CacheDecision.Outcome;
import dev.previewkit.CacheLimits;
import dev.previewkit.Diagnostic;
import dev.previewkit.OutputLimits;
import dev.previewkit.OutputLine;
import dev.previewkit.PhaseTimeout;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.ProjectFiles;
import dev.previewkit.spi.Availability;
import dev.previewkit.spi.BackendCapabilities;
import dev.previewkit.spi.BuildBackend;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.BuildOutput;
import dev.previewkit.spi.BuildRequest;
import dev.previewkit.spi.DependencyRequest;
import dev.previewkit.spi.DependencySet;
import dev.previewkit.spi.InstalledDependencies;
import dev.previewkit.spi.SetReference;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend compatibility kit: what every {@link BuildBackend} must do, proven through the public API
 * ({@link PreviewBuilder}) with real projects. A backend module runs it by extending this class in its tests:
 *
 * <pre>{@code
 * class MyBackendCompatibilityTest extends BackendCompatibilityKit {
 *     protected BuildBackend createBackend() { return MyBackend.create(); }
 *     protected BackendInventory inventory() { return new MyBackendInventory(); }
 * }
 * }</pre>
 *
 * <p><b>What the kit builds.</b> The small React + TypeScript + Vite app of {@link Fixtures} (react, react-dom,
 * clsx, vite, pinned), installed from the real npm registry, and variants of it: a syntax error and a type error
 * in {@link Fixtures#BROKEN_FILE}, a package that does not exist ({@link Fixtures#MISSING_PACKAGE}), a
 * {@code vite.config.ts} that stalls forever (with a child process that must die with it), an install that stalls
 * on a tarball from a loopback server that never answers, lifecycle scripts, a config that reads a host secret,
 * and a Vite plugin that leaves a symbolic link in the output. Tests that only add to the stores share one work
 * directory per test class, so the app's dependency set is installed once; each test makes its project unique
 * (its greeting text, or a dependency set of its own through {@link Fixtures#packageJsonOfOwnSet}) so that
 * caches never hide the backend. Against the local backend the whole kit takes about a minute and a half.
 *
 * <p><b>Backends that do not run Vite.</b> A backend that only simulates builds (an in-memory test double)
 * returns {@code false} from {@link #runsVite()}: the checks that need the real toolchain (hashed script names,
 * Chromium rendering, the secret, scripts and symlink fixtures, which only mean something when Node runs the
 * project's config) are then skipped, and it overrides the {@code project...} hooks to give projects its own
 * build understands: one failing with an error in {@link Fixtures#BROKEN_FILE}, one that stalls (printing
 * {@link Fixtures#STALLED} once it does), and so on. Type checking follows
 * {@link BackendCapabilities#typeCheck()}: a backend that cannot type-check must refuse {@code typeCheck(true)}.
 *
 * <p><b>What the kit never does</b> is look at host processes or the backend's internals: it asks the
 * {@link BackendInventory} from {@link #inventory()} what is still running and which dependency sets are held.
 *
 * <p>Requirements on the test run: the npm registry is reachable (or whatever the backend installs from); the
 * environment variable {@value #SECRET_VARIABLE} is set to a non-blank value in the test JVM (Previewkit's root
 * POM sets it for surefire), and must never reach a build; for backends that run Vite, Debian's {@code chromium}
 * is installed. Tests run one at a time.
 */
public abstract class BackendCompatibilityKit {
    /** The JVM-side secret that must never reach a build; set by the test runner's configuration. */
    protected static final String SECRET_VARIABLE = "PREVIEWKIT_TEST_SECRET";
    private static final Duration GENEROUS = Duration.ofMinutes(5);
    /** How long the kit waits for a stalled project to stall, and for leftovers to go. */
    private static final Duration REACH = Duration.ofSeconds(90);
    private static final Duration CLEAN_UP = Duration.ofSeconds(5);

    /** One work directory per test class, for the tests that only add to the stores. */
    @TempDir
    static Path sharedWorkDirectory;

    /** A folder of this test's own, outside every work directory (host files, Chromium profiles). */
    @TempDir
    Path outside;

    private final List<PreviewBuilder> builders = new CopyOnWriteArrayList<>();

    /** A new backend; the kit calls it once per {@link PreviewBuilder} and closes it with the builder. */
    protected abstract BuildBackend createBackend();

    /**
     * A new backend for a builder on {@code workDirectory}; by default {@link #createBackend()}. A backend whose
     * sets live outside the work directory (volumes on an engine, remote snapshots) overrides it to give each
     * work directory a store of its own, such as a namespace derived from the folder, so that one builder's
     * start-up reconciliation never discards another's sets.
     */
    protected BuildBackend createBackend(Path workDirectory) {
        return createBackend();
    }

    /** The hook that tells the kit what the backend still runs and holds. */
    protected abstract BackendInventory inventory();

    /**
     * Whether the backend really runs the project's npm install and Vite build with Node, so that the project's
     * {@code vite.config.ts} and plugins run and the output is Vite's; {@code true} by default. Return
     * {@code false} for a backend that only simulates builds: the checks that need the real toolchain are then
     * skipped.
     */
    protected boolean runsVite() {
        return true;
    }

    /** A project whose build fails with an error located in {@link Fixtures#BROKEN_FILE}. */
    protected ProjectFiles projectWithSyntaxError() {
        return Fixtures.withSyntaxError();
    }

    /** A project that builds, but whose type check fails with TS2322 in {@link Fixtures#BROKEN_FILE}. */
    protected ProjectFiles projectWithTypeError() {
        return Fixtures.withTypeError();
    }

    /** A project whose install fails because {@link Fixtures#MISSING_PACKAGE} does not exist. */
    protected ProjectFiles projectWithMissingPackage() {
        return Fixtures.withMissingPackage();
    }

    /**
     * A project whose install never ends. The default depends on {@code neverAnswering}, a tarball URL on a
     * server at {@link #stallingServerAddress()} that accepts connections and never answers, and the kit knows
     * the install stalled when the server was asked. A backend whose installs cannot reach this machine at all (a
     * remote sandbox) or that runs no package manager overrides this with a project that stalls its install and
     * prints a line containing {@link Fixtures#STALLED} once it does.
     */
    protected ProjectFiles projectStalledInInstall(URI neverAnswering) {
        return Fixtures.withTarballDependency(neverAnswering);
    }

    /**
     * The address of this machine where the kit listens with the never-answering server of
     * {@link #projectStalledInInstall}: loopback by default. A backend whose installs run in a container on an
     * engine of this machine returns the address its install network reaches this machine at (the bridge's
     * gateway), which is still this machine.
     */
    protected InetAddress stallingServerAddress() {
        return InetAddress.getLoopbackAddress();
    }

    /**
     * A project whose build never ends, printing a line containing {@link Fixtures#STALLED} once it stalls, then
     * printing forever ({@code printing}) or staying silent. Each call must return a different project. The
     * default is {@link Fixtures#withStalledConfig(boolean)}, whose config also starts a child process.
     */
    protected ProjectFiles projectStalledInBuild(boolean printing) {
        return Fixtures.withStalledConfig(printing);
    }

    // ------------------------------------------------------------------------------------------------ success

    @Test
    void build_reactApp_succeedsWithPublishedFilesAndHeldSet() throws IOException {
        String text = unique(Fixtures.NESTED_TEXT);
        Recorder events = new Recorder();

        BuildResult result = builder(sharedWorkDirectory, config -> config.listener(events))
                .build(Fixtures.withGreeting(text));

        assertSucceeded(result);
        Artifact artifact = result.artifact().orElseThrow();
        assertThat(artifact.root()).startsWith(sharedWorkDirectory);
        assertThat(artifact.files()).contains("index.html");
        assertThat(artifact.indexFile()).isRegularFile();
        assertThat(result.phaseDurations()).containsKeys(BuildPhase.INSTALL, BuildPhase.BUILD, BuildPhase.PUBLISH);
        assertThat(result.packageManager()).isPresent();
        assertThat(events.phases).containsExactly(
                "start WORKSPACE", "end WORKSPACE true", "start INSTALL", "end INSTALL true",
                "start BUILD", "end BUILD true", "start PUBLISH", "end PUBLISH true");
        assertThat(events.finished).containsExactly(result);
        assertThat(heldKeys(sharedWorkDirectory)).as("the inventory lists the build's dependency set")
                .contains(dependencyKey(result));
        assertNothingLeft(sharedWorkDirectory);
        if (runsVite()) {
            List<String> scripts = artifact.files().stream()
                    .filter(file -> file.matches("assets/index-[A-Za-z0-9_-]{8}\\.js"))
                    .toList();
            assertThat(scripts).hasSize(1);
            assertThat(Files.readString(artifact.root().resolve(scripts.get(0)))).contains(text);
            assertThat(Files.readString(artifact.indexFile())).contains(scripts.get(0));
            assertThat(events.texts(BuildPhase.BUILD)).anyMatch(line -> line.contains("built in"));
        }
    }

    @Test
    void build_reactApp_rendersInChromiumAtRootAndThroughDeepLink() throws Exception {
        assumeTrue(runsVite(), "only a real Vite build renders");
        String text = unique(Fixtures.NESTED_TEXT);
        BuildResult result = assertSucceeded(builder(sharedWorkDirectory).build(Fixtures.withGreeting(text)));
        Path root = result.artifact().orElseThrow().root();

        String home = PreviewBrowser.render(root, "/", outside.resolve("chromium-home"));
        String deep = PreviewBrowser.render(root, "/deep/link", outside.resolve("chromium-deep"));

        assertThat(home).contains("<h1>Fixture app</h1>").contains(text);
        assertThat(deep).as("the SPA fallback serves index.html").contains(text);
    }

    @Test
    void build_basePath_servesAssetsUnderTheBasePath() throws IOException {
        String basePath = "/preview/kit-" + UUID.randomUUID().toString().substring(0, 8) + "/";

        BuildResult result = builder(sharedWorkDirectory, config -> config.basePath(basePath))
                .build(Fixtures.withGreeting(unique("base path")));

        assertSucceeded(result);
        String index = Files.readString(result.artifact().orElseThrow().indexFile());
        assertThat(index).contains(basePath);
        if (runsVite()) {
            assertThat(index).containsPattern("src=\"" + basePath + "assets/index-[A-Za-z0-9_-]{8}\\.js\"");
        }
    }

    // -------------------------------------------------------------------------------------------- failures

    @Test
    void build_syntaxError_failsWithDiagnosticNamingTheProjectRelativeFile() {
        BuildResult result = builder(sharedWorkDirectory).build(projectWithSyntaxError());

        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.FAILED);
        assertThat(result.artifact()).isEmpty();
        assertThat(result.message()).isNotBlank();
        assertThat(result.phaseDurations()).containsKey(BuildPhase.BUILD);
        assertThat(result.diagnostics()).as(result.log())
                .anySatisfy(diagnostic -> {
                    assertThat(diagnostic.severity()).isEqualTo(Diagnostic.Severity.ERROR);
                    assertThat(diagnostic.phase()).isEqualTo(BuildPhase.BUILD);
                    assertThat(diagnostic.file()).contains(Fixtures.BROKEN_FILE);
                    assertThat(diagnostic.line()).isPresent();
                })
                .allSatisfy(diagnostic -> assertThat(diagnostic.file().orElse(""))
                        .doesNotStartWith("/").doesNotContain(sharedWorkDirectory.toString()));
        assertThat(result.diagnosticSummary()).contains(Fixtures.BROKEN_FILE);
        assertNothingLeft(sharedWorkDirectory);
    }

    @Test
    void typeCheck_typeError_failsWithTs2322WhenCapableAndIsRefusedOtherwise() {
        if (!createBackendClosed().typeCheck()) {
            assertThatThrownBy(() -> builder(sharedWorkDirectory, config -> config.typeCheck(true)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("typeCheck");
            return;
        }

        BuildResult result = builder(sharedWorkDirectory, config -> config.typeCheck(true))
                .build(projectWithTypeError());

        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.FAILED);
        assertThat(result.phaseDurations()).containsKey(BuildPhase.TYPECHECK).doesNotContainKey(BuildPhase.BUILD);
        assertThat(result.diagnostics()).as(result.log()).anySatisfy(diagnostic -> {
            assertThat(diagnostic.phase()).isEqualTo(BuildPhase.TYPECHECK);
            assertThat(diagnostic.file()).contains(Fixtures.BROKEN_FILE);
            assertThat(diagnostic.code()).hasValueSatisfying(code -> assertThat(code).contains("TS2322"));
        });
        assertNothingLeft(sharedWorkDirectory);
    }

    @Test
    void install_missingPackage_failsInInstallNamingThePackageAndHoldsNoSet() {
        List<String> held = heldKeys(sharedWorkDirectory);

        BuildResult result = builder(sharedWorkDirectory).build(projectWithMissingPackage());

        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.FAILED);
        assertThat(result.retryable()).isFalse();
        assertThat(result.phaseDurations()).containsKey(BuildPhase.INSTALL).doesNotContainKey(BuildPhase.BUILD);
        assertThat(result.log()).contains(Fixtures.MISSING_PACKAGE);
        assertThat(result.diagnostics()).anySatisfy(diagnostic -> {
            assertThat(diagnostic.phase()).isEqualTo(BuildPhase.INSTALL);
            assertThat(diagnostic.severity()).isEqualTo(Diagnostic.Severity.ERROR);
        });
        assertThat(heldKeys(sharedWorkDirectory)).as("no new set").isSubsetOf(held);
        assertNothingLeft(sharedWorkDirectory);
    }

    // ------------------------------------------------------------------------------------ timeouts and cancel

    @Test
    void install_pastDeadline_timesOutAndLeavesNothingRunning() throws Exception {
        Duration deadline = Duration.ofSeconds(4);
        List<String> held = heldKeys(sharedWorkDirectory);
        try (SilentServer server = new SilentServer(stallingServerAddress())) {
            Recorder events = new Recorder();
            PreviewBuilder builder = builder(sharedWorkDirectory, config -> config.listener(events)
                    .allowUnsafeDependencies(true).installTimeout(PhaseTimeout.of(GENEROUS, deadline)));

            BuildHandle handle = builder.start(projectStalledInInstall(server.tarball("stalled-" + UUID.randomUUID())));
            awaitStalled(events, BuildPhase.INSTALL, () -> server.connections() > 0);
            assertThat(inventory().running(sharedWorkDirectory)).as("what runs while the install stalls")
                    .isNotEmpty();
            BuildResult result = handle.result().get(GENEROUS.toSeconds(), TimeUnit.SECONDS);

            assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.TIMED_OUT);
            assertThat(result.message()).contains("deadline");
            assertThat(result.phaseDurations().get(BuildPhase.INSTALL))
                    .isGreaterThanOrEqualTo(deadline).isLessThan(deadline.plusSeconds(10));
            assertThat(result.phaseDurations()).doesNotContainKey(BuildPhase.BUILD);
            assertThat(heldKeys(sharedWorkDirectory)).as("no new set").isSubsetOf(held);
            assertNothingLeft(sharedWorkDirectory);
        }
    }

    @Test
    void build_pastDeadline_timesOutAndLeavesNothingRunning() throws Exception {
        Duration deadline = Duration.ofSeconds(4);
        Recorder events = new Recorder();
        PreviewBuilder builder = builder(sharedWorkDirectory, config -> config.listener(events)
                .buildTimeout(PhaseTimeout.of(GENEROUS, deadline)));

        BuildHandle handle = builder.start(projectStalledInBuild(true));
        awaitStalled(events, BuildPhase.BUILD, () -> false);
        assertThat(inventory().running(sharedWorkDirectory)).as("what runs while the build stalls").isNotEmpty();
        BuildResult result = handle.result().get(GENEROUS.toSeconds(), TimeUnit.SECONDS);

        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.TIMED_OUT);
        assertThat(result.message()).contains("deadline");
        assertThat(result.phaseDurations().get(BuildPhase.BUILD))
                .isGreaterThanOrEqualTo(deadline).isLessThan(deadline.plusSeconds(10));
        assertNothingLeft(sharedWorkDirectory);
    }

    @Test
    void build_silentPastIdleTimeout_timesOutAndLeavesNothingRunning() throws Exception {
        Recorder events = new Recorder();
        PreviewBuilder builder = builder(sharedWorkDirectory, config -> config.listener(events)
                .buildTimeout(PhaseTimeout.of(Duration.ofSeconds(3), GENEROUS)));

        BuildHandle handle = builder.start(projectStalledInBuild(false));
        awaitStalled(events, BuildPhase.BUILD, () -> false);
        assertThat(inventory().running(sharedWorkDirectory)).as("what runs while the build stalls").isNotEmpty();
        BuildResult result = handle.result().get(GENEROUS.toSeconds(), TimeUnit.SECONDS);

        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.TIMED_OUT);
        assertThat(result.message()).contains("printed nothing");
        assertNothingLeft(sharedWorkDirectory);
    }

    @Test
    void cancel_duringInstall_endsCancelledAndLeavesNothingRunning() throws Exception {
        List<String> held = heldKeys(sharedWorkDirectory);
        try (SilentServer server = new SilentServer(stallingServerAddress())) {
            Recorder events = new Recorder();
            PreviewBuilder builder = builder(sharedWorkDirectory, config -> config.listener(events)
                    .allowUnsafeDependencies(true));
            BuildHandle handle = builder.start(projectStalledInInstall(server.tarball("cancelled-" + UUID.randomUUID())));
            awaitStalled(events, BuildPhase.INSTALL, () -> server.connections() > 0);
            assertThat(inventory().running(sharedWorkDirectory)).as("what runs while the install stalls")
                    .isNotEmpty();

            long cancelled = System.nanoTime();
            handle.cancel();
            BuildResult result = handle.result().get(30, TimeUnit.SECONDS);

            assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.CANCELLED);
            assertThat(Duration.ofNanos(System.nanoTime() - cancelled)).isLessThan(Duration.ofSeconds(10));
            assertThat(result.phaseDurations()).containsKey(BuildPhase.INSTALL).doesNotContainKey(BuildPhase.BUILD);
            assertThat(heldKeys(sharedWorkDirectory)).as("no new set").isSubsetOf(held);
            assertNothingLeft(sharedWorkDirectory);
        }
    }

    @Test
    void cancel_duringBuild_endsCancelledAndLeavesNothingRunning() throws Exception {
        Recorder events = new Recorder();
        PreviewBuilder builder = builder(sharedWorkDirectory, config -> config.listener(events));
        BuildHandle handle = builder.start(projectStalledInBuild(true));
        awaitStalled(events, BuildPhase.BUILD, () -> false);
        assertThat(inventory().running(sharedWorkDirectory)).as("what runs while the build stalls").isNotEmpty();

        long cancelled = System.nanoTime();
        handle.cancel();
        BuildResult result = handle.result().get(30, TimeUnit.SECONDS);

        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.CANCELLED);
        assertThat(Duration.ofNanos(System.nanoTime() - cancelled)).isLessThan(Duration.ofSeconds(10));
        assertThat(result.phaseDurations()).containsKey(BuildPhase.BUILD);
        assertNothingLeft(sharedWorkDirectory);
    }

    @Test
    void cancel_whileQueued_endsCancelledWithoutInstalling() throws Exception {
        Recorder events = new Recorder();
        PreviewBuilder builder = builder(sharedWorkDirectory, config -> config.listener(events));
        int slots = concurrentBuilds();
        List<BuildHandle> running = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            running.add(builder.start(projectStalledInBuild(true)));
        }
        Waits.until(REACH, slots + " builds stalled", () -> events.stalledBuilds() >= slots);

        BuildHandle queued = builder.start(Fixtures.withGreeting(unique("queued")));
        queued.cancel();
        BuildResult result = queued.result().get(30, TimeUnit.SECONDS);

        assertThat(result.status()).isEqualTo(BuildStatus.CANCELLED);
        assertThat(result.phaseDurations()).doesNotContainKey(BuildPhase.INSTALL);
        for (BuildHandle handle : running) {
            handle.cancel();
            assertThat(handle.result().get(30, TimeUnit.SECONDS).status()).isEqualTo(BuildStatus.CANCELLED);
        }
        assertNothingLeft(sharedWorkDirectory);
    }

    // ---------------------------------------------------------------------------------------- output checks

    @Test
    void build_moreFilesThanTheOutputLimit_failsNamingTheLimit() {
        BuildResult result = builder(sharedWorkDirectory, config -> config.outputLimits(new OutputLimits(1,
                OutputLimits.DEFAULT.maxArtifactBytes(), OutputLimits.DEFAULT.maxLogChars())))
                .build(Fixtures.withGreeting(unique("file cap")));

        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.FAILED);
        assertThat(result.artifact()).isEmpty();
        assertThat(result.message()).contains("limit of 1 files");
        assertNothingLeft(sharedWorkDirectory);
    }

    @Test
    void build_largerThanTheOutputLimit_failsNamingTheLimit() {
        BuildResult result = builder(sharedWorkDirectory, config -> config.outputLimits(new OutputLimits(
                OutputLimits.DEFAULT.maxArtifactFiles(), 100, OutputLimits.DEFAULT.maxLogChars())))
                .build(Fixtures.withGreeting(unique("size cap")));

        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.FAILED);
        assertThat(result.artifact()).isEmpty();
        assertThat(result.message()).contains("100 bytes");
        assertNothingLeft(sharedWorkDirectory);
    }

    @Test
    void build_pluginLeavesSymlinkToHostFileInOutput_linkIsNotPublished() throws IOException {
        assumeTrue(runsVite(), "only a real Vite build runs the project's plugins");
        String secret = "host file " + UUID.randomUUID();
        Path hostFile = Files.writeString(outside.resolve("host-file.txt"), secret);
        ProjectFiles project = Fixtures.reactAppWith(Map.of(
                "vite.config.ts", """
                        import { symlinkSync, writeFileSync } from 'node:fs';
                        import { join, resolve } from 'node:path';

                        let outDir;
                        export default {
                          plugins: [{
                            name: 'leaves-a-link',
                            configResolved(config) { outDir = resolve(config.root, config.build.outDir); },
                            closeBundle() {
                              symlinkSync(%s, join(outDir, 'leak.txt'));
                              writeFileSync(join(outDir, 'kept.txt'), 'kept');
                            },
                          }],
                        };
                        """.formatted(Fixtures.jsString(hostFile.toString())),
                "src/components/Greeting.tsx", "export function Greeting() { return <p>" + unique("link")
                        + "</p>; }\n"));

        BuildResult result = builder(sharedWorkDirectory).build(project);

        assertSucceeded(result);
        Artifact artifact = result.artifact().orElseThrow();
        assertThat(artifact.files()).as("the plugin ran").contains("kept.txt", "index.html")
                .doesNotContain("leak.txt");
        assertThat(artifact.root().resolve("leak.txt")).doesNotExist();
        assertThat(allText(artifact).contains(secret)).as("the host file's text is in the artifact").isFalse();
    }

    // ------------------------------------------------------------------------------------------- isolation

    @Test
    void build_secretInHostEnvironment_isNotVisibleToTheBuild() throws IOException {
        assumeTrue(runsVite(), "only a real Vite build runs the project's config");
        String secret = System.getenv(SECRET_VARIABLE);
        assertThat(secret).as("the test JVM's environment must set " + SECRET_VARIABLE
                + " (surefire <environmentVariables>)").isNotBlank();
        ProjectFiles project = Fixtures.reactAppWith(Map.of(
                "vite.config.ts", """
                        export default {
                          define: { __SEEN__: JSON.stringify('seen:' + (process.env.%s ?? 'absent')) },
                        };
                        """.formatted(SECRET_VARIABLE),
                "src/components/Greeting.tsx", """
                        declare const __SEEN__: string;
                        export function Greeting() {
                          return <p>{__SEEN__} %s</p>;
                        }
                        """.formatted(unique("secret"))));

        BuildResult result = builder(sharedWorkDirectory).build(project);

        assertSucceeded(result);
        Artifact artifact = result.artifact().orElseThrow();
        assertThat(token(Fixtures.builtJavaScript(artifact), "seen:[^\"'`]*")).as("what the config saw")
                .isEqualTo("seen:absent");
        assertThat(allText(artifact).contains(secret)).as("the secret's value is in the artifact").isFalse();
        assertThat(result.log().contains(secret)).as("the secret's value is in the log").isFalse();
    }

    @Test
    void install_projectLifecycleScripts_areNotRun() throws IOException {
        assumeTrue(runsVite(), "only a backend that runs a package manager could run scripts");
        Path hostMarkers = Files.createDirectory(outside.resolve("script-markers"));
        StringBuilder scripts = new StringBuilder("\"scripts\": {");
        List<String> names = List.of("preinstall", "install", "postinstall", "prepare");
        for (String name : names) {
            String js = "const fs=require('fs');fs.mkdirSync('node_modules/.previewkit-tck',{recursive:true});"
                    + "fs.writeFileSync('node_modules/.previewkit-tck/" + name + "','ran');"
                    + "try{fs.writeFileSync(" + Fixtures.jsString(hostMarkers.resolve(name).toString())
                    + ",'ran')}catch(e){}";
            scripts.append(name.equals("preinstall") ? "" : ",").append("\n    \"").append(name)
                    .append("\": \"node -e \\\"").append(js).append("\\\"\"");
        }
        scripts.append("\n  }");
        ProjectFiles project = Fixtures.reactAppWith(Map.of(
                "package.json", Fixtures.packageJsonOfOwnSet(scripts.toString()),
                "vite.config.ts", """
                        import { existsSync, readdirSync } from 'node:fs';
                        const ran = existsSync('node_modules/.previewkit-tck')
                            ? readdirSync('node_modules/.previewkit-tck').join('+') : 'none';
                        export default { define: { __SCRIPTS__: JSON.stringify('scripts:' + ran) } };
                        """,
                "src/components/Greeting.tsx", """
                        declare const __SCRIPTS__: string;
                        export function Greeting() {
                          return <p>{__SCRIPTS__}</p>;
                        }
                        """));

        BuildResult result = builder(sharedWorkDirectory).build(project);

        assertSucceeded(result);
        assertThat(outcome(result, Kind.DEPENDENCIES)).as("the project's set was installed now")
                .isIn(Outcome.MISS, Outcome.SEEDED);
        assertThat(token(Fixtures.builtJavaScript(result.artifact().orElseThrow()), "scripts:[a-z+]+"))
                .as("the lifecycle scripts that wrote into node_modules").isEqualTo("scripts:none");
        try (Stream<Path> markers = Files.list(hostMarkers)) {
            assertThat(markers).isEmpty();
        }
    }

    // ------------------------------------------------------------------------------- sets and restarts

    @Test
    void discard_afterEviction_setIsNoLongerHeldAndIsInstalledAgainWhenNeeded() {
        Path workDirectory = outside.resolve("evicting");
        PreviewBuilder builder = builder(workDirectory,
                config -> config.dependencyCache(new CacheLimits(1, Duration.ofDays(1))));

        BuildResult first = assertSucceeded(builder.build(Fixtures.withGreeting(unique("evicted"))));
        String key = dependencyKey(first);
        Waits.until(Duration.ofSeconds(30), "the evicted set " + key + " is discarded",
                () -> !heldKeys(workDirectory).contains(key));
        BuildResult again = assertSucceeded(builder.build(Fixtures.withGreeting(unique("evicted again"))));

        assertThat(dependencyKey(again)).isEqualTo(key);
        assertThat(outcome(again, Kind.DEPENDENCIES)).isIn(Outcome.MISS, Outcome.SEEDED);
        assertThat(again.cacheDecision(Kind.DEPENDENCIES).orElseThrow().reason()).contains("evicted");
        assertNothingLeft(workDirectory);
    }

    @Test
    void restart_sameWorkDirectory_storeAndBackendAgreeOnTheSets() {
        PreviewBuilder first = builder(sharedWorkDirectory);
        ProjectFiles project = Fixtures.withGreeting(unique("before restart"));
        BuildResult before = assertSucceeded(first.build(project));
        String key = dependencyKey(before);
        SetReference set = inventory().heldSets(sharedWorkDirectory).stream()
                .filter(held -> held.dependencyKey().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("the inventory does not list set " + key));
        first.close();
        assertNothingLeft(sharedWorkDirectory);
        boolean lost = inventory().loseSet(sharedWorkDirectory, set);

        PreviewBuilder restarted = builder(sharedWorkDirectory);
        BuildResult after = assertSucceeded(restarted.build(Fixtures.withGreeting(unique("after restart"))));

        assertThat(dependencyKey(after)).isEqualTo(key);
        if (lost) {
            assertThat(outcome(after, Kind.DEPENDENCIES)).as("a set lost while stopped is installed again")
                    .isIn(Outcome.MISS, Outcome.SEEDED);
        } else {
            assertThat(outcome(after, Kind.DEPENDENCIES)).as("a stored set survives a restart")
                    .isEqualTo(Outcome.REUSED);
        }
        assertThat(heldKeys(sharedWorkDirectory)).contains(key);
        BuildResult same = assertSucceeded(restarted.build(project));
        assertThat(outcome(same, Kind.ARTIFACT)).as("a stored artifact survives a restart").isEqualTo(Outcome.REUSED);
        assertThat(same.artifact()).isEqualTo(before.artifact());
    }

    // ---------------------------------------------------------------------------------------- concurrency

    @Test
    void start_differentDependencySetsAtOnce_bothInstallAndSucceed() throws Exception {
        ConcurrencyProbe probe = new ConcurrencyProbe();
        PreviewBuilder builder = builder(sharedWorkDirectory, config -> config.listener(probe));
        String left = unique("left");
        String right = unique("right");

        BuildHandle one = builder.start(Fixtures.reactAppWith(Map.of(
                "package.json", Fixtures.packageJsonOfOwnSet(""),
                "src/components/Greeting.tsx", "export function Greeting() { return <p>" + left + "</p>; }\n")));
        BuildHandle two = builder.start(Fixtures.reactAppWith(Map.of(
                "package.json", Fixtures.packageJsonOfOwnSet(""),
                "src/components/Greeting.tsx", "export function Greeting() { return <p>" + right + "</p>; }\n")));
        BuildResult a = assertSucceeded(one.result().get(GENEROUS.toSeconds(), TimeUnit.SECONDS));
        BuildResult b = assertSucceeded(two.result().get(GENEROUS.toSeconds(), TimeUnit.SECONDS));

        assertThat(dependencyKey(a)).isNotEqualTo(dependencyKey(b));
        assertThat(List.of(outcome(a, Kind.DEPENDENCIES), outcome(b, Kind.DEPENDENCIES)))
                .doesNotContain(Outcome.REUSED, Outcome.SHARED);
        assertThat(heldKeys(sharedWorkDirectory)).contains(dependencyKey(a), dependencyKey(b));
        assertThat(a.artifact().orElseThrow().root()).isNotEqualTo(b.artifact().orElseThrow().root());
        if (runsVite() && concurrentBuilds() > 1) {  // real installs take long enough to overlap for sure
            assertThat(probe.mostRunning()).as("both builds ran at once").isEqualTo(2);
        }
        if (runsVite()) {
            assertThat(Fixtures.builtJavaScript(a.artifact().orElseThrow())).contains(left).doesNotContain(right);
            assertThat(Fixtures.builtJavaScript(b.artifact().orElseThrow())).contains(right).doesNotContain(left);
        }
        assertNothingLeft(sharedWorkDirectory);
    }

    @Test
    void start_sameNewDependencySetAtOnce_installsOnceAndBothSucceed() throws Exception {
        PreviewBuilder builder = builder(sharedWorkDirectory);
        String packageJson = Fixtures.packageJsonOfOwnSet("");

        BuildHandle one = builder.start(Fixtures.reactAppWith(Map.of("package.json", packageJson,
                "src/components/Greeting.tsx", "export function Greeting() { return <p>one</p>; }\n")));
        BuildHandle two = builder.start(Fixtures.reactAppWith(Map.of("package.json", packageJson,
                "src/components/Greeting.tsx", "export function Greeting() { return <p>two</p>; }\n")));
        BuildResult a = assertSucceeded(one.result().get(GENEROUS.toSeconds(), TimeUnit.SECONDS));
        BuildResult b = assertSucceeded(two.result().get(GENEROUS.toSeconds(), TimeUnit.SECONDS));

        assertThat(dependencyKey(a)).isEqualTo(dependencyKey(b));
        List<Outcome> outcomes = List.of(outcome(a, Kind.DEPENDENCIES), outcome(b, Kind.DEPENDENCIES));
        assertThat(outcomes).as("one installs, the other waits for it (or finds it stored)")
                .containsOnlyOnce(outcomes.contains(Outcome.SEEDED) ? Outcome.SEEDED : Outcome.MISS)
                .doesNotHaveDuplicates();
        assertThat(a.artifact().orElseThrow().root()).isNotEqualTo(b.artifact().orElseThrow().root());
        assertNothingLeft(sharedWorkDirectory);
    }

    @Test
    void start_identicalInputAtOnce_sharesOneBuild() throws Exception {
        PreviewBuilder builder = builder(sharedWorkDirectory);
        ProjectFiles project = Fixtures.withGreeting(unique("identical"));

        BuildHandle one = builder.start(project);
        BuildHandle two = builder.start(project);
        BuildResult a = assertSucceeded(one.result().get(GENEROUS.toSeconds(), TimeUnit.SECONDS));
        BuildResult b = assertSucceeded(two.result().get(GENEROUS.toSeconds(), TimeUnit.SECONDS));

        assertThat(one.id()).isNotEqualTo(two.id());
        assertThat(List.of(outcome(a, Kind.ARTIFACT), outcome(b, Kind.ARTIFACT)))
                .containsExactlyInAnyOrder(Outcome.MISS, Outcome.SHARED);
        assertThat(b.artifact()).isEqualTo(a.artifact());
        assertNothingLeft(sharedWorkDirectory);
    }

    // -------------------------------------------------------------------------------------- availability

    @Test
    void configure_backendProbedUnavailable_throwsNamingTheReason() {
        BuildBackend real = createBackend();
        String reason = "previewkit-tck: switched off for this test";
        try {
            Availability availability = real.probe();
            assertThat(availability.available()).as(availability.detail()).isTrue();
            assertThat(availability.detail()).isNotBlank();

            assertThatThrownBy(() -> PreviewBuilder.configure().backend(new Unavailable(real, reason))
                    .workDirectory(outside.resolve("unavailable")).build())
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining(reason)
                    .hasMessageContaining(real.id());
        } finally {
            closeQuietly(real);
        }
    }

    // ------------------------------------------------------------------------------------------- helpers

    /**
     * A builder on {@code workDirectory} with a new backend, generous timeouts, as many concurrent builds as the
     * backend takes (at most 2), and {@code settings} applied; closed after the test.
     */
    protected PreviewBuilder builder(Path workDirectory, Consumer<PreviewBuilder.Config> settings) {
        PreviewBuilder.Config config = PreviewBuilder.configure()
                .backend(createBackend(workDirectory))
                .workDirectory(workDirectory)
                .maxConcurrentBuilds(concurrentBuilds())
                .installTimeout(PhaseTimeout.of(GENEROUS, GENEROUS))
                .buildTimeout(PhaseTimeout.of(GENEROUS, GENEROUS));
        settings.accept(config);
        PreviewBuilder builder = config.build();
        builders.add(builder);
        return builder;
    }

    /** {@link #builder(Path, Consumer)} with the defaults. */
    protected PreviewBuilder builder(Path workDirectory) {
        return builder(workDirectory, config -> { });
    }

    @AfterEach
    void closeBuilders() {
        builders.forEach(PreviewBuilder::close);
    }

    /**
     * Asserts that within a few seconds the inventory lists nothing running for {@code workDirectory}, and that
     * no build folder is left in it.
     */
    protected void assertNothingLeft(Path workDirectory) {
        try {
            Waits.until(CLEAN_UP, "nothing runs", () -> inventory().running(workDirectory).isEmpty());
        } catch (AssertionError e) {
            throw new AssertionError("Still running " + CLEAN_UP.toSeconds() + " s after the build ended, for "
                    + workDirectory + ": " + inventory().running(workDirectory), e);
        }
        Waits.untilNoBuildFolderIn(workDirectory, CLEAN_UP);
    }

    private int concurrentBuilds() {
        return Math.min(2, createBackendClosed().maxConcurrentBuilds());
    }

    /** The capabilities of a fresh backend, which is closed again. */
    private BackendCapabilities createBackendClosed() {
        BuildBackend backend = createBackend();
        try {
            return backend.capabilities();
        } finally {
            closeQuietly(backend);
        }
    }

    private static void closeQuietly(BuildBackend backend) {
        try {
            backend.close();
        } catch (Exception e) {
            throw new AssertionError("Cannot close backend " + backend.id(), e);
        }
    }

    private List<String> heldKeys(Path workDirectory) {
        return inventory().heldSets(workDirectory).stream().map(SetReference::dependencyKey).toList();
    }

    private static String dependencyKey(BuildResult result) {
        return result.cacheDecision(Kind.DEPENDENCIES)
                .orElseThrow(() -> new AssertionError("no dependency decision in " + result)).key();
    }

    private static Outcome outcome(BuildResult result, Kind kind) {
        return result.cacheDecision(kind).map(CacheDecision::outcome)
                .orElseThrow(() -> new AssertionError("no " + kind + " decision in " + result));
    }

    private static BuildResult assertSucceeded(BuildResult result) {
        assertThat(result.status()).as("%s: %s%n%s", result.status(), result.message(), result.log())
                .isEqualTo(BuildStatus.SUCCEEDED);
        return result;
    }

    private static String unique(String text) {
        return text + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The first match of {@code regex} in {@code text}, or a note that there is none. */
    private static String token(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        return matcher.find() ? matcher.group() : "(no match for " + regex + ")";
    }

    /** Every published file, read as ISO-8859-1 so that any byte sequence is found. */
    private static String allText(Artifact artifact) throws IOException {
        StringBuilder all = new StringBuilder();
        for (String file : artifact.files()) {
            all.append(new String(Files.readAllBytes(artifact.root().resolve(file)),
                    StandardCharsets.ISO_8859_1));
        }
        return all.toString();
    }

    /** Waits until a project stalled in {@code phase}: it printed {@link Fixtures#STALLED} or {@code reached}. */
    private static void awaitStalled(Recorder events, BuildPhase phase, BooleanSupplier reached) {
        Waits.until(REACH, "the project stalls in the " + phase + " phase (it prints '" + Fixtures.STALLED
                + "')", () -> reached.getAsBoolean() || events.texts(phase).stream()
                .anyMatch(line -> line.contains(Fixtures.STALLED)));
    }

    /** Records the events of the builds it listens to. */
    private static final class Recorder implements BuildListener {
        final List<String> phases = new CopyOnWriteArrayList<>();
        final List<OutputLine> lines = new CopyOnWriteArrayList<>();
        final List<BuildResult> finished = new CopyOnWriteArrayList<>();

        @Override
        public void phaseStarted(String buildId, BuildPhase phase) {
            phases.add("start " + phase);
        }

        @Override
        public void phaseFinished(String buildId, BuildPhase phase, Duration took, boolean succeeded) {
            phases.add("end " + phase + " " + succeeded);
        }

        @Override
        public void outputLine(String buildId, OutputLine line) {
            lines.add(line);
        }

        @Override
        public void buildFinished(BuildResult result) {
            finished.add(result);
        }

        List<String> texts(BuildPhase phase) {
            return lines.stream().filter(line -> line.phase() == phase).map(OutputLine::text).toList();
        }

        long stalledBuilds() {
            return lines.stream().filter(line -> line.text().contains(Fixtures.STALLED)).count();
        }
    }

    /** The backend under test, answering {@link #probe()} with unavailable. */
    private static final class Unavailable implements BuildBackend {
        private final BuildBackend delegate;
        private final String reason;

        Unavailable(BuildBackend delegate, String reason) {
            this.delegate = delegate;
            this.reason = reason;
        }

        @Override
        public String id() {
            return delegate.id();
        }

        @Override
        public BackendCapabilities capabilities() {
            return delegate.capabilities();
        }

        @Override
        public Availability probe() {
            return Availability.unavailable(reason);
        }

        @Override
        public InstalledDependencies install(DependencyRequest request, BuildContext context) {
            throw new AssertionError("an unavailable backend is never asked to install");
        }

        @Override
        public BuildOutput build(BuildRequest request, DependencySet dependencies, BuildContext context) {
            throw new AssertionError("an unavailable backend is never asked to build");
        }

        @Override
        public void discard(SetReference set) {
            throw new AssertionError("an unavailable backend is never asked to discard");
        }

        @Override
        public Optional<List<SetReference>> heldSets() {
            return delegate.heldSets();
        }
    }
}
