package dev.previewkit.examples.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.previewkit.backend.docker.DockerBackend;
import dev.previewkit.spi.Availability;
import dev.previewkit.spi.BuildBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Docker backend on the engine {@code DOCKER_HOST} names (the local socket by default), with an image of
 * Node.js and the CA bundle of {@code NODE_EXTRA_CA_CERTS} (for a registry behind TLS interception), as the
 * backend's own tests configure it. All builders of one benchmark share one namespace, run after one another, so
 * the namespace's npm cache volume stays warm like the local npm cache; between runs {@link #emptyStore()} removes
 * the namespace's dependency-set volumes, and {@link #close()} every volume of the namespace.
 */
final class DockerBench implements BenchBackend {
    /** The image {@code .ci/docker-test-image} builds from this machine's Node.js. */
    static final String DEFAULT_IMAGE = "previewkit/test-node:local";
    private static final String NAMESPACE_LABEL = "dev.previewkit.namespace";
    private static final String ROLE_LABEL = "dev.previewkit.role";

    private final String image;
    private final String namespace;
    private final Optional<Path> caBundle;
    private final DockerClient docker;

    /**
     * Checks that the engine answers and has the image.
     *
     * @throws BenchmarkFailure when the backend cannot build here, with the backend's reason
     */
    DockerBench(String image) {
        this.image = Objects.requireNonNull(image, "image");
        this.namespace = "bench-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        this.caBundle = Optional.ofNullable(System.getenv("NODE_EXTRA_CA_CERTS")).map(Path::of)
                .filter(Files::isReadable);
        try (DockerBackend probe = backend()) {
            Availability availability = probe.probe();
            if (!availability.available()) {
                throw new BenchmarkFailure("The Docker backend cannot build: " + availability.detail());
            }
        }
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        this.docker = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig()).build());
    }

    @Override
    public String label() {
        return "docker";
    }

    /** The image, the namespace and the CA bundle, for the benchmark's header. */
    String describe() {
        return "image " + image + ", namespace " + namespace + ", CA bundle " + caBundle.map(Path::toString)
                .orElse("none (NODE_EXTRA_CA_CERTS unset)");
    }

    @Override
    public BuildBackend create(Path workDirectory) {
        return backend();
    }

    private DockerBackend backend() {
        DockerBackend.Builder builder = DockerBackend.builder().image(image).namespace(namespace);
        caBundle.ifPresent(builder::caBundle);
        return builder.build();
    }

    @Override
    public boolean warmUpBuild() {
        return true;
    }

    @Override
    public void emptyStore() {
        removeVolumes("dependencies");
    }

    @Override
    public void close() {
        try {
            removeVolumes(null);
        } finally {
            try {
                docker.close();
            } catch (IOException e) {
                System.err.println("Cannot close the Docker client: " + e.getMessage());
            }
        }
    }

    /** Removes the namespace's volumes of {@code role}, or all of them. */
    private void removeVolumes(String role) {
        List<InspectVolumeResponse> volumes = Optional.ofNullable(docker.listVolumesCmd()
                .withFilter("label", List.of(NAMESPACE_LABEL + "=" + namespace)).exec().getVolumes()).orElse(List.of());
        for (InspectVolumeResponse volume : volumes) {
            Map<String, String> labels = Objects.requireNonNullElse(volume.getLabels(), Map.of());
            if (role == null || role.equals(labels.get(ROLE_LABEL))) {
                docker.removeVolumeCmd(volume.getName()).exec();
            }
        }
    }

    @Override
    public String toString() {
        return label();
    }
}
