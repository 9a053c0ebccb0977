package dev.previewkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.previewkit.BuildResult;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.backend.docker.DockerBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample app built in hardened containers by the Docker backend, served from its artifact and rendered by real
 * headless Chromium. The engine is the one {@code DOCKER_HOST} names (the local socket by default), the image
 * {@value #IMAGE} that {@code .ci/docker-test-image} builds, or what {@code PREVIEWKIT_DOCKER_IMAGE} names; the CA
 * bundle of {@code NODE_EXTRA_CA_CERTS} goes into the containers, as the registry here sits behind TLS interception.
 * The test fails, never skips, when the engine or the image is missing.
 */
class DockerPreviewTest {
    private static final String IMAGE = "previewkit/test-node:local";

    @TempDir
    static Path workDirectory;

    @TempDir
    static Path profiles;

    private static String namespace;
    private static PreviewBuilder previews;

    @BeforeAll
    static void start() throws Exception {
        Chromium.executable();
        namespace = namespace(workDirectory);
        // Probes the backend: without the engine or the image, BackendUnavailableException says which is missing.
        previews = PreviewBuilder.configure().backend(backend(namespace)).workDirectory(workDirectory).build();
    }

    @AfterAll
    static void stop() {
        if (previews != null) {
            previews.close();
        }
        if (namespace != null) {
            removeVolumes(namespace);
        }
    }

    @Test
    void render_sampleBuiltInContainers_showsItsTextAtRootAndOnADeepLink() throws Exception {
        BuildResult result = previews.build(SampleApp.files());
        assertThat(result.succeeded()).as("%s: %s%n%s", result.status(), result.message(), result.log()).isTrue();
        assertThat(previews.backend().id()).startsWith("docker/");

        try (ArtifactServer server = ArtifactServer.start(result.artifact().orElseThrow().root())) {
            assertThat(render(server.uri().toString())).contains("Welcome to the Previewkit sample");
            assertThat(render(server.uri().resolve("/about").toString())).contains("About this preview")
                    .doesNotContain("Welcome to the Previewkit sample");
        }
    }

    private static String render(String url) throws InterruptedException {
        return Chromium.render(url, profiles.resolve("p" + System.nanoTime())).dom();
    }

    /** The backend as the Docker backend's own tests configure it. */
    private static DockerBackend backend(String namespace) {
        DockerBackend.Builder builder = DockerBackend.builder()
                .image(Optional.ofNullable(System.getenv("PREVIEWKIT_DOCKER_IMAGE")).orElse(IMAGE))
                .namespace(namespace);
        Optional.ofNullable(System.getenv("NODE_EXTRA_CA_CERTS")).map(Path::of).filter(Files::isReadable)
                .ifPresent(builder::caBundle);
        return builder.build();
    }

    /** A namespace of its own for {@code workDirectory}, so that tests running at once never share a store. */
    private static String namespace(Path workDirectory) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(workDirectory.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
        return "examples-" + HexFormat.of().formatHex(digest, 0, 6);
    }

    /** Removes the volumes the backend left in the namespace: the dependency set and the npm cache. */
    private static void removeVolumes(String namespace) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        try (DockerClient docker = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig()).build())) {
            var volumes = docker.listVolumesCmd()
                    .withFilter("label", List.of("dev.previewkit.namespace=" + namespace)).exec().getVolumes();
            if (volumes != null) {
                volumes.forEach(volume -> docker.removeVolumeCmd(volume.getName()).exec());
            }
        } catch (Exception e) {
            System.err.println("Could not remove the volumes of namespace " + namespace + ": " + e);
        }
    }
}
