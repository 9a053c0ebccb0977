package dev.previewkit.spi;

import java.util.Objects;

/**
 * Names a dependency set that a backend holds: the key the core installed it for and the backend's own
 * reference to it (a folder name, a volume name, a snapshot id). The core persists both in the store's
 * completion marker and hands them back unchanged.
 *
 * @param dependencyKey the {@code dependencyKey} the set was installed for
 * @param reference     the backend's name for the set; opaque to the core, stable across restarts
 */
public record SetReference(String dependencyKey, String reference) {
    public SetReference {
        Objects.requireNonNull(dependencyKey, "dependencyKey");
        Objects.requireNonNull(reference, "reference");
        if (reference.isBlank()) {
            throw new IllegalArgumentException("a set reference is not blank");
        }
    }
}
