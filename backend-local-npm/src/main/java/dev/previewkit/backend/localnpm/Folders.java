package dev.previewkit.backend.localnpm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deleting and measuring folder trees, links never followed. */
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

    /**
     * The bytes of the regular files under {@code folder}, links not followed.
     *
     * @throws IOException when the folder cannot be read
     */
    static long size(Path folder) throws IOException {
        long[] total = {0};
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                total[0] += attributes.isRegularFile() ? attributes.size() : 0;
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
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
