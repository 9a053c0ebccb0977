package dev.previewkit.backend.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.previewkit.spi.StepFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's API as the backend uses it: one docker-java client over one connection pool, every call's
 * failure to reach the engine turned into an infrastructure fault ({@link StepFailedException#infrastructure}),
 * and removals that tolerate what is already gone. Thread-safe.
 */
final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final DockerClient client;
    private final URI host;

    private Engine(DockerClient client, URI host) {
        this.client = client;
        this.host = host;
    }

    /**
     * A client for {@code dockerHost}, or else for what {@code DOCKER_HOST}, {@code DOCKER_TLS_VERIFY} and
     * {@code DOCKER_CERT_PATH} say (the local socket by default). The API version is left to the engine, so a
     * newer client talks to an older engine.
     */
    static Engine connect(Optional<String> dockerHost) {
        return connect(dockerHost, Optional.empty());
    }

    /**
     * {@link #connect(Optional)}, with TLS to the engine from the certificates in {@code tlsCertificates} when
     * given ({@code ca.pem}, {@code cert.pem}, {@code key.pem}: what {@code DOCKER_TLS_VERIFY=1} with
     * {@code DOCKER_CERT_PATH} gives).
     */
    static Engine connect(Optional<String> dockerHost, Optional<Path> tlsCertificates) {
        DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder();
        dockerHost.ifPresent(builder::withDockerHost);
        tlsCertificates.ifPresent(folder -> builder.withDockerTlsVerify(true).withDockerCertPath(folder.toString()));
        DockerClientConfig config = builder.build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        return new Engine(DockerClientImpl.getInstance(config, http), config.getDockerHost());
    }

    /** Where the engine is, for messages. */
    URI host() {
        return host;
    }

    DockerClient client() {
        return client;
    }

    /** The engine's version, or the fault that it cannot be reached. */
    Version version() {
        return call("ask the engine for its version", () -> client.versionCmd().exec());
    }

    /** Whether the engine has {@code image}. */
    boolean hasImage(String image) {
        return call("look up image " + image, () -> {
            try {
                client.inspectImageCmd(image).exec();
                return true;
            } catch (NotFoundException e) {
                return false;
            }
        });
    }

    /** Creates a volume, with driver options for a {@code tmpfs} one (empty for one on the engine's disk). */
    void createVolume(String name, Map<String, String> labels, Map<String, String> driverOptions) {
        call("create volume " + name, () -> client.createVolumeCmd().withName(name).withLabels(labels)
                .withDriver("local").withDriverOpts(driverOptions).exec());
    }

    /** Removes volume {@code name}; nothing when it is gone already. */
    void removeVolume(String name) {
        call("remove volume " + name, () -> {
            try {
                client.removeVolumeCmd(name).exec();
            } catch (NotFoundException e) {
                // gone already
            }
            return null;
        });
    }

    /** The volumes carrying every label of {@code filter} ({@code key=value}). */
    List<InspectVolumeResponse> volumes(List<String> filter) {
        return call("list volumes", () -> Optional.ofNullable(client.listVolumesCmd().withFilter("label", filter).exec()
                .getVolumes()).orElse(List.of()));
    }

    /** The containers, running or not, carrying every label of {@code filter}. */
    List<Container> containers(List<String> filter) {
        return call("list containers", () -> client.listContainersCmd().withShowAll(true).withLabelFilter(filter)
                .exec());
    }

    /** Creates the container {@code create} describes; its id. */
    String create(CreateContainerCmd create) {
        return call("create container " + create.getName(), () -> create.exec().getId());
    }

    void start(String container) {
        call("start container " + container, () -> client.startContainerCmd(container).exec());
    }

    InspectContainerResponse inspect(String container) {
        return call("inspect container " + container, () -> client.inspectContainerCmd(container).exec());
    }

    /**
     * Unpacks the tar stream {@code archive} into {@code folder} of the container, keeping the owners its entries
     * name; closes the stream.
     */
    void copyIn(String container, String folder, InputStream archive) {
        try (archive) {
            call("copy files into " + container, () -> client.copyArchiveToContainerCmd(container)
                    .withRemotePath(folder).withTarInputStream(archive).withCopyUIDGID(false).exec());
        } catch (IOException e) {
            throw StepFailedException.infrastructure("Cannot close the archive sent to " + container + ": "
                    + e.getMessage(), e, false);
        }
    }

    /** A tar stream of {@code path} in the container, its entries under the path's last segment. */
    InputStream copyOut(String container, String path) {
        return call("copy " + path + " out of " + container,
                () -> client.copyArchiveFromContainerCmd(container, path).exec());
    }

    /**
     * Kills and removes container {@code name} (by name, so it works for a container this JVM did not start);
     * nothing when it is gone. Returns whether it was there.
     */
    boolean remove(String name) {
        return call("remove container " + name, () -> {
            try {
                client.removeContainerCmd(name).withForce(true).withRemoveVolumes(false).exec();
                return true;
            } catch (NotFoundException e) {
                return false;
            }
        });
    }

    /** Like {@link #remove}, logging instead of throwing: for clean-up paths that must not hide a first error. */
    void removeQuietly(String container, String... volumes) {
        try {
            remove(container);
            for (String volume : volumes) {
                removeVolume(volume);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not remove container {} or its volumes; it is removed at the next start", container, e);
        }
    }

    /**
     * Runs one engine call. A request the engine refused becomes an infrastructure fault with the engine's
     * answer; a failure to reach the engine at all, a retryable one naming the engine.
     */
    private <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (DockerException e) {
            throw StepFailedException.infrastructure("Docker engine at " + host + " refused to " + what + ": "
                    + e.getMessage().strip(), e, false);
        } catch (RuntimeException e) {
            if (e instanceof StepFailedException) {
                throw e;
            }
            throw StepFailedException.infrastructure("Docker engine at " + host + " unreachable (could not " + what
                    + "): " + rootMessage(e), e, true);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            LOG.debug("Closing the Docker client failed", e);
        }
    }
}
