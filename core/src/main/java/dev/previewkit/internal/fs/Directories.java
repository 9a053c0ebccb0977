package dev.previewkit.internal.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

/** Folder helpers that never follow symbolic links. */
public final class Directories {
    private Directories() {}

    /**
     * Deletes the sub-folders of {@code parent} last modified longer than {@code age} ago, such as build folders
     * a crashed process left; younger ones may still be in use. Does nothing when the parent does not exist.
     */
    public static void deleteChildrenOlderThan(Path parent, Duration age) {
        if (!Files.isDirectory(parent)) {
            return;
        }
        Instant cutoff = Instant.now().minus(age);
        try (Stream<Path> children = Files.list(parent)) {
            for (Path child : children.toList()) {
                if (Files.getLastModifiedTime(child, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff)) {
                    deleteRecursively(child);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clean " + parent, e);
        }
    }

    /**
     * Deletes a folder and everything in it; a symbolic link is removed, never its target. Does nothing when
     * the path does not exist.
     */
    public static void deleteRecursively(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null && !(e instanceof NoSuchFileException)) {
                        throw e;
                    }
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + root, e);
        }
    }
}
