package dev.previewkit.backend.docker;

import dev.previewkit.spi.BuildOutput;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The build's output folder as the engine streams it out of the container: a tar stream whose entries sit under
 * the folder's own name, read one by one. Links and devices are reported as what they are, for the core to
 * refuse; closing removes the container.
 */
final class ContainerOutput implements BuildOutput.OutputEntries {
    private final TarArchiveInputStream tar;
    private final Runnable onClose;

    ContainerOutput(InputStream archive, Runnable onClose) {
        this.tar = new TarArchiveInputStream(archive);
        this.onClose = onClose;
    }

    @Override
    public Optional<BuildOutput.OutputEntry> next() throws IOException {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            String name = entry.getName();
            int slash = name.indexOf('/');
            String path = slash < 0 ? "" : name.substring(slash + 1);
            if (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            if (!path.isEmpty()) {
                return Optional.of(new BuildOutput.OutputEntry(path, type(entry), tar));
            }
        }
        return Optional.empty();
    }

    private static BuildOutput.OutputEntry.Type type(TarArchiveEntry entry) {
        if (entry.isSymbolicLink()) {
            return BuildOutput.OutputEntry.Type.SYMBOLIC_LINK;
        }
        if (entry.isDirectory()) {
            return BuildOutput.OutputEntry.Type.DIRECTORY;
        }
        return entry.isFile() && !entry.isLink() ? BuildOutput.OutputEntry.Type.FILE : BuildOutput.OutputEntry.Type.OTHER;
    }

    @Override
    public void close() throws IOException {
        try {
            tar.close();
        } finally {
            onClose.run();
        }
    }
}
