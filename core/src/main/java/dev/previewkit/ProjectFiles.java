package dev.previewkit;

import dev.previewkit.InvalidProjectException.Rule;
import dev.previewkit.internal.content.Content;
import dev.previewkit.internal.content.FileReference;
import dev.previewkit.internal.content.InMemoryContent;
import dev.previewkit.internal.content.SpillStore;
import dev.previewkit.internal.validation.ProjectPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
 * duplicates after Unicode NFC normalization, no file that is also a folder of another. Paths, file count,
 * the size of each file and the total size are bounded by {@link ProjectLimits}. A file that breaks a rule is
 * refused with an {@link InvalidProjectException} naming the path and the rule; nothing is written anywhere
 * before a {@code ProjectFiles} exists, except the spilled streams described below. Files may be binary.
 *
 * <p><b>Large files stay out of the heap.</b> Files of up to {@value Builder#IN_MEMORY_MAX_BYTES} bytes (source
 * code, manifests) are held in memory. A larger file read from disk ({@link #fromDirectory(Path)},
 * {@link Builder#add(String, Path)}) is only referenced: its size, modification time and SHA-256 are recorded,
 * and a build that finds it changed fails with rule {@link InvalidProjectException.Rule#SOURCE_CHANGED}
 * instead of building the wrong bytes. A larger stream ({@link Builder#add(String, InputStream)}, such as a
 * zip entry of an upload) is spilled to a temporary folder under {@code java.io.tmpdir} in which identical
 * contents are stored once; a spilled file is deleted when no {@code ProjectFile} refers to it any more, and
 * the folder at JVM exit.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class ProjectFiles {
    /** Folders that {@link #fromDirectory(Path)} never reads: installs and build output. */
    private static final Set<String> SKIPPED_FOLDERS = Set.of("node_modules", "dist", ".git");

    private final Map<String, ProjectFile> files;
    private final long totalBytes;
    private final ProjectLimits limits;

    private ProjectFiles(Map<String, ProjectFile> files, long totalBytes, ProjectLimits limits) {
        this.files = Collections.unmodifiableMap(files);
        this.totalBytes = totalBytes;
        this.limits = limits;
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
     * provider. Small files are read into memory; larger ones are read once to digest them and then only
     * referenced (see the class description), so they must stay unchanged while builds of this project run.
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
                        builder.add(relativePosixPath(root, file), file, attrs);
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

    /** The limits these files were checked against. */
    public ProjectLimits limits() {
        return limits;
    }

    /** Equal when both hold the same paths with the same SHA-256 digests; never reads file contents. */
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
     * Collects files, validating each path and size as it is added and the folder structure on {@link #build()}.
     * Not thread-safe; use one builder per thread.
     */
    public static final class Builder {
        /** The largest file held in the heap; larger ones are referenced on disk or spilled. */
        public static final int IN_MEMORY_MAX_BYTES = 64 * 1024;

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

        /** Adds a text file, encoded as UTF-8; see {@link #add(String, byte[])}. */
        public Builder add(String path, String content) {
            return add(path, content.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Adds a file with the given bytes, copied and held in the heap whatever their size; for large files
         * prefer {@link #add(String, Path)} or {@link #add(String, InputStream)}.
         *
         * @throws InvalidProjectException when the path breaks a rule or duplicates an added one, or the file is
         *     too large
         */
        public Builder add(String path, byte[] content) {
            String canonical = newPath(path);
            checkRoomFor(canonical, content.length);
            return put(canonical, InMemoryContent.of(content.clone()));
        }

        /**
         * Adds the regular file {@code file} (not followed if it is a symbolic link) under {@code path}. A file
         * of up to {@value #IN_MEMORY_MAX_BYTES} bytes is read into memory; a larger one is read once to digest
         * it and then referenced, so it must not change while builds of the project may run (they fail with
         * rule {@link InvalidProjectException.Rule#SOURCE_CHANGED} when it does).
         *
         * @throws InvalidProjectException when the path breaks a rule or duplicates an added one, the file is
         *     too large, or it is not a readable regular file
         */
        public Builder add(String path, Path file) {
            try {
                return add(path, file, Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
            } catch (IOException e) {
                throw unreadable(path, file, e);
            }
        }

        private Builder add(String path, Path file, BasicFileAttributes attributes) {
            String canonical = newPath(path);
            if (!attributes.isRegularFile()) {
                throw new InvalidProjectException(Rule.UNREADABLE_SOURCE, path, "Project file '" + path + "' comes"
                        + " from " + file + ", which is not a regular file (rule " + Rule.UNREADABLE_SOURCE + ")");
            }
            checkRoomFor(canonical, attributes.size());
            try {
                return put(canonical, attributes.size() <= IN_MEMORY_MAX_BYTES ? read(canonical, file, attributes)
                        : FileReference.read(canonical, file, attributes));
            } catch (IOException e) {
                throw unreadable(path, file, e);
            }
        }

        private static Content read(String path, Path file, BasicFileAttributes attributes) throws IOException {
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readNBytes(IN_MEMORY_MAX_BYTES + 1);
            }
            if (bytes.length != attributes.size()) {
                throw new InvalidProjectException(Rule.SOURCE_CHANGED, path, "Project file '" + path + "' ("
                        + file + ") changed while it was read (rule " + Rule.SOURCE_CHANGED + ")");
            }
            return InMemoryContent.of(bytes);
        }

        private static InvalidProjectException unreadable(String path, Path file, IOException e) {
            return new InvalidProjectException(Rule.UNREADABLE_SOURCE, path, "Cannot read project file '" + path
                    + "' from " + file + ": " + e + " (rule " + Rule.UNREADABLE_SOURCE + ")");
        }

        /**
         * Adds a file read from {@code content} to its end (the stream is not closed). Up to
         * {@value #IN_MEMORY_MAX_BYTES} bytes are held in memory; a longer stream is spilled to a temporary
         * file, checked against the limits as it is written and deleted at once when it breaks one. Identical
         * spilled contents are stored once; see the {@link ProjectFiles} description for when they are deleted.
         *
         * @throws IOException when the stream or the spill folder fails
         * @throws InvalidProjectException when the path breaks a rule or duplicates an added one, or the file is
         *     too large
         */
        public Builder add(String path, InputStream content) throws IOException {
            String canonical = newPath(path);
            byte[] head = content.readNBytes(IN_MEMORY_MAX_BYTES + 1);
            if (head.length <= IN_MEMORY_MAX_BYTES) {
                checkRoomFor(canonical, head.length);
                return put(canonical, InMemoryContent.of(head));
            }
            return put(canonical, SpillStore.shared().spill(head, content, size -> checkRoomFor(canonical, size)));
        }

        /**
         * Adds a file of another project, for example to derive a changed version, sharing its bytes without
         * reading or copying them.
         *
         * @throws InvalidProjectException when the path breaks this builder's rules or duplicates an added one,
         *     or the file is too large
         */
        public Builder add(ProjectFile file) {
            String canonical = newPath(file.path());
            checkRoomFor(canonical, file.size());
            return put(canonical, file.storedContent());
        }

        /** Validates a path and refuses one that is already taken, before anything is read. */
        private String newPath(String path) {
            String canonical = ProjectPaths.canonicalize(path, limits);
            if (files.containsKey(canonical)) {
                throw new InvalidProjectException(Rule.DUPLICATE_PATH, path,
                        "Invalid project path '" + path + "': another file has the same path after normalization"
                                + " (rule " + Rule.DUPLICATE_PATH + ")");
            }
            return canonical;
        }

        private Builder put(String canonical, Content content) {
            files.put(canonical, new ProjectFile(canonical, content));
            totalBytes += content.size();
            return this;
        }

        /**
         * Checks, before or while a file of {@code size} bytes is read, that it fits the limits on file count,
         * file size and total size.
         *
         * @throws InvalidProjectException when it would make too many files or bytes
         */
        private void checkRoomFor(String path, long size) {
            if (files.size() + 1 > limits.maxFiles()) {
                throw new InvalidProjectException(Rule.TOO_MANY_FILES, null, "The project has more than "
                        + limits.maxFiles() + " files, the most allowed (rule " + Rule.TOO_MANY_FILES + ")");
            }
            if (size > limits.maxFileBytes()) {
                throw new InvalidProjectException(Rule.FILE_TOO_LARGE, path, "Project file '" + path + "' has at least "
                        + size + " bytes; at most " + limits.maxFileBytes() + " are allowed per file (rule "
                        + Rule.FILE_TOO_LARGE + ")");
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
            return new ProjectFiles(new TreeMap<>(files), totalBytes, limits);
        }
    }
}
