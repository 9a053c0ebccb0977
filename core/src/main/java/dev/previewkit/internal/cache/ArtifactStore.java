package dev.previewkit.internal.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.previewkit.Artifact;
import dev.previewkit.CacheLimits;
import dev.previewkit.OutputLimits;
import dev.previewkit.PreviewException;
import dev.previewkit.spi.BuildContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Published artifacts, keyed by {@code outputKey}: identical input finds the stored artifact without
 * building. Each artifact is copied from the build output (regular files only), renamed into place in one
 * step and then marked complete; see {@link DiskStore}. Thread-safe, and safe to share with other processes.
 */
public final class ArtifactStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DiskStore store;
    private final OutputLimits limits;

    public ArtifactStore(Path root, CacheLimits cacheLimits, OutputLimits limits) {
        this.store = new DiskStore(root, "artifact", cacheLimits, entry -> { });
        this.limits = limits;
    }

    /** Indexes the artifacts on disk and deletes incomplete ones. */
    public void recover() {
        store.recover();
    }

    /** The stored artifact for a key, if there is one. */
    public Optional<Artifact> lookup(String key) {
        return store.get(key).map(ArtifactStore::artifact);
    }

    /**
     * Keeps a stored artifact from eviction until the returned hold is closed, for example while a session
     * serves it; empty when the artifact is no longer stored.
     */
    public Optional<AutoCloseable> hold(String key) {
        return store.hold(key).map(held -> held.lease()::close);
    }

    /** Why there is no artifact for a key. */
    public String missReason(String key) {
        return store.evictionReason(key).map(reason -> "an artifact for this input was " + reason)
                .orElse("no artifact was built from this input yet");
    }

    /**
     * Publishes a build output under {@code key}; when another build published the same key meanwhile, returns
     * that artifact instead.
     *
     * @throws dev.previewkit.spi.StepFailedException (FAILED) for an output without index.html or over limits
     * @throws PreviewException when the store cannot be written
     */
    public Artifact publish(Path output, String key, BuildContext context) {
        try (KeyLock ignored = store.lock(key, context::isCancelled)) {
            Optional<StoreEntry> existing = store.get(key);
            if (existing.isPresent()) {
                return artifact(existing.get());
            }
            Path staging = store.newStaging(key);
            try {
                List<String> files = OutputCopier.copy(output, staging, limits, context);
                ObjectNode metadata = JSON.createObjectNode();
                ArrayNode list = metadata.putArray("files");
                files.forEach(list::add);
                return artifact(store.commit(key, metadata));
            } catch (IOException e) {
                store.discardStaging(key);
                throw new PreviewException("Cannot copy the build output of " + key + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                store.discardStaging(key);
                throw e;
            }
        }
    }

    private static Artifact artifact(StoreEntry entry) {
        List<String> files = new ArrayList<>();
        for (JsonNode file : entry.metadata().path("files")) {
            files.add(file.asText());
        }
        return new Artifact(entry.key(), entry.folder(), files);
    }
}
