package dev.previewkit.spi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a build produced: a local folder of output files. The core treats it as untrusted, copying regular
 * files only, within size and count limits.
 *
 * @param directory the output folder
 */
public record BuildOutput(Path directory) {
    public BuildOutput {
        Objects.requireNonNull(directory, "directory");
    }
}
