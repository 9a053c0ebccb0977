package dev.previewkit.internal.cache;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * A complete entry of a {@link DiskStore}: its folder, its size on disk and the metadata written with its
 * completion marker.
 */
record StoreEntry(String key, Path folder, long bytes, JsonNode metadata) {}
