package dev.previewkit;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A published build output: a folder of regular files that the host application serves.
 *
 * <p>The folder is written once, by an atomic move, and never changed afterwards.
 *
 * @param id    the artifact's identifier, also its folder name
 * @param root  the folder to serve
 * @param files relative POSIX paths of every file, sorted
 */
public record Artifact(String id, Path root, List<String> files) {
    public Artifact {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(root, "root");
        files = List.copyOf(files);
    }

    /** The entry page, {@code root/index.html}. */
    public Path indexFile() {
        return root.resolve("index.html");
    }
}
