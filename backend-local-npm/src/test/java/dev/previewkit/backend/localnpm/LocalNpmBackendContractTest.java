package dev.previewkit.backend.localnpm;

import dev.previewkit.spi.BuildBackend;
import dev.previewkit.tck.BackendCompatibilityKit;
import dev.previewkit.tck.BackendInventory;

/** The backend compatibility kit, run against the host's Node and the real npm registry. */
class LocalNpmBackendContractTest extends BackendCompatibilityKit {
    @Override
    protected BuildBackend createBackend() {
        return LocalNpmBackend.create();
    }

    @Override
    protected BackendInventory inventory() {
        return new LocalNpmInventory();
    }
}
