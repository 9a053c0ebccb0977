package dev.previewkit.spi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A project to build: its workspace folder (all project files, no {@code node_modules}) and build options.
 *
 * @param workspace the folder with the project files, owned by the core
 * @param basePath  the public base path the app is served under, such as {@code /}
 */
public record BuildRequest(Path workspace, String basePath) {
    public BuildRequest {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(basePath, "basePath");
    }
}
