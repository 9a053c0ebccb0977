package dev.previewkit.backend.localnpm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/** Reads the JSON files of an install ({@code package.json}, npm lockfiles) with one shared mapper. */
final class PackageFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PackageFiles() {}

    /**
     * The JSON tree of a file.
     *
     * @throws IOException when it cannot be read or is not JSON
     */
    static JsonNode read(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }
}
