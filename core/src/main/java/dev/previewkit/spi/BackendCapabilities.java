package dev.previewkit.spi;

import java.util.Objects;

/**
 * What a backend offers, so hosts can choose the right one for their trust level.
 *
 * @param isolation          how far untrusted project code is kept from the host
 * @param networkDuringBuild whether build processes can reach the network (installs always can)
 */
public record BackendCapabilities(Isolation isolation, boolean networkDuringBuild) {
    /** How far project code is kept from the host. */
    public enum Isolation {
        /** Child processes of the host with a filtered environment: for trusted input only. */
        PROCESS,
        /** Throw-away containers with dropped capabilities and resource limits. */
        CONTAINER,
        /** Another machine, reached over the network. */
        REMOTE
    }

    public BackendCapabilities {
        Objects.requireNonNull(isolation, "isolation");
    }
}
