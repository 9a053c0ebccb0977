package dev.previewkit.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectVolumeResponse;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.CacheDecision;
import dev.previewkit.PhaseTimeout;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.spi.SetReference;
import dev.previewkit.tck.Fixtures;
import dev.previewkit.tck.SilentServer;
import dev.previewkit.testing.Processes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that builds on the engine is killed with SIGKILL mid-install and mid-build ({@link DockerCrashMain} in a
 * child JVM): its container outlives it, as killing a client never stops a container, and the next
 * {@link PreviewBuilder} on the same work directory and namespace cleans up at start ({@link DockerBackend#heldSets()}
 * removes the containers and workspaces; the core discards the set volume no store entry knows) and builds again.
 * Both tests share one work directory, so its namespace's npm cache and the fixture's set serve both.
 */
class DockerCrashRecoveryTest {
    /** How long the child may take to reach the stall: the build case installs the fixture app first. */
    private static final Duration REACH = Duration.ofMinutes(4);
    private static final Duration GENEROUS = Duration.ofMinutes(5);
    private static final DockerInventory INVENTORY = new DockerInventory();

    @TempDir
    static Path workDirectory;

    @AfterAll
    static void removeTheNamespace() {
        TestEngine.removeNamespace(TestEngine.namespace(workDirectory));
    }

    @Test
    void restart_afterJvmKilledMidInstall_removesItsContainerAndHalfMadeSetThenBuilds() throws Exception {
        String namespace = TestEngine.namespace(workDirectory);
        Set<SetReference> before = INVENTORY.heldSets(workDirectory);
        try (SilentServer server = new SilentServer(InetAddress.getLoopbackAddress());
                Child child = Child.start(workDirectory, namespace, "install",
                        server.tarball("crash-" + UUID.randomUUID()).toString())) {
            child.awaitUntil("the install container runs and asks the silent server for its tarball",
                    () -> server.connections() > 0 && !INVENTORY.running(workDirectory).isEmpty());

            child.kill();

            assertThat(INVENTORY.running(workDirectory)).as("killing the client does not stop its container")
                    .singleElement().asString().contains("-install-").contains("running");
            Set<SetReference> orphans = new HashSet<>(INVENTORY.heldSets(workDirectory));
            orphans.removeAll(before);
            assertThat(orphans).as("the half-made set of the killed install").hasSize(1);
            assertThat(workspaces(namespace)).as("the install container's workspace").isNotEmpty();

            try (PreviewBuilder restarted = builder(namespace)) {
                assertThat(INVENTORY.running(workDirectory)).as("containers after the restart").isEmpty();
                assertThat(workspaces(namespace)).as("workspaces after the restart").isEmpty();
                assertThat(INVENTORY.heldSets(workDirectory)).as("sets after the restart")
                        .doesNotContainAnyElementsOf(orphans);

                String text = "after the install crash " + UUID.randomUUID();
                BuildResult result = restarted.build(Fixtures.withGreeting(text));

                assertSucceeded(result);
                assertThat(Fixtures.builtJavaScript(result.artifact().orElseThrow())).contains(text);
                assertThat(INVENTORY.running(workDirectory)).as("containers after the new build").isEmpty();
            }
        }
    }

    @Test
    void restart_afterJvmKilledMidBuild_removesItsContainerKeepsTheSetThenBuilds() throws Exception {
        String namespace = TestEngine.namespace(workDirectory);
        try (Child child = Child.start(workDirectory, namespace, "build")) {
            child.awaitUntil("the build container runs the stalled config", () -> child.printed(Fixtures.STALLED)
                    && !INVENTORY.running(workDirectory).isEmpty());
            String key = child.dependencyKey();

            child.kill();

            assertThat(INVENTORY.running(workDirectory)).as("killing the client does not stop its container")
                    .singleElement().asString().contains("-build-").contains("running");
            assertThat(workspaces(namespace)).as("the build container's workspace").isNotEmpty();

            try (PreviewBuilder restarted = builder(namespace)) {
                assertThat(INVENTORY.running(workDirectory)).as("containers after the restart").isEmpty();
                assertThat(workspaces(namespace)).as("workspaces after the restart").isEmpty();
                assertThat(INVENTORY.heldSets(workDirectory)).as("the complete set the killed build used is kept")
                        .extracting(SetReference::dependencyKey).contains(key);

                String text = "after the build crash " + UUID.randomUUID();
                BuildResult result = restarted.build(Fixtures.withGreeting(text));

                assertSucceeded(result);
                assertThat(result.cacheDecision(CacheDecision.Kind.DEPENDENCIES)).get()
                        .satisfies(decision -> assertThat(decision.key()).isEqualTo(key))
                        .satisfies(decision -> assertThat(decision.outcome()).isEqualTo(CacheDecision.Outcome.REUSED));
                assertThat(Fixtures.builtJavaScript(result.artifact().orElseThrow())).contains(text);
                assertThat(INVENTORY.running(workDirectory)).as("containers after the new build").isEmpty();
            }
        }
    }

    private static PreviewBuilder builder(String namespace) {
        return PreviewBuilder.configure()
                .backend(TestEngine.backend(namespace).build())
                .workDirectory(workDirectory)
                .installTimeout(PhaseTimeout.of(GENEROUS, GENEROUS))
                .buildTimeout(PhaseTimeout.of(GENEROUS, GENEROUS))
                .build();
    }

    /** The names of the namespace's workspace volumes. */
    private static List<String> workspaces(String namespace) {
        try (Engine engine = Engine.connect(Optional.empty())) {
            return engine.volumes(Labels.filter(namespace)).stream()
                    .filter(volume -> Labels.WORKSPACE.equals(Objects.requireNonNullElse(volume.getLabels(),
                            Map.<String, String>of()).get(Labels.ROLE)))
                    .map(InspectVolumeResponse::getName).toList();
        }
    }

    private static void assertSucceeded(BuildResult result) {
        assertThat(result.status()).as("%s: %s%n%s", result.status(), result.message(), result.log())
                .isEqualTo(BuildStatus.SUCCEEDED);
    }

    /** {@link DockerCrashMain} in a child JVM, its output collected; killed when closed. */
    private static final class Child implements AutoCloseable {
        private final Process process;
        private final List<String> lines = new CopyOnWriteArrayList<>();

        private Child(Process process) {
            this.process = process;
            Thread reader = new Thread(this::read, "crash-child-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(Path workDirectory, String namespace, String... arguments) throws IOException {
            List<String> all = new ArrayList<>(List.of(workDirectory.toString(), namespace));
            all.addAll(List.of(arguments));
            return new Child(new ProcessBuilder(Processes.java(List.of("-Xmx256m"), DockerCrashMain.class,
                    all.toArray(String[]::new))).redirectErrorStream(true).start());
        }

        private void read() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(reading the child's output failed: " + e + ")");
            }
        }

        boolean printed(String text) {
            return lines.stream().anyMatch(line -> line.contains(text));
        }

        /** The key of the child's dependency set, from its {@code decided DEPENDENCIES} line. */
        String dependencyKey() {
            return lines.stream().filter(line -> line.startsWith("decided DEPENDENCIES ")).findFirst()
                    .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                    .orElseThrow(() -> new AssertionError("The child decided on no dependency set:\n" + output()));
        }

        /** Waits until {@code condition} holds while the child runs; fails with its output otherwise. */
        void awaitUntil(String what, BooleanSupplier condition) throws InterruptedException {
            long giveUp = System.nanoTime() + REACH.toNanos();
            while (!condition.getAsBoolean()) {
                if (!process.isAlive()) {
                    throw new AssertionError("The child JVM ended (exit " + process.exitValue() + ") before "
                            + what + ":\n" + output());
                }
                if (System.nanoTime() > giveUp) {
                    throw new AssertionError("Not within " + REACH.toSeconds() + " s: " + what + "\n" + output());
                }
                Thread.sleep(200);
            }
        }

        /** Kills the child with SIGKILL, so nothing of it runs: no shutdown hook, no close. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the child JVM is gone").isTrue();
            assertThat(process.exitValue()).as("exit code of a JVM killed by SIGKILL (128 + 9)").isEqualTo(137);
        }

        String output() {
            return String.join("\n", lines);
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
