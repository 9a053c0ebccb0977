package dev.previewkit.backend.localnpm;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Copies a {@code node_modules} tree cheaply: package files become hard links, symbolic links are re-created,
 * folders are made anew.
 *
 * <p>Files directly inside the root (such as npm's hidden lockfile {@code .package-lock.json}) are real copies:
 * package managers rewrite those in place, which through a hard link would change the source tree too. Files
 * inside packages are only ever replaced whole, which leaves the source untouched.
 */
final class HardLinkTree {
    private HardLinkTree() {}

    static void copy(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path copy = target.resolve(source.relativize(file).toString());
                if (attrs.isSymbolicLink()) {
                    Files.createSymbolicLink(copy, Files.readSymbolicLink(file));
                } else if (attrs.isRegularFile() && !file.getParent().equals(source)) {
                    link(file, copy);
                } else if (attrs.isRegularFile()) {
                    Files.copy(file, copy);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void link(Path file, Path copy) throws IOException {
        try {
            Files.createLink(copy, file);
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);  // another file system, or no hard links
        }
    }
}
