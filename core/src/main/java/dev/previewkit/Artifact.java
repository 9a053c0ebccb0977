package dev.previewkit;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A published build output: a folder of regular files that the host application serves, or, for a backend that
 * serves previews itself (a remote sandbox), the URI to link to.
 *
 * <p>The folder is written once, by an atomic move, and never changed afterwards.
 *
 * @param id         the artifact's identifier, also its folder name
 * @param root       the folder to serve (empty for a preview served elsewhere)
 * @param files      relative POSIX paths of every file, sorted
 * @param previewUri where the backend serves the preview, for a backend whose capabilities say so
 * @param profile    the profile it was built with
 * @param toolchain  the toolchain that built it: the project's own, or the modern one the profile asked for
 */
public record Artifact(String id, Path root, List<String> files, Optional<URI> previewUri, BuildProfile profile,
        Toolchain toolchain) {
    public Artifact {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(root, "root");
        files = List.copyOf(files);
        Objects.requireNonNull(previewUri, "previewUri");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(toolchain, "toolchain");
    }

    /** An artifact of files to serve, built with {@link BuildProfile#PRODUCTION} and the project's toolchain. */
    public Artifact(String id, Path root, List<String> files) {
        this(id, root, files, Optional.empty(), BuildProfile.PRODUCTION, Toolchain.PROJECT);
    }

    /** The entry page, {@code root/index.html}. */
    public Path indexFile() {
        return root.resolve("index.html");
    }
}
