package dev.previewkit;

import dev.previewkit.InvalidProjectException.Rule;
import dev.previewkit.internal.validation.ProjectPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The files of a web project, validated and immutable: the input of {@link PreviewBuilder#build}.
 *
 * <p>Every path is a relative POSIX path that cannot leave the project root: no {@code ..} or {@code .}
 * segments, no absolute or drive paths, no backslashes, no control characters, no empty segments, no
 * duplicates after Unicode NFC normalization, no file that is also a folder of another. Paths and total size
 * are bounded by {@link ProjectLimits}. A file that breaks a rule is refused with an
 * {@link InvalidProjectException} naming the path and the rule; nothing is written anywhere before a
 * {@code ProjectFiles} exists. Files may be binary.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class ProjectFiles {
    /** Folders that {@link #fromDirectory(Path)} never reads: installs and build output. */
    private static final Set<String> SKIPPED_FOLDERS = Set.of("node_modules", "dist", ".git");

    private final Map<String, ProjectFile> files;
    private final long totalBytes;

    private ProjectFiles(Map<String, ProjectFile> files, long totalBytes) {
        this.files = Collections.unmodifiableMap(files);
        this.totalBytes = totalBytes;
    }

    /** Text files from a map of path to UTF-8 content, checked against {@link ProjectLimits#DEFAULT}. */
    public static ProjectFiles fromMap(Map<String, String> files) {
        Builder builder = builder();
        files.forEach(builder::add);
        return builder.build();
    }

    /** Reads a project folder with {@link ProjectLimits#DEFAULT}; see {@link #fromDirectory(Path, ProjectLimits)}. */
    public static ProjectFiles fromDirectory(Path root) {
        return fromDirectory(root, ProjectLimits.DEFAULT);
    }

    /**
     * Reads every regular file under {@code root}, skipping {@code node_modules}, {@code dist} and {@code .git}
     * folders and symbolic links (which could point outside the project). Works on any {@link Path}
     * provider.
     *
     * @throws InvalidProjectException when a file breaks a rule or the folder cannot be read
     */
    public static ProjectFiles fromDirectory(Path root, ProjectLimits limits) {
        Builder builder = builder().limits(limits);
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    boolean skipped = !dir.equals(root) && SKIPPED_FOLDERS.contains(dir.getFileName().toString());
                    return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile()) {
                        builder.checkRoomFor(attrs.size());
                        builder.add(relativePosixPath(root, file), Files.readAllBytes(file));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidProjectException(Rule.UNREADABLE_SOURCE, null, "Cannot read project folder " + root
                    + ": " + e + " (rule " + Rule.UNREADABLE_SOURCE + ")");
        }
        return builder.build();
    }

    private static String relativePosixPath(Path root, Path file) {
        List<String> names = new ArrayList<>();
        root.relativize(file).forEach(name -> names.add(name.toString()));
        return String.join("/", names);
    }

    /** A builder for text and binary files, checked against {@link ProjectLimits#DEFAULT} unless set. */
    public static Builder builder() {
        return new Builder();
    }

    /** All files, sorted by path. */
    public List<ProjectFile> files() {
        return List.copyOf(files.values());
    }

    /** The file at a path, if present. */
    public Optional<ProjectFile> file(String path) {
        return Optional.ofNullable(files.get(path));
    }

    /** Whether a file exists at this exact path. */
    public boolean contains(String path) {
        return files.containsKey(path);
    }

    /** The number of files. */
    public int size() {
        return files.size();
    }

    /** The bytes of all files together. */
    public long totalBytes() {
        return totalBytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProjectFiles other && files.equals(other.files);
    }

    @Override
    public int hashCode() {
        return files.hashCode();
    }

    @Override
    public String toString() {
        return "ProjectFiles[" + files.size() + " files, " + totalBytes + " bytes]";
    }

    /**
     * Collects files, validating each path as it is added and the limits on {@link #build()}. Not
     * thread-safe; use one builder per thread.
     */
    public static final class Builder {
        private final TreeMap<String, ProjectFile> files = new TreeMap<>();
        private ProjectLimits limits = ProjectLimits.DEFAULT;
        private long totalBytes;

        private Builder() {}

        /** Sets the limits to check, before the first file is added; {@link ProjectLimits#DEFAULT} when not set. */
        public Builder limits(ProjectLimits limits) {
            if (!files.isEmpty()) {
                throw new IllegalStateException("set the limits before adding files");
            }
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Adds a text file, encoded as UTF-8. */
        public Builder add(String path, String content) {
            return add(path, content.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Adds a file with the given bytes (copied).
         *
         * @throws InvalidProjectException when the path breaks a rule or duplicates an added one
         */
        public Builder add(String path, byte[] content) {
            String canonical = ProjectPaths.canonicalize(path, limits);
            checkRoomFor(content.length);
            ProjectFile file = new ProjectFile(canonical, content.clone());
            if (files.putIfAbsent(canonical, file) != null) {
                throw new InvalidProjectException(Rule.DUPLICATE_PATH, path,
                        "Invalid project path '" + path + "': another file has the same path after normalization"
                                + " (rule " + Rule.DUPLICATE_PATH + ")");
            }
            totalBytes += content.length;
            return this;
        }

        /**
         * Checks, before a file of {@code size} bytes is read or added, that it fits the file-count and size
         * limits.
         *
         * @throws InvalidProjectException when it would make too many files or bytes
         */
        private void checkRoomFor(long size) {
            if (files.size() + 1 > limits.maxFiles()) {
                throw new InvalidProjectException(Rule.TOO_MANY_FILES, null, "The project has more than "
                        + limits.maxFiles() + " files, the most allowed (rule " + Rule.TOO_MANY_FILES + ")");
            }
            if (totalBytes + size > limits.maxTotalBytes()) {
                throw new InvalidProjectException(Rule.TOO_LARGE, null, "The project has at least "
                        + (totalBytes + size) + " bytes; at most " + limits.maxTotalBytes() + " are allowed (rule "
                        + Rule.TOO_LARGE + ")");
            }
        }

        /**
         * Returns the immutable project.
         *
         * @throws InvalidProjectException when a file's path is also the folder of another file
         */
        public ProjectFiles build() {
            for (String path : files.keySet()) {
                String folder = files.ceilingKey(path + "/");
                if (folder != null && folder.startsWith(path + "/")) {
                    throw new InvalidProjectException(Rule.DUPLICATE_PATH, path, "Invalid project path '" + path
                            + "': it is a file and also the folder of '" + folder + "' (rule " + Rule.DUPLICATE_PATH + ")");
                }
            }
            return new ProjectFiles(new TreeMap<>(files), totalBytes);
        }
    }
}
