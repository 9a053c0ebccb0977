package dev.previewkit.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.previewkit.BackendUnavailableException;
import dev.previewkit.BuildPhase;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.spi.Availability;
import dev.previewkit.tck.Fixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What {@link DockerBackend#probe()} says about engines that cannot serve, and what builds end with when the engine
 * goes away after configuration: an engine that is not there (a missing socket, a closed port), one that speaks
 * too old an API or lacks the image (a {@link FakeEngine} on loopback, and the real engine with an absent image),
 * and one that goes away, drops a request or refuses one after configuration: such a build ends
 * {@link BuildStatus#INFRASTRUCTURE_FAILURE}, never FAILED and never an exception from {@code build}.
 */
class DockerProbeTest {
    private static final String FAKE_IMAGE = "previewkit/fake-node:1";

    @TempDir
    Path workDirectory;

    @Test
    void probe_missingUnixSocket_isUnavailableNamingTheAddress() {
        try (DockerBackend backend = DockerBackend.builder().dockerHost("unix:///nonexistent/docker.sock")
                .image(TestEngine.image()).build()) {
            Availability availability = backend.probe();

            assertThat(availability.available()).as(availability.detail()).isFalse();
            assertThat(availability.detail()).contains("unix:///nonexistent/docker.sock").contains("unreachable")
                    .contains("DOCKER_HOST");
        }
    }

    @Test
    void probe_closedTcpPort_isUnavailableNamingTheAddress() throws IOException {
        String host = "tcp://127.0.0.1:" + closedPort();
        try (DockerBackend backend = DockerBackend.builder().dockerHost(host).image(TestEngine.image()).build()) {
            Availability availability = backend.probe();

            assertThat(availability.available()).as(availability.detail()).isFalse();
            assertThat(availability.detail()).contains("127.0.0.1").contains("unreachable");
        }
    }

    @Test
    void configure_engineUnreachable_throwsBackendUnavailableAndCreatesNothing() {
        Path work = workDirectory.resolve("never-created");
        try (DockerBackend backend = DockerBackend.builder().dockerHost("unix:///nonexistent/docker.sock")
                .image(TestEngine.image()).build()) {
            assertThatThrownBy(() -> PreviewBuilder.configure().backend(backend).workDirectory(work).build())
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining(backend.id())
                    .hasMessageContaining("unix:///nonexistent/docker.sock")
                    .hasMessageContaining("unreachable");
            assertThat(work).as("the work directory of a builder that could not start").doesNotExist();
        }
    }

    @Test
    void probe_engineSpeaksTooOldApi_isUnavailableNamingBothVersionsAndChangesNothing() {
        try (FakeEngine engine = new FakeEngine("1.30");
                DockerBackend backend = DockerBackend.builder().dockerHost(engine.host()).image(FAKE_IMAGE).build()) {
            Availability availability = backend.probe();

            assertThat(availability.available()).as(availability.detail()).isFalse();
            assertThat(availability.detail()).contains("1.30").contains("1.41").contains(engine.host());
            assertThat(engine.requests()).as("a probe only reads").isNotEmpty()
                    .allMatch(request -> request.startsWith("GET ") || request.startsWith("HEAD "));
            assertThatThrownBy(() -> PreviewBuilder.configure().backend(backend)
                    .workDirectory(workDirectory.resolve("old-api")).build())
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("API 1.30");
        }
    }

    @Test
    void probe_engineAtMinimumApi_isAvailableAndLeavesTheApiVersionToTheEngine() {
        try (FakeEngine engine = new FakeEngine("1.41");
                DockerBackend backend = DockerBackend.builder().dockerHost(engine.host()).image(FAKE_IMAGE).build()) {
            Availability availability = backend.probe();

            assertThat(availability.available()).as(availability.detail()).isTrue();
            assertThat(availability.detail()).contains("API 1.41").contains(engine.host()).contains(FAKE_IMAGE);
            assertThat(engine.requests()).as("unversioned paths, so an engine older than the client understands them")
                    .containsExactly("GET /version", "GET /images/" + FAKE_IMAGE + "/json");
        }
    }

    @Test
    void probe_imageAbsentFromTheRealEngine_isUnavailableNamingTheImage() {
        String absent = "previewkit/absent:none";
        try (DockerBackend backend = TestEngine.backend("test-probe").image(absent).build();
                DockerBackend present = TestEngine.backend("test-probe").build()) {
            Availability availability = backend.probe();
            Availability control = present.probe();

            assertThat(availability.available()).as(availability.detail()).isFalse();
            assertThat(availability.detail()).contains("Image " + absent + " is not on the Docker engine")
                    .contains("docker pull " + absent);
            assertThat(control.available()).as("the test image on the same engine: " + control.detail()).isTrue();
            assertThat(control.detail()).contains(TestEngine.image()).containsPattern("API 1\\.[0-9]+");
        }
    }

    @Test
    void build_engineGoneAfterConfiguration_endsInRetryableInfrastructureFailure() {
        try (FakeEngine engine = new FakeEngine("1.41")) {
            BuildResult result = buildAgainst(engine, FakeEngine::stop);

            assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.INFRASTRUCTURE_FAILURE);
            assertThat(result.retryable()).as("an engine that is down may be up again").isTrue();
            assertThat(result.message()).contains(engine.host()).contains("unreachable");
            assertThat(result.phaseDurations()).containsKey(BuildPhase.INSTALL).doesNotContainKey(BuildPhase.BUILD);
            assertThat(result.artifact()).isEmpty();
        }
    }

    @Test
    void build_engineDropsContainerCreation_endsInInfrastructureFailureAndRemovesWhatItCreated() {
        try (FakeEngine engine = new FakeEngine("1.41").answer("POST /containers/create", FakeEngine.Answer.DROP)) {
            BuildResult result = buildAgainst(engine, started -> { });

            assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.INFRASTRUCTURE_FAILURE);
            assertThat(result.message()).contains("create container");
            assertThat(result.phaseDurations()).containsKey(BuildPhase.INSTALL).doesNotContainKey(BuildPhase.BUILD);
            assertThat(engine.requests()).as("the install got as far as creating its container")
                    .anyMatch(request -> request.startsWith("POST /containers/create"));
            List<String> kept = engine.createdVolumes().stream().filter(volume -> volume.endsWith("-npm-cache"))
                    .toList();
            assertThat(kept).as("the namespace's npm cache, kept on purpose").hasSize(1);
            assertThat(engine.createdVolumes()).as("the set's volume and the container's workspace").hasSize(3);
            assertThat(engine.removedVolumes()).as("volumes removed after the failure")
                    .containsAll(engine.createdVolumes().stream().filter(volume -> !kept.contains(volume)).toList());
        }
    }

    @Test
    void build_engineRefusesVolumeCreation_endsInInfrastructureFailureNamingTheEnginesAnswer() {
        try (FakeEngine engine = new FakeEngine("1.41").answer("POST /volumes/create", FakeEngine.Answer.ERROR)) {
            BuildResult result = buildAgainst(engine, started -> { });

            assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.INFRASTRUCTURE_FAILURE);
            assertThat(result.message()).contains(FakeEngine.ERROR_MESSAGE);
            assertThat(result.phaseDurations()).containsKey(BuildPhase.INSTALL).doesNotContainKey(BuildPhase.BUILD);
        }
    }

    @ParameterizedTest(name = "{0} at least {1}: {2}")
    @CsvSource({
            "1.41, 1.41, true",
            "1.43, 1.41, true",
            "1.100, 1.41, true",
            "2.0, 1.41, true",
            "1.41.1, 1.41, true",
            "1.40, 1.41, false",
            "1.9, 1.41, false",
            "1.30, 1.41, false",
            "1, 1.41, false",
            "0.99, 1.41, false",
            "1.x, 1.41, false",
            "unknown, 1.41, false",
            "'', 1.41, false",
    })
    void atLeast_versionAgainstMinimum_comparesNumberByNumber(String version, String minimum, boolean expected) {
        assertThat(ApiVersions.atLeast(version, minimum)).isEqualTo(expected);
    }

    /**
     * Configures a builder on {@code engine} (probe and start-up reconciliation run against it), lets
     * {@code afterConfiguration} change the engine, then builds the fixture app.
     */
    private BuildResult buildAgainst(FakeEngine engine, Consumer<FakeEngine> afterConfiguration) {
        DockerBackend backend = DockerBackend.builder().dockerHost(engine.host()).image(FAKE_IMAGE)
                .namespace("fake-" + UUID.randomUUID().toString().substring(0, 8)).build();
        try (PreviewBuilder builder = PreviewBuilder.configure().backend(backend)
                .workDirectory(workDirectory.resolve("work")).build()) {
            afterConfiguration.accept(engine);
            return builder.build(Fixtures.reactAppWith(Map.of()));
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
