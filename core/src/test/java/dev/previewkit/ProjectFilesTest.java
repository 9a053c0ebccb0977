package dev.previewkit;

import static dev.previewkit.InvalidProjectAssertions.assertNoControlCharacters;
import static dev.previewkit.InvalidProjectAssertions.assertRejected;
import static dev.previewkit.InvalidProjectAssertions.assertRejectedPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.previewkit.InvalidProjectException.Rule;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Path rules and limits of {@link ProjectFiles}, through {@link ProjectFiles#builder()} and {@code fromMap}. */
class ProjectFilesTest {
    private static final String NFC_E = "caf\u00e9";   // é as one code point
    private static final String NFD_E = "cafe\u0301";  // e + combining acute accent

    /** input path, rule, the path as it must appear in the message (control characters escaped). */
    static Stream<Arguments> invalidPaths() {
        String longSegment = "s".repeat(256);
        String longPath = ("d".repeat(100) + "/").repeat(5) + "f".repeat(20); // 525 characters
        return Stream.of(
                Arguments.of("../x", Rule.DOT_SEGMENT, "../x"),
                Arguments.of("a/../../x", Rule.DOT_SEGMENT, "a/../../x"),
                Arguments.of("./a", Rule.DOT_SEGMENT, "./a"),
                Arguments.of("a/./b", Rule.DOT_SEGMENT, "a/./b"),
                Arguments.of("a/..", Rule.DOT_SEGMENT, "a/.."),
                Arguments.of("/abs", Rule.ABSOLUTE_PATH, "/abs"),
                Arguments.of("C:\\x", Rule.ABSOLUTE_PATH, "C:\\x"),
                Arguments.of("C:/x", Rule.ABSOLUTE_PATH, "C:/x"),
                Arguments.of("c:x", Rule.ABSOLUTE_PATH, "c:x"),
                Arguments.of("a\\b", Rule.BACKSLASH, "a\\b"),
                Arguments.of("..\\x", Rule.BACKSLASH, "..\\x"),
                Arguments.of("a\u0000b", Rule.CONTROL_CHARACTER, "a\\u0000b"),
                Arguments.of("bell\u0007.txt", Rule.CONTROL_CHARACTER, "bell\\u0007.txt"),
                Arguments.of("line\nbreak.txt", Rule.CONTROL_CHARACTER, "line\\u000abreak.txt"),
                Arguments.of("tab\t.txt", Rule.CONTROL_CHARACTER, "tab\\u0009.txt"),
                Arguments.of("del\u007f.txt", Rule.CONTROL_CHARACTER, "del\\u007f.txt"),
                Arguments.of("next\u0085line.txt", Rule.CONTROL_CHARACTER, "next\\u0085line.txt"),
                Arguments.of("split\u2028here.txt", Rule.CONTROL_CHARACTER, "split\\u2028here.txt"),
                Arguments.of("x\u202Egnp.js", Rule.CONTROL_CHARACTER, "x\\u202egnp.js"),
                Arguments.of("", Rule.EMPTY_PATH, ""),
                Arguments.of("a//b", Rule.EMPTY_SEGMENT, "a//b"),
                Arguments.of("a/", Rule.EMPTY_SEGMENT, "a/"),
                Arguments.of("node_modules/x", Rule.RESERVED_PATH, "node_modules/x"),
                Arguments.of("node_modules", Rule.RESERVED_PATH, "node_modules"),
                Arguments.of("Node_Modules/react/index.js", Rule.RESERVED_PATH, "Node_Modules/react/index.js"),
                Arguments.of(longSegment, Rule.NAME_TOO_LONG, longSegment),
                Arguments.of("src/" + longSegment + "/a.ts", Rule.NAME_TOO_LONG, "src/" + longSegment + "/a.ts"),
                Arguments.of(longPath, Rule.NAME_TOO_LONG, longPath));
    }

    @ParameterizedTest(name = "[{index}] {1}: {2}")
    @MethodSource("invalidPaths")
    void add_invalidPath_rejectedWithRule(String path, Rule rule, String printable) {
        ProjectFiles.Builder builder = ProjectFiles.builder();

        InvalidProjectException e =
                assertRejectedPath(() -> builder.add(path, "content"), rule, path, printable);

        assertNoControlCharacters(e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] {1}: {2}")
    @MethodSource("invalidPaths")
    void fromMap_invalidPath_rejectedWithRule(String path, Rule rule, String printable) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("package.json", "{}");
        files.put(path, "content");

        InvalidProjectException e =
                assertRejectedPath(() -> ProjectFiles.fromMap(files), rule, path, printable);

        assertNoControlCharacters(e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] {1}: {2}")
    @MethodSource("invalidPaths")
    void addBytes_invalidPath_rejectedWithRule(String path, Rule rule, String printable) {
        ProjectFiles.Builder builder = ProjectFiles.builder();

        assertRejectedPath(() -> builder.add(path, new byte[] {1, 2, 3}), rule, path, printable);
    }

    @Test
    void add_nullPath_rejectedAsEmptyPath() {
        assertRejected(() -> ProjectFiles.builder().add(null, "x"), Rule.EMPTY_PATH);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "index.html", "src/App.tsx", "src/components/Card.tsx", ".env", ".github/workflows/ci.yml",
        "..foo", "foo..", "a.b/c", "node_modules_extra/x", "my node_modules/x", "ü/ñ.txt", "emoji-\uD83D\uDE00.svg"})
    void add_validPath_accepted(String path) {
        ProjectFiles files = ProjectFiles.builder().add(path, "x").build();

        assertThat(files.contains(path)).isTrue();
        assertThat(files.file(path)).map(ProjectFile::path).contains(path);
    }

    @Test
    void add_segmentOfExactlyMaxLength_accepted() {
        String name = "s".repeat(ProjectLimits.DEFAULT.maxSegmentLength());

        ProjectFiles files = ProjectFiles.builder().add("src/" + name, "x").build();

        assertThat(files.contains("src/" + name)).isTrue();
    }

    @Test
    void add_pathOfExactlyMaxLength_accepted() {
        String path = ("d".repeat(99) + "/").repeat(5) + "f".repeat(12);
        assertThat(path).hasSize(ProjectLimits.DEFAULT.maxPathLength());

        ProjectFiles files = ProjectFiles.builder().add(path, "x").build();

        assertThat(files.contains(path)).isTrue();
    }

    @Test
    void add_nfdSpelling_storedAsNfc() {
        ProjectFiles files = ProjectFiles.builder().add(NFD_E + "/index.html", "x").build();

        assertThat(files.contains(NFC_E + "/index.html")).isTrue();
        assertThat(files.contains(NFD_E + "/index.html")).isFalse();
        assertThat(files.files()).extracting(ProjectFile::path).containsExactly(NFC_E + "/index.html");
    }

    @Test
    void add_nfcAndNfdSpellingsOfSameFolder_rejectedAsDuplicate() {
        ProjectFiles.Builder builder = ProjectFiles.builder().add(NFC_E + "/index.html", "one");
        String second = NFD_E + "/index.html";

        assertRejectedPath(() -> builder.add(second, "two"), Rule.DUPLICATE_PATH, second, second);
    }

    @Test
    void fromMap_nfcAndNfdSpellingsOfSameFolder_rejectedAsDuplicate() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(NFD_E + "/a.txt", "one");
        files.put(NFC_E + "/a.txt", "two");

        assertRejectedPath(() -> ProjectFiles.fromMap(files), Rule.DUPLICATE_PATH,
                NFC_E + "/a.txt", NFC_E + "/a.txt");
    }

    @Test
    void add_samePathTwice_rejectedAsDuplicate() {
        ProjectFiles.Builder builder = ProjectFiles.builder().add("src/a.ts", "one");

        assertRejectedPath(() -> builder.add("src/a.ts", "two"), Rule.DUPLICATE_PATH, "src/a.ts", "src/a.ts");
    }

    @Test
    void build_fileIsAlsoFolderOfAnother_rejectedAsDuplicate() {
        ProjectFiles.Builder builder = ProjectFiles.builder().add("a", "file").add("a/b", "nested");

        InvalidProjectException e = assertRejectedPath(builder::build, Rule.DUPLICATE_PATH, "a", "a");

        assertThat(e.getMessage()).contains("'a/b'");
    }

    @Test
    void build_fileIsAlsoFolderOfAnotherAddedFirst_rejectedAsDuplicate() {
        ProjectFiles.Builder builder =
                ProjectFiles.builder().add("src/lib/x/y.ts", "nested").add("src/lib-a", "z").add("src/lib", "file");

        InvalidProjectException e = assertRejectedPath(builder::build, Rule.DUPLICATE_PATH, "src/lib", "src/lib");

        assertThat(e.getMessage()).contains("src/lib/x/y.ts");
    }

    @Test
    void build_siblingsSharingPrefix_accepted() {
        ProjectFiles files = ProjectFiles.builder().add("a", "1").add("ab/c", "2").add("a-b/c", "3").add("a.b", "4")
                .build();

        assertThat(files.size()).isEqualTo(4);
    }

    @Test
    void add_moreFilesThanLimit_rejectedWithTooManyFiles() {
        ProjectFiles.Builder builder = ProjectFiles.builder().limits(ProjectLimits.DEFAULT.withMaxFiles(2))
                .add("a", "1").add("b", "2");

        InvalidProjectException e = assertRejected(() -> builder.add("c", "3"), Rule.TOO_MANY_FILES);

        assertThat(e.path()).isEmpty();
        assertThat(e.getMessage()).contains("more than 2 files");
    }

    @Test
    void build_exactlyMaxFiles_accepted() {
        ProjectFiles files = ProjectFiles.builder().limits(ProjectLimits.DEFAULT.withMaxFiles(2))
                .add("a", "1").add("b", "2").build();

        assertThat(files.size()).isEqualTo(2);
    }

    @Test
    void add_moreBytesThanLimit_rejectedWithTooLarge() {
        ProjectFiles.Builder builder = ProjectFiles.builder().limits(ProjectLimits.DEFAULT.withMaxTotalBytes(10))
                .add("a", "12345");

        InvalidProjectException e = assertRejected(() -> builder.add("b", "123456"), Rule.TOO_LARGE);

        assertThat(e.path()).isEmpty();
        assertThat(e.getMessage()).contains("11").contains("10");
    }

    @Test
    void build_exactlyMaxBytes_accepted() {
        ProjectFiles files = ProjectFiles.builder().limits(ProjectLimits.DEFAULT.withMaxTotalBytes(10))
                .add("a", "12345").add("b", "12345").build();

        assertThat(files.totalBytes()).isEqualTo(10);
    }

    @Test
    void build_multiByteCharacters_countedAsUtf8Bytes() {
        ProjectFiles files = ProjectFiles.builder().add("a.txt", "\u00e9\u20ac").build(); // 2 + 3 bytes

        assertThat(files.totalBytes()).isEqualTo(5);
        assertThat(files.file("a.txt")).map(ProjectFile::size).contains(5L);
    }

    @Test
    void limits_nonPositive_rejected() {
        assertThatThrownBy(() -> ProjectLimits.DEFAULT.withMaxFiles(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProjectLimits.DEFAULT.withMaxTotalBytes(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void files_returnedList_isUnmodifiableAndSorted() {
        ProjectFiles files = ProjectFiles.fromMap(Map.of("src/b.ts", "b", "a.ts", "a", "src/a.ts", "a"));

        assertThat(files.files()).extracting(ProjectFile::path).containsExactly("a.ts", "src/a.ts", "src/b.ts");
        assertThatThrownBy(() -> files.files().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> files.files().add(files.files().get(0)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(files.size()).isEqualTo(3);
    }

    @Test
    void content_mutatedCopy_doesNotChangeFile() {
        ProjectFiles files = ProjectFiles.builder().add("bin", new byte[] {1, 2, 3}).build();
        ProjectFile file = files.file("bin").orElseThrow();

        byte[] copy = file.content();
        copy[0] = 99;

        assertThat(file.content()).containsExactly(1, 2, 3);
        assertThat(files.file("bin").orElseThrow().content()).containsExactly(1, 2, 3);
    }

    @Test
    void add_inputArrayMutatedAfterAdd_doesNotChangeFile() {
        byte[] input = {1, 2, 3};
        ProjectFiles.Builder builder = ProjectFiles.builder().add("bin", input);
        input[0] = 99;

        ProjectFiles files = builder.build();

        assertThat(files.file("bin").orElseThrow().content()).containsExactly(1, 2, 3);
    }

    @Test
    void builder_addAfterBuild_doesNotChangeBuiltProject() {
        ProjectFiles.Builder builder = ProjectFiles.builder().add("a", "1");
        ProjectFiles first = builder.build();

        builder.add("b", "2");

        assertThat(first.size()).isEqualTo(1);
        assertThat(first.contains("b")).isFalse();
        assertThat(first.totalBytes()).isEqualTo(1);
    }

    @Test
    void fromMap_text_storedAsUtf8() {
        ProjectFiles files = ProjectFiles.fromMap(Map.of("index.html", "<p>caf\u00e9</p>"));

        ProjectFile file = files.file("index.html").orElseThrow();
        assertThat(file.content()).isEqualTo("<p>caf\u00e9</p>".getBytes(StandardCharsets.UTF_8));
        assertThat(file.contentAsString()).isEqualTo("<p>caf\u00e9</p>");
    }

    @Test
    void equals_sameFilesBuiltDifferently_equal() {
        ProjectFiles a = ProjectFiles.builder().add("x", "1").add("y", "2").build();
        ProjectFiles b = ProjectFiles.builder().add("y", "2").add("x", "1").build();
        ProjectFiles c = ProjectFiles.builder().add("x", "1").add("y", "3").build();

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
    }

    @Test
    void add_fileLargerThanPerFileLimit_rejectedWithFileTooLargeNamingPath() {
        ProjectFiles.Builder builder = ProjectFiles.builder().limits(ProjectLimits.DEFAULT.withMaxFileBytes(5));

        InvalidProjectException e = assertRejected(() -> builder.add("public/big.png", new byte[6]), Rule.FILE_TOO_LARGE);

        assertThat(e.path()).contains("public/big.png");
        assertThat(e.getMessage()).contains("public/big.png").contains("6").contains("5");
        assertThat(builder.add("public/ok.png", new byte[5]).build().totalBytes()).isEqualTo(5);
    }

    @Test
    void defaultLimits_fewHundredMegabytesOfAssets_admitted() {
        assertThat(ProjectLimits.DEFAULT.maxFileBytes()).isEqualTo(256L << 20);
        assertThat(ProjectLimits.DEFAULT.maxTotalBytes()).isEqualTo(1L << 30);
        assertThat(OutputLimits.DEFAULT.maxArtifactBytes()).isGreaterThan(ProjectLimits.DEFAULT.maxTotalBytes());
        assertThat(CacheLimits.DEFAULT_ARTIFACTS.maxBytes()).isGreaterThan(OutputLimits.DEFAULT.maxArtifactBytes());
    }

    @Test
    void addStream_largerThanHeapThreshold_spilledWithSameBytesAndDigest() throws IOException {
        byte[] bytes = randomBytes(ProjectFiles.Builder.IN_MEMORY_MAX_BYTES * 3 + 7);

        ProjectFile file = ProjectFiles.builder().add("public/video.mp4", new ByteArrayInputStream(bytes)).build()
                .file("public/video.mp4").orElseThrow();

        assertThat(file.size()).isEqualTo(bytes.length);
        assertThat(file.sha256()).isEqualTo(sha256(bytes));
        try (InputStream in = file.openStream()) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void addStream_overPerFileLimitWhileSpilling_rejectedWithFileTooLarge() {
        ProjectFiles.Builder builder = ProjectFiles.builder()
                .limits(ProjectLimits.DEFAULT.withMaxFileBytes(ProjectFiles.Builder.IN_MEMORY_MAX_BYTES * 2L));
        byte[] bytes = randomBytes(ProjectFiles.Builder.IN_MEMORY_MAX_BYTES * 2 + 1);

        InvalidProjectException e = assertRejected(
                () -> builder.add("public/big.bin", new ByteArrayInputStream(bytes)), Rule.FILE_TOO_LARGE);

        assertThat(e.path()).contains("public/big.bin");
        assertThat(builder.build().size()).isZero();
    }

    @Test
    void addStream_overTotalLimitWhileSpilling_rejectedWithTooLarge() {
        ProjectFiles.Builder builder = ProjectFiles.builder()
                .limits(ProjectLimits.DEFAULT.withMaxTotalBytes(ProjectFiles.Builder.IN_MEMORY_MAX_BYTES * 2L))
                .add("a.txt", "a");

        assertRejected(() -> builder.add("public/big.bin",
                new ByteArrayInputStream(randomBytes(ProjectFiles.Builder.IN_MEMORY_MAX_BYTES * 2))), Rule.TOO_LARGE);
    }

    @Test
    void equals_sameBytesInHeapAndSpilled_equalByDigest() throws IOException {
        byte[] bytes = randomBytes(ProjectFiles.Builder.IN_MEMORY_MAX_BYTES + 1);
        ProjectFiles inHeap = ProjectFiles.builder().add("a.bin", bytes).build();
        ProjectFiles spilled = ProjectFiles.builder().add("a.bin", new ByteArrayInputStream(bytes)).build();
        bytes[0]++;
        ProjectFiles other = ProjectFiles.builder().add("a.bin", new ByteArrayInputStream(bytes)).build();

        assertThat(spilled).isEqualTo(inHeap).hasSameHashCodeAs(inHeap).isNotEqualTo(other);
    }

    @Test
    void addProjectFile_fromAnotherProject_sharesContentUnderSamePath() throws IOException {
        byte[] bytes = randomBytes(ProjectFiles.Builder.IN_MEMORY_MAX_BYTES + 1);
        ProjectFiles first = ProjectFiles.builder().add("a.bin", new ByteArrayInputStream(bytes)).add("b.txt", "1")
                .build();

        ProjectFiles second = ProjectFiles.builder().add(first.file("a.bin").orElseThrow()).add("b.txt", "2").build();

        assertThat(second.file("a.bin")).isEqualTo(first.file("a.bin"));
        assertThat(second.file("a.bin").orElseThrow().content()).isEqualTo(bytes);
        assertThat(second.totalBytes()).isEqualTo(bytes.length + 1L);
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
