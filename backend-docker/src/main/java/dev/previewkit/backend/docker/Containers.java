package dev.previewkit.backend.docker;

import java.util.Map;
import java.util.concurrent.Executor;

/**
 * What every container of one backend shares: the engine, the image, the namespace its names and labels carry,
 * the limits, the network installs use, the allow-listed environment, and the thread that removes containers
 * of stopped phases.
 *
 * @param installNetwork the engine network of install containers (build containers have none)
 * @param environment        every variable a container gets; nothing of the JVM's environment is passed
 * @param commandEnvironment variables only the command gets, as they name files that arrive with the project
 */
record Containers(Engine engine, String image, String namespace, ContainerLimits limits, String installNetwork,
        Map<String, String> environment, Map<String, String> commandEnvironment, Executor cleaner) {
    /** The user every container runs as: not root, and not a user of the host (1000 usually is). */
    static final int UID = 10001;
    static final String USER = UID + ":" + UID;

    Containers {
        environment = Map.copyOf(environment);
        commandEnvironment = Map.copyOf(commandEnvironment);
    }
}
