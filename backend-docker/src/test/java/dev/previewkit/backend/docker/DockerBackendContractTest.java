package dev.previewkit.backend.docker;

import dev.previewkit.spi.BuildBackend;
import dev.previewkit.tck.BackendCompatibilityKit;
import dev.previewkit.tck.BackendInventory;
import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;

/**
 * The backend compatibility kit, run against a real Docker engine with the test image and the real npm
 * registry; each work directory gets a namespace of its own.
 */
class DockerBackendContractTest extends BackendCompatibilityKit {
    /** The sets and npm caches of the kit's work directories outlive them on the engine. */
    @AfterAll
    static void removeTheNamespaces() {
        TestEngine.removeNamespacesUsed();
    }

    @Override
    protected BuildBackend createBackend() {
        return TestEngine.backend("test-probe").build();
    }

    @Override
    protected BuildBackend createBackend(Path workDirectory) {
        return TestEngine.backend(TestEngine.namespace(workDirectory)).build();
    }

    /** Installs run on the engine's bridge, which reaches this machine at the bridge's gateway, not loopback. */
    @Override
    protected InetAddress stallingServerAddress() {
        return TestEngine.bridgeGateway();
    }

    @Override
    protected BackendInventory inventory() {
        return new DockerInventory();
    }
}
