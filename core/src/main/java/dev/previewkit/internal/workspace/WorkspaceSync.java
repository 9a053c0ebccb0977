package dev.previewkit.internal.workspace;

import dev.previewkit.ProjectFile;
import dev.previewkit.ProjectFiles;
import dev.previewkit.internal.fs.Directories;
import dev.previewkit.spi.WorkspaceUpdate;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps a lasting workspace equal to a project's files, writing only what changed: a session's build workspace or
 * its dev server's. Each sync removes what the project no longer has and whatever a build left (links, stray
 * files, folders), except the top-level {@code node_modules} the backend owns, and writes each changed file in
 * place: file watchers (Rollup's watch mode, Vite's dev server) keep watching a file whose content changes, while
 * some of them lose one that is replaced by a rename. A file with a second hard link is replaced instead, so a
 * link a build planted never carries a write out of the workspace.
 *
 * <p>A file counts as unchanged when its content digest is the one written last time and its size, modification
 * time and file key are still those seen after writing: a build that touched a source file gets it back. Links are
 * never followed. Not thread-safe: one sync at a time, while nothing else writes the workspace.
 */
final class WorkspaceSync {
    /** The folder the backend keeps in the workspace (its linked dependencies), left alone. */
    static final String BACKEND_FOLDER = "node_modules";

    private final Path root;
    private final Map<String, Written> written = new HashMap<>();

    /** What was written at a path, and how the file looked right after. */
    private record Written(String sha256, long size, FileTime modified, Object fileKey) {
        boolean matches(ProjectFile file, BasicFileAttributes now) {
            return sha256.equals(file.sha256()) && size == now.size() && modified.equals(now.lastModifiedTime())
                    && Objects.equals(fileKey, now.fileKey());
        }
    }

    /** @param root the workspace, created on the first sync */
    WorkspaceSync(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /**
     * Makes the workspace hold exactly {@code files} (and the backend's folder).
     *
     * @throws IOException when the workspace cannot be read or written; it is then reset at the next sync
     */
    WorkspaceUpdate sync(ProjectFiles files) throws IOException {
        boolean created = !Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS);
        if (created) {
            written.clear();
            Files.createDirectories(root);
        }
        Map<String, ProjectFile> wanted = new HashMap<>();
        Set<String> folders = new HashSet<>();
        for (ProjectFile file : files.files()) {
            wanted.put(file.path(), file);
            for (int slash = file.path().indexOf('/'); slash > 0; slash = file.path().indexOf('/', slash + 1)) {
                folders.add(file.path().substring(0, slash));
            }
        }
        Set<String> unchanged = new HashSet<>();
        Set<String> deleted = new HashSet<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(root)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String path = relative(dir);
                    if (path.equals(BACKEND_FOLDER)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (!folders.contains(path)) {
                        forgetUnder(path, deleted);
                        Directories.deleteRecursively(dir);
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path entry, BasicFileAttributes attrs) throws IOException {
                    String path = relative(entry);
                    ProjectFile file = wanted.get(path);
                    Written before = written.get(path);
                    if (file != null && attrs.isRegularFile() && before != null && before.matches(file, attrs)) {
                        unchanged.add(path);
                    } else if (file == null || !attrs.isRegularFile()) {
                        Files.delete(entry);  // a link, a file the project no longer has, or a leftover of a build
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Set<String> added = new HashSet<>();
        Set<String> modified = new HashSet<>();
        for (String path : Set.copyOf(written.keySet())) {
            if (!wanted.containsKey(path)) {
                written.remove(path);
                deleted.add(path);
            }
        }
        for (ProjectFile file : files.files()) {
            if (unchanged.contains(file.path())) {
                continue;
            }
            (written.containsKey(file.path()) ? modified : added).add(file.path());
            write(file);
        }
        return new WorkspaceUpdate(created, added, modified, deleted);
    }

    /** Forgets the files written under a folder that is being removed, counting them as deleted. */
    private void forgetUnder(String folder, Set<String> deleted) {
        written.keySet().removeIf(path -> {
            boolean under = path.startsWith(folder + "/");
            if (under) {
                deleted.add(path);
            }
            return under;
        });
    }

    private void write(ProjectFile file) throws IOException {
        Path target = root.resolve(file.path()).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new IllegalStateException("validated path escaped its root: " + file.path());
        }
        Files.createDirectories(target.getParent());
        boolean inPlace = Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                && ((Number) Files.getAttribute(target, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue() == 1;
        if (!inPlace) {
            Files.deleteIfExists(target);
        }
        try (InputStream in = file.openStream();
                OutputStream out = Files.newOutputStream(target, LinkOption.NOFOLLOW_LINKS, StandardOpenOption.WRITE,
                        inPlace ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.CREATE_NEW)) {
            in.transferTo(out);
        }
        BasicFileAttributes attrs = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        written.put(file.path(), new Written(file.sha256(), attrs.size(), attrs.lastModifiedTime(), attrs.fileKey()));
    }

    private String relative(Path entry) {
        return root.relativize(entry).toString().replace('\\', '/');
    }
}
