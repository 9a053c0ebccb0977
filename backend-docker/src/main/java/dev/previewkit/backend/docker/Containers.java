package dev.previewkit.backend.docker;

import java.util.Map;
import java.util.concurrent.Executor;

/**
 * What every container of one backend shares: the engine, the image, the namespace its names and labels carry,
 * the limits, the network installs use, the allow-listed environment, and the thread that removes containers
 * of stopped phases.
 *
 * @param installNetwork the engine network of install containers (build containers have none)
 * @param environment    every variable a container gets; nothing of the JVM's environment is passed
 */
record Containers(Engine engine, String image, String namespace, ContainerLimits limits, String installNetwork,
        Map<String, String> environment, Executor cleaner) {
    /** The user every container runs as: not root, and not a user of the host (1000 usually is). */
    static final int UID = 10001;
    static final String USER = UID + ":" + UID;

    Containers {
        environment = Map.copyOf(environment);
    }
}
