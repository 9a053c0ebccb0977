package dev.previewkit.backend.docker;

import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.model.Container;
import java.net.InetAddress;
import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine and image the tests use: the engine {@code DOCKER_HOST} names (the local socket by default) and
 * the image {@code .ci/docker-test-image} builds from this machine's Node.js ({@value #IMAGE}, or what
 * {@code PREVIEWKIT_DOCKER_IMAGE} names). The npm registry here sits behind TLS interception, so the CA bundle of
 * {@code NODE_EXTRA_CA_CERTS} goes into the containers too. Tests never skip when the engine is missing: they
 * fail, with the probe's reason.
 */
final class TestEngine {
    static final String IMAGE = "previewkit/test-node:local";

    /** The namespaces {@link #backend} configured in this JVM, for {@link #removeNamespacesUsed()}. */
    private static final Set<String> USED = ConcurrentHashMap.newKeySet();

    private TestEngine() {}

    /**
     * Removes every container and volume of {@code namespace} from the engine: the dependency sets and the npm cache
     * outlive the test's temporary work directory, and would pile up on the engine run after run.
     */
    static void removeNamespace(String namespace) {
        try (Engine engine = Engine.connect(Optional.empty())) {
            List<String> filter = Labels.filter(namespace);
            for (Container container : engine.containers(filter)) {
                engine.remove(container.getId());
            }
            for (InspectVolumeResponse volume : engine.volumes(filter)) {
                engine.removeVolume(volume.getName());
            }
        }
    }

    /** {@link #removeNamespace} for every namespace {@link #backend} configured so far; for {@code @AfterAll}. */
    static void removeNamespacesUsed() {
        for (String namespace : List.copyOf(USED)) {
            removeNamespace(namespace);
            USED.remove(namespace);
        }
    }

    static String image() {
        return Optional.ofNullable(System.getenv("PREVIEWKIT_DOCKER_IMAGE")).orElse(IMAGE);
    }

    /** A namespace of this test run for {@code workDirectory}, so parallel stores never meet. */
    static String namespace(Path workDirectory) {
        byte[] name = workDirectory.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8);
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(name);
            return "test-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The address of this machine on the engine's default bridge network, where installs can reach it: the
     * address of the bridge's interface (the default bridge names no gateway in its IPAM settings).
     */
    static InetAddress bridgeGateway() {
        String bridge;
        try (Engine engine = Engine.connect(Optional.empty())) {
            bridge = Optional.ofNullable(engine.client().inspectNetworkCmd().withNetworkId("bridge").exec().getOptions())
                    .map(options -> options.get("com.docker.network.bridge.name")).orElse("docker0");
        }
        try {
            NetworkInterface device = NetworkInterface.getByName(bridge);
            if (device == null) {
                throw new IllegalStateException("The engine's bridge " + bridge + " is not an interface of this"
                        + " machine: is the engine remote?");
            }
            return device.inetAddresses().filter(address -> address instanceof Inet4Address).findFirst()
                    .orElseThrow(() -> new IllegalStateException("The bridge " + bridge + " has no IPv4 address"));
        } catch (SocketException e) {
            throw new IllegalStateException("Cannot read the interfaces of this machine", e);
        }
    }

    /** A backend configuration for the test engine and image, in {@code namespace}. */
    static DockerBackend.Builder backend(String namespace) {
        USED.add(namespace);
        DockerBackend.Builder builder = DockerBackend.builder().image(image()).namespace(namespace);
        Optional.ofNullable(System.getenv("NODE_EXTRA_CA_CERTS")).map(Path::of).filter(Files::isReadable)
                .ifPresent(builder::caBundle);
        return builder;
    }
}
