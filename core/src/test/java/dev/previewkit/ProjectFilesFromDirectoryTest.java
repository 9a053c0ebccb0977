package dev.previewkit;

import static dev.previewkit.InvalidProjectAssertions.assertNoControlCharacters;
import static dev.previewkit.InvalidProjectAssertions.assertRejected;
import static dev.previewkit.InvalidProjectAssertions.assertRejectedPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.previewkit.InvalidProjectException.Rule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ProjectFiles#fromDirectory} on an in-memory file system. */
class ProjectFilesFromDirectoryTest {
    private FileSystem fs;
    private Path root;

    @BeforeEach
    void setUp() throws IOException {
        fs = Jimfs.newFileSystem(Configuration.unix());
        root = Files.createDirectories(fs.getPath("/work/project"));
    }

    @AfterEach
    void tearDown() throws IOException {
        fs.close();
    }

    private Path write(String relative, String content) throws IOException {
        return write(relative, content.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(String relative, byte[] content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    @Test
    void fromDirectory_nestedFiles_readWithSlashSeparatedPaths() throws IOException {
        write("package.json", "{}");
        write("index.html", "<html></html>");
        write("src/components/ui/Card.tsx", "export const Card = 1;");

        ProjectFiles files = ProjectFiles.fromDirectory(root);

        assertThat(files.files()).extracting(ProjectFile::path)
                .containsExactly("index.html", "package.json", "src/components/ui/Card.tsx");
        assertThat(files.file("src/components/ui/Card.tsx")).map(ProjectFile::contentAsString)
                .contains("export const Card = 1;");
        assertThat(files.totalBytes()).isEqualTo(2 + 13 + 22);
    }

    @Test
    void fromDirectory_windowsFileSystem_pathsUseForwardSlashes() throws IOException {
        try (FileSystem windows = Jimfs.newFileSystem(Configuration.windows())) {
            Path winRoot = Files.createDirectories(windows.getPath("C:\\work\\project"));
            Files.createDirectories(winRoot.resolve("src\\pages"));
            Files.writeString(winRoot.resolve("src\\pages\\Home.tsx"), "home");

            ProjectFiles files = ProjectFiles.fromDirectory(winRoot);

            assertThat(files.files()).extracting(ProjectFile::path).containsExactly("src/pages/Home.tsx");
        }
    }

    @Test
    void fromDirectory_installAndOutputFolders_skipped() throws IOException {
        write("package.json", "{}");
        write("node_modules/react/index.js", "module.exports = 1;");
        write("dist/index.html", "<built/>");
        write(".git/HEAD", "ref: refs/heads/main");
        write("packages/app/node_modules/x/index.js", "nested install");
        write("src/main.ts", "main");

        ProjectFiles files = ProjectFiles.fromDirectory(root);

        assertThat(files.files()).extracting(ProjectFile::path).containsExactly("package.json", "src/main.ts");
    }

    @Test
    void fromDirectory_folderNamesOnlySimilarToSkippedOnes_read() throws IOException {
        write("distribution/a.txt", "a");
        write("src/node_modules_docs/b.txt", "b");
        write(".github/c.yml", "c");

        ProjectFiles files = ProjectFiles.fromDirectory(root);

        assertThat(files.files()).extracting(ProjectFile::path)
                .containsExactly(".github/c.yml", "distribution/a.txt", "src/node_modules_docs/b.txt");
    }

    @Test
    void fromDirectory_symbolicLinks_skipped() throws IOException {
        write("index.html", "<html></html>");
        Path outside = Files.writeString(Files.createDirectories(fs.getPath("/secrets")).resolve("id_rsa"), "KEY");
        Files.createSymbolicLink(root.resolve("leak.txt"), outside);
        Files.createSymbolicLink(root.resolve("secrets-dir"), outside.getParent());
        Files.createSymbolicLink(root.resolve("alias.html"), root.resolve("index.html"));
        Files.createSymbolicLink(root.resolve("dangling"), fs.getPath("/nowhere"));

        ProjectFiles files = ProjectFiles.fromDirectory(root);

        assertThat(files.files()).extracting(ProjectFile::path).containsExactly("index.html");
        assertThat(files.files()).extracting(ProjectFile::contentAsString).doesNotContain("KEY");
    }

    @Test
    void fromDirectory_binaryContent_keptByteExact() throws IOException {
        byte[] binary = new byte[256 + 4];
        for (int i = 0; i < 256; i++) {
            binary[i] = (byte) i;
        }
        binary[256] = (byte) 0xC3; // a truncated UTF-8 sequence, then invalid bytes
        binary[257] = (byte) 0xFF;
        binary[258] = (byte) 0xFE;
        binary[259] = 0;
        write("public/logo.png", binary);

        ProjectFiles files = ProjectFiles.fromDirectory(root);

        ProjectFile file = files.file("public/logo.png").orElseThrow();
        assertThat(file.content()).isEqualTo(binary);
        assertThat(file.size()).isEqualTo(binary.length);
        assertThat(files.totalBytes()).isEqualTo(binary.length);
    }

    @Test
    void fromDirectory_result_isImmutable() throws IOException {
        write("a.txt", "abc");

        ProjectFiles files = ProjectFiles.fromDirectory(root);
        ProjectFile file = files.file("a.txt").orElseThrow();
        file.content()[0] = 'z';
        Files.writeString(root.resolve("a.txt"), "changed on disk");
        write("b.txt", "new");

        assertThatThrownBy(() -> files.files().remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(file.contentAsString()).isEqualTo("abc");
        assertThat(files.files()).extracting(ProjectFile::path).containsExactly("a.txt");
    }

    @Test
    void fromDirectory_emptyFolder_yieldsNoFiles() throws IOException {
        Files.createDirectories(root.resolve("empty/nested"));

        ProjectFiles files = ProjectFiles.fromDirectory(root);

        assertThat(files.size()).isZero();
        assertThat(files.totalBytes()).isZero();
    }

    @Test
    void fromDirectory_missingRoot_rejectedAsUnreadableSource() {
        Path missing = fs.getPath("/does/not/exist");

        InvalidProjectException e = catchThrowableOfType(InvalidProjectException.class,
                () -> ProjectFiles.fromDirectory(missing));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("NoSuchFileException").contains("UNREADABLE_SOURCE");
        assertThat(e.rule()).isEqualTo(Rule.UNREADABLE_SOURCE);
        assertThat(e.path()).isEmpty();
        assertThat(e.getMessage()).contains("/does/not/exist");
    }

    /** Names a Unix file system can hold but the path rules refuse: relative name, rule, printable path. */
    static Stream<Arguments> invalidNamesOnDisk() {
        String longSegment = "s".repeat(256);
        String longPath = ("d".repeat(100) + "/").repeat(5) + "f".repeat(20);
        return Stream.of(
                Arguments.of("src/a\\b.ts", Rule.BACKSLASH, "src/a\\b.ts"),
                Arguments.of("C:\\x", Rule.ABSOLUTE_PATH, "C:\\x"),
                Arguments.of("C:/x", Rule.ABSOLUTE_PATH, "C:/x"),
                Arguments.of("src/bell\u0007.ts", Rule.CONTROL_CHARACTER, "src/bell\\u0007.ts"),
                Arguments.of("src/line\nbreak.ts", Rule.CONTROL_CHARACTER, "src/line\\u000abreak.ts"),
                Arguments.of("esc\u001b[31m.txt", Rule.CONTROL_CHARACTER, "esc\\u001b[31m.txt"),
                Arguments.of("src/" + longSegment, Rule.NAME_TOO_LONG, "src/" + longSegment),
                Arguments.of(longPath, Rule.NAME_TOO_LONG, longPath));
    }

    @ParameterizedTest(name = "[{index}] {1}: {2}")
    @MethodSource("invalidNamesOnDisk")
    void fromDirectory_invalidName_rejectedWithRule(String relative, Rule rule, String printable) throws IOException {
        write("package.json", "{}");
        write(relative, "x");

        InvalidProjectException e =
                assertRejectedPath(() -> ProjectFiles.fromDirectory(root), rule, relative, printable);

        assertNoControlCharacters(e.getMessage());
    }

    @Test
    void fromDirectory_nfcAndNfdFolderSpellings_rejectedAsDuplicate() throws IOException {
        String nfc = "caf\u00e9/index.html";
        String nfd = "cafe\u0301/index.html";
        write(nfc, "one");
        write(nfd, "two");
        try (Stream<Path> entries = Files.list(root)) {
            assertThat(entries.count()).as("Jimfs keeps both spellings").isEqualTo(2);
        }

        InvalidProjectException e = assertRejected(() -> ProjectFiles.fromDirectory(root), Rule.DUPLICATE_PATH);

        // Which spelling is read second depends on directory order; either is the input path.
        assertThat(e.path()).get().isIn(nfc, nfd);
        assertThat(e.getMessage()).contains("'" + e.path().orElseThrow() + "'");
    }

    @Test
    void fromDirectory_moreFilesThanLimit_rejectedWithTooManyFiles() throws IOException {
        write("a", "1");
        write("b/c", "2");
        write("b/d", "3");

        InvalidProjectException e = assertRejected(
                () -> ProjectFiles.fromDirectory(root, ProjectLimits.DEFAULT.withMaxFiles(2)), Rule.TOO_MANY_FILES);

        assertThat(e.path()).isEmpty();
        assertThat(ProjectFiles.fromDirectory(root, ProjectLimits.DEFAULT.withMaxFiles(3)).size()).isEqualTo(3);
    }

    @Test
    void fromDirectory_moreBytesThanLimit_rejectedWithTooLarge() throws IOException {
        write("a.bin", new byte[600]);
        write("src/b.bin", new byte[500]);

        InvalidProjectException e = assertRejected(
                () -> ProjectFiles.fromDirectory(root, ProjectLimits.DEFAULT.withMaxTotalBytes(1_099)),
                Rule.TOO_LARGE);

        assertThat(e.path()).isEmpty();
        assertThat(e.getMessage()).contains("1100").contains("1099");
        assertThat(ProjectFiles.fromDirectory(root, ProjectLimits.DEFAULT.withMaxTotalBytes(1_100)).totalBytes())
                .isEqualTo(1_100);
    }

    @Test
    void fromDirectory_limitsGiven_appliedToPathRules() throws IOException {
        write("abcdef.txt", "x");
        ProjectLimits shortNames = new ProjectLimits(10, 1_000, 1_000, 512, 5);

        assertRejectedPath(() -> ProjectFiles.fromDirectory(root, shortNames), Rule.NAME_TOO_LONG,
                "abcdef.txt", "abcdef.txt");
    }

    @Test
    void fromDirectory_fileOverPerFileLimit_rejectedWithFileTooLargeNamingPath() throws IOException {
        write("public/hero.mp4", new byte[1_001]);

        InvalidProjectException e = assertRejected(
                () -> ProjectFiles.fromDirectory(root, ProjectLimits.DEFAULT.withMaxFileBytes(1_000)),
                Rule.FILE_TOO_LARGE);

        assertThat(e.path()).contains("public/hero.mp4");
    }

    @Test
    void fromDirectory_largeFile_referencedWithSizeDigestAndStreamedBytes() throws IOException {
        byte[] bytes = new byte[ProjectFiles.Builder.IN_MEMORY_MAX_BYTES * 4];
        new java.util.Random(1).nextBytes(bytes);
        write("public/photo.jpg", bytes);

        ProjectFile file = ProjectFiles.fromDirectory(root).file("public/photo.jpg").orElseThrow();

        assertThat(file.size()).isEqualTo(bytes.length);
        assertThat(file).isEqualTo(ProjectFiles.builder().add("public/photo.jpg", bytes).build()
                .file("public/photo.jpg").orElseThrow());
        try (InputStream in = file.openStream()) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void openStream_largeFileRewrittenWithSameSizeAndTime_refusedAtEndWithSourceChanged() throws IOException {
        Path photo = write("public/photo.jpg", new byte[ProjectFiles.Builder.IN_MEMORY_MAX_BYTES * 2]);
        ProjectFile file = ProjectFiles.fromDirectory(root).file("public/photo.jpg").orElseThrow();
        FileTime modified = Files.getLastModifiedTime(photo);
        byte[] changed = new byte[ProjectFiles.Builder.IN_MEMORY_MAX_BYTES * 2];
        changed[100] = 1;
        Files.write(photo, changed);
        Files.setLastModifiedTime(photo, modified);  // a change that size and time alone would miss

        InvalidProjectException e = assertRejected(() -> {
            try (InputStream in = file.openStream()) {
                in.readAllBytes();
            }
        }, Rule.SOURCE_CHANGED);

        assertThat(e.path()).contains("public/photo.jpg");
        assertThat(e.getMessage()).contains("public/photo.jpg").contains(photo.toString());
    }

    @Test
    void content_largeFileDeleted_refusedWithSourceChanged() throws IOException {
        Path photo = write("public/photo.jpg", new byte[ProjectFiles.Builder.IN_MEMORY_MAX_BYTES + 1]);
        ProjectFile file = ProjectFiles.fromDirectory(root).file("public/photo.jpg").orElseThrow();
        Files.delete(photo);

        InvalidProjectException e = assertRejected(file::content, Rule.SOURCE_CHANGED);

        assertThat(e.getMessage()).contains("no longer exists");
    }

    @Test
    void content_smallFileChangedOnDisk_keepsBytesReadAtFirst() throws IOException {
        Path source = write("src/App.tsx", "export default 1;");
        ProjectFile file = ProjectFiles.fromDirectory(root).file("src/App.tsx").orElseThrow();
        Files.writeString(source, "export default 2;");

        assertThat(file.contentAsString()).isEqualTo("export default 1;");
    }
}
