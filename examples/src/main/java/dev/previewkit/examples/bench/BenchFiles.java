package dev.previewkit.examples.bench;

import dev.previewkit.ProjectFile;
import dev.previewkit.ProjectFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Project files for the benchmark: loading fixtures, making variants, writing them out and deleting folders. */
final class BenchFiles {
    /** The source file every scenario that needs a source-only change edits; both apps have it. */
    static final String CHANGED_SOURCE = "src/main.tsx";

    private static final Pattern DEPENDENCIES = Pattern.compile("\"dependencies\"\\s*:\\s*\\{");

    private BenchFiles() {}

    /** The project with one line appended to {@link #CHANGED_SOURCE} that logs {@code marker}. */
    static ProjectFiles withSourceChange(ProjectFiles files, String marker) {
        return withFile(files, CHANGED_SOURCE,
                content -> content + "\nconsole.info('previewkit benchmark " + marker + "')\n");
    }

    /** The project with one more entry, pinned exactly, at the top of {@code dependencies} in package.json. */
    static ProjectFiles withAddedDependency(ProjectFiles files, String name, String version) {
        return withFile(files, "package.json", content -> {
            Matcher matcher = DEPENDENCIES.matcher(content);
            if (!matcher.find()) {
                throw new BenchmarkFailure("package.json has no \"dependencies\" object to add " + name + " to");
            }
            return content.substring(0, matcher.end()) + "\n    \"" + name + "\": \"" + version + "\","
                    + content.substring(matcher.end());
        });
    }

    /** The project with the text of {@code path} changed by {@code change}; every other file shared. */
    static ProjectFiles withFile(ProjectFiles files, String path, UnaryOperator<String> change) {
        if (!files.contains(path)) {
            throw new BenchmarkFailure("The project has no " + path + " to change");
        }
        ProjectFiles.Builder builder = ProjectFiles.builder().limits(files.limits());
        for (ProjectFile file : files.files()) {
            if (file.path().equals(path)) {
                builder.add(path, change.apply(file.contentAsString()));
            } else {
                builder.add(file);  // shares the bytes, large files stay where they are
            }
        }
        return builder.build();
    }

    /** The project without the file at {@code path}, and with {@code added} files; every other file shared. */
    static ProjectFiles without(ProjectFiles files, String path, Map<String, byte[]> added) {
        ProjectFiles.Builder builder = ProjectFiles.builder().limits(files.limits());
        files.files().stream().filter(file -> !file.path().equals(path)).forEach(builder::add);
        added.forEach(builder::add);
        return builder.build();
    }

    /** Writes every file of the project under {@code folder}, creating folders as needed. */
    static void writeTo(ProjectFiles files, Path folder) {
        try {
            for (ProjectFile file : files.files()) {
                Path target = folder.resolve(file.path());
                Files.createDirectories(target.getParent());
                try (InputStream in = file.openStream()) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the project to " + folder, e);
        }
    }

    /** Reads a text file's last lines, for failure messages; never throws. */
    static String tail(Path file, int lines) {
        try {
            String[] all = Files.readString(file, StandardCharsets.UTF_8).split("\n");
            return String.join("\n", Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    /** Deletes a folder tree without following symbolic links; a missing folder is fine. */
    static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    dir.toFile().setWritable(true);  // read-only folders would refuse the deletion of their entries
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + root, e);
        }
    }

    private static void delete(Path path) throws IOException {
        try {
            Files.delete(path);
        } catch (AccessDeniedException e) {
            path.toFile().setWritable(true);
            Files.delete(path);
        }
    }
}
