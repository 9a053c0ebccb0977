package dev.previewkit.backend.docker;

import com.github.dockerjava.api.model.Container;
import dev.previewkit.spi.SetReference;
import dev.previewkit.tck.BackendInventory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the Docker backend still runs and holds for a work directory, asked of the engine: containers and
 * dependency-set volumes carrying the work directory's {@linkplain TestEngine#namespace namespace}.
 */
final class DockerInventory implements BackendInventory {

    @Override
    public List<String> running(Path workDirectory) {
        try (Engine engine = Engine.connect(Optional.empty())) {
            return engine.containers(Labels.filter(TestEngine.namespace(workDirectory))).stream()
                    .map(DockerInventory::describe).toList();
        }
    }

    @Override
    public Set<SetReference> heldSets(Path workDirectory) {
        try (Engine engine = Engine.connect(Optional.empty())) {
            return engine.volumes(Labels.filter(TestEngine.namespace(workDirectory))).stream()
                    .filter(volume -> Labels.DEPENDENCIES.equals(labels(volume.getLabels()).get(Labels.ROLE)))
                    .map(volume -> new SetReference(labels(volume.getLabels()).get(Labels.DEPENDENCY_KEY),
                            volume.getName()))
                    .collect(Collectors.toSet());
        }
    }

    @Override
    public boolean loseSet(Path workDirectory, SetReference set) {
        try (Engine engine = Engine.connect(Optional.empty())) {
            engine.removeVolume(set.reference());
            return true;
        }
    }

    private static Map<String, String> labels(Map<String, String> labels) {
        return Objects.requireNonNullElse(labels, Map.of());
    }

    private static String describe(Container container) {
        return "container " + Arrays.toString(container.getNames()) + " " + container.getState();
    }
}
