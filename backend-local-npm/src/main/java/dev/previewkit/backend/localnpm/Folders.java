package dev.previewkit.backend.localnpm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deleting folder trees, links included but never followed. */
final class Folders {
    private Folders() {}

    /**
     * Deletes {@code path} and everything under it; nothing happens when it does not exist.
     *
     * @throws IOException when something cannot be deleted
     */
    static void delete(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path entry : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(entry);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** {@link #delete}, for leftovers whose deletion may fail without harm (a later run uses a new name). */
    static void deleteQuietly(Path path) {
        try {
            delete(path);
        } catch (IOException e) {
            // Only wasted space.
        }
    }
}
