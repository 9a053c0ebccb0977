package dev.previewkit.backend.localnpm;

import dev.previewkit.spi.BuildBackend;
import dev.previewkit.testing.BackendContractTest;

/** The shared backend contract, run against the host's Node and the real npm registry. */
class LocalNpmBackendContractTest extends BackendContractTest {
    @Override
    protected BuildBackend createBackend() {
        return LocalNpmBackend.create();
    }
}
