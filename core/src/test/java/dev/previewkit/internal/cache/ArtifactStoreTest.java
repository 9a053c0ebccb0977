package dev.previewkit.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.previewkit.Artifact;
import dev.previewkit.BuildPhase;
import dev.previewkit.BuildProfile;
import dev.previewkit.BuildStatus;
import dev.previewkit.CacheLimits;
import dev.previewkit.OutputLimits;
import dev.previewkit.OutputLine;
import dev.previewkit.PhaseTimeout;
import dev.previewkit.Toolchain;
import dev.previewkit.spi.BuildOutput;
import dev.previewkit.testing.RecordingContext;
import dev.previewkit.spi.StepFailedException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs on the default file system: the store reads {@code unix:nlink} to spot hard links. */
class ArtifactStoreTest {
    private static final OutputLimits GENEROUS = new OutputLimits(100, 1_000_000, 10_000);

    @TempDir
    Path temp;

    private Path output;
    private Path artifacts;
    private Path outside;
    private RecordingContext context;

    @BeforeEach
    void setUp() throws IOException {
        output = Files.createDirectories(temp.resolve("workspace/dist"));
        artifacts = temp.resolve("artifacts");
        outside = Files.createDirectories(temp.resolve("outside"));
        context = new RecordingContext(BuildPhase.PUBLISH, temp.resolve("scratch"));
    }

    private Path write(String relative, String content) throws IOException {
        Path file = output.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    /**
     * The folders in the store: published artifacts and any staging leftovers (markers and locks are files, and
     * the blob folder is the store's own).
     */
    private List<String> artifactsEntries() throws IOException {
        if (!Files.exists(artifacts)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(artifacts)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> !name.equals(BlobStore.FOLDER)).sorted().toList();
        }
    }

    /** The names in the blob folder. */
    private List<String> blobs() throws IOException {
        try (Stream<Path> entries = Files.list(artifacts.resolve(BlobStore.FOLDER))) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Bytes of the distinct files (inodes) in artifacts and blobs: what they really take on disk. */
    private long uniqueBytes() throws IOException {
        Map<Object, Long> sizes = new HashMap<>();
        try (Stream<Path> files = Files.walk(artifacts)) {
            for (Path file : files.filter(f -> Files.isRegularFile(f) && !f.getParent().equals(artifacts)).toList()) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                sizes.put(attributes.fileKey(), attributes.size());
            }
        }
        return sizes.values().stream().mapToLong(Long::longValue).sum();
    }

    private long markerBytes(String key) throws IOException {
        return new ObjectMapper().readTree(artifacts.resolve(key + ".json").toFile()).path("bytes").asLong();
    }

    private StepFailedException assertFailed(ThrowingCallable call) {
        StepFailedException e = catchThrowableOfType(StepFailedException.class, call);
        assertThat(e).as("expected a StepFailedException").isNotNull();
        assertThat(e.status()).isEqualTo(BuildStatus.FAILED);
        return e;
    }

    @Test
    void publish_nestedRegularFiles_copiedAndListedSorted() throws IOException {
        write("index.html", "<html>app</html>");
        write("assets/index-abc.js", "console.log(1)");
        write("assets/img/logo.svg", "<svg/>");
        write("about/index.html", "<html>about</html>");
        write("a.txt", "a");
        Files.createDirectories(output.resolve("empty"));

        Artifact artifact = new ArtifactStore(artifacts, CacheLimits.DEFAULT_ARTIFACTS, GENEROUS).publish(BuildOutput.folder(output), "build-1", BuildProfile.PRODUCTION, Toolchain.PROJECT, context);

        assertThat(artifact.id()).isEqualTo("build-1");
        assertThat(artifact.root()).isEqualTo(artifacts.resolve("build-1"));
        assertThat(artifact.files()).containsExactly(
                "a.txt", "about/index.html", "assets/img/logo.svg", "assets/index-abc.js", "index.html");
        assertThat(artifact.indexFile()).hasContent("<html>app</html>");
        assertThat(artifact.root().resolve("assets/img/logo.svg")).hasContent("<svg/>");
        assertThat(artifact.root().resolve("about/index.html")).hasContent("<html>about</html>");
        assertThat(artifactsEntries()).containsExactly("build-1");
        assertThat(context.texts()).isEmpty();
    }

    @Test
    void lookup_afterRestart_artifactSaysTheProfileAndToolchainItWasBuiltWith() throws IOException {
        write("index.html", "<html>app</html>");
        BuildProfile profile = BuildProfile.PREVIEW.withSourceMaps(true);
        Toolchain modern = new Toolchain(Toolchain.Kind.MODERN, "vite 8 in place of the project's vite ^5.4.0");

        Artifact published = new ArtifactStore(artifacts, CacheLimits.DEFAULT_ARTIFACTS, GENEROUS)
                .publish(BuildOutput.folder(output), "preview-1", profile, modern, context);
        ArtifactStore restarted = new ArtifactStore(artifacts, CacheLimits.DEFAULT_ARTIFACTS, GENEROUS);
        restarted.recover();

        assertThat(published.profile()).isEqualTo(profile);
        assertThat(published.toolchain()).isEqualTo(modern);
        assertThat(restarted.lookup("preview-1").orElseThrow().profile()).isEqualTo(profile);
        assertThat(restarted.lookup("preview-1").orElseThrow().toolchain()).isEqualTo(modern);
    }

    @Test
    void publish_binaryFile_copiedByteExact() throws IOException {
        write("index.html", "<html></html>");
        byte[] binary = new byte[4096];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 31);
        }
        Files.write(output.resolve("logo.png"), binary);

        Artifact artifact = new ArtifactStore(artifacts, CacheLimits.DEFAULT_ARTIFACTS, GENEROUS).publish(BuildOutput.folder(output), "bin", BuildProfile.PRODUCTION, Toolchain.PROJECT, context);

        assertThat(artifact.root().resolve("logo.png")).hasBinaryContent(binary);
    }

    @Test
    void publish_symlinkToOutsideFile_skippedAndReported() throws IOException {
        write("index.html", "<html></html>");
        Path secret = Files.writeString(outside.resolve("secret.txt"), "TOP SECRET");
        Files.createSymbolicLink(output.resolve("leak.txt"), secret);

        Artifact artifact = new ArtifactStore(artifacts, CacheLimits.DEFAULT_ARTIFACTS, GENEROUS).publish(BuildOutput.folder(output), "b", BuildProfile.PRODUCTION, Toolchain.PROJECT, context);

        assertThat(artifact.files()).containsExactly("index.html");
        assertThat(artifact.root().resolve("leak.txt")).doesNotExist();
        assertThat(context.lines()).singleElement().satisfies(line -> {
            assertThat(line.stream()).isEqualTo(OutputLine.Stream.STDERR);
            assertThat(line.text()).contains("'leak.txt'").contains("skipped");
        });
    }

    @Test
    void publish_symlinkToOutsideFolder_skippedAndReported() throws IOException {
        write("index.html", "<html></html>");
        Files.writeString(outside.resolve("secret.txt"), "TOP SECRET");
        Files.createSymbolicLink(output.resolve("assets"), outside);

        Artifact artifact = new ArtifactStore(artifacts, CacheLimits.DEFAULT_ARTIFACTS, GENEROUS).publish(BuildOutput.folder(output), "b", BuildProfile.PRODUCTION, Toolchain.PROJECT, context);

        assertThat(artifact.files()).containsExactly("index.html");
        assertThat(artifact.root().resolve("assets")).doesNotExist();
        assertThat(context.texts()).singleElement().asString().contains("'assets'");
    }

    @Test
    void publish_hardLinkToOutsideFile_skippedAndReported() throws IOException {
        write("index.html", "<html></html>");
        Path secret = Files.writeString(outside.resolve("secret.txt"), "TOP SECRET");
        Files.createDirectories(output.resolve("assets"));
        Files.createLink(output.resolve("assets/copy.txt"), secret);

        Artifact artifact = new ArtifactStore(artifacts, CacheLimits.DEFAULT_ARTIFACTS, GENEROUS).publish(BuildOutput.folder(output), "b", BuildProfile.PRODUCTION, Toolchain.PROJECT, context);

        assertThat(artifact.files()).containsExactly("index.html");
        assertThat(artifact.root().resolve("assets/copy.txt")).doesNotExist();
        assertThat(context.lines()).singleElement().satisfies(line -> {
            assertThat(line.stream()).isEqualTo(OutputLine.Stream.STDERR);
            assertThat(line.text()).contains("'assets/copy.txt'");
        });
    }

    @Test
    void publish_symlinkAndHardLink_eachReportedOnce() throws IOException {
        write("index.html", "<html></html>");
        Path secret = Files.writeString(outside.resolve("secret.txt"), "TOP SECRET");
        Files.createSymbolicLink(output.resolve("soft.txt"), secret);
        Files.createLink(output.resolve("hard.txt"), secret);

        Artifact artifact = new ArtifactStore(artifacts, CacheLimits.DEFAULT_ARTIFACTS, GENEROUS).publish(BuildOutput.folder(output), "b", BuildProfile.PRODUCTION, Toolchain.PROJECT, context);

        assertThat(artifact.files()).containsExactly("index.html");
        assertThat(context.texts()).hasSize(2)
                .anySatisfy(text -> assertThat(text).contains("'soft.txt'"))
                .anySatisfy(text -> assertThat(text).contains("'hard.txt'"));
    }

    @Test
    void publish_indexHtmlIsSymlink_failsAsMissingIndex() throws IOException {
        Path page = Files.writeString(outside.resolve("page.html"), "<html></html>");
        Files.createSymbolicLink(output.resolve("index.html"), page);

        StepFailedException e = assertFailed(
                () -> new ArtifactStore(artifacts, CacheLimits.DEFAULT_ARTIFACTS, GENEROUS).publish(BuildOutput.folder(output), "b", BuildProfile.PRODUCTION, Toolchain.PROJECT, context));

        assertThat(e.getMessage()).contains("index.html");
        assertThat(artifactsEntries()).isEmpty();
    }

    @Test
    void publish_noIndexHtml_failsAndLeavesNothingBehind() throws IOException {
        write("assets/app.js", "x");
        write("about/index.html", "nested only");

        StepFailedException e = assertFailed(
                () -> new ArtifactStore(artifacts, CacheLimits.DEFAULT_ARTIFACTS, GENEROUS).publish(BuildOutput.folder(output), "b1", BuildProfile.PRODUCTION, Toolchain.PROJECT, context));

        assertThat(e.getMessage()).contains("index.html");
        assertThat(artifactsEntries()).isEmpty();
    }

    @Test
    void publish_moreFilesThanLimit_failsAndLeavesNothingBehind() throws IOException {
        write("index.html", "<html></html>");
        write("a.js", "a");
        write("sub/b.js", "b");
        OutputLimits twoFiles = new OutputLimits(2, 1_000_000, 1_000);

        StepFailedException e = assertFailed(
                () -> new ArtifactStore(artifacts, CacheLimits.DEFAULT_ARTIFACTS, twoFiles).publish(BuildOutput.folder(output), "b2", BuildProfile.PRODUCTION, Toolchain.PROJECT, context));

        assertThat(e.getMessage()).contains("2 files");
        assertThat(artifactsEntries()).isEmpty();
        assertThat(blobs()).isEmpty();
    }

    @Test
    void publish_exactlyMaxFiles_succeeds() throws IOException {
        write("index.html", "<html></html>");
        write("a.js", "a");

        Artifact artifact = new ArtifactStore(artifacts, CacheLimits.DEFAULT_ARTIFACTS, new OutputLimits(2, 1_000_000, 1_000))
                .publish(BuildOutput.folder(output), "ok", BuildProfile.PRODUCTION, Toolchain.PROJECT, context);

        assertThat(artifact.files()).containsExactly("a.js", "index.html");
    }

    @Test
    void publish_moreBytesThanLimit_failsAndLeavesNothingBehind() throws IOException {
        write("index.html", "0123456789");
        write("assets/a.js", "x");
        OutputLimits tenBytes = new OutputLimits(100, 10, 1_000);

        StepFailedException e = assertFailed(
                () -> new ArtifactStore(artifacts, CacheLimits.DEFAULT_ARTIFACTS, tenBytes).publish(BuildOutput.folder(output), "b3", BuildProfile.PRODUCTION, Toolchain.PROJECT, context));

        assertThat(e.getMessage()).contains("10 bytes");
        assertThat(artifactsEntries()).isEmpty();
        assertThat(blobs()).isEmpty();
    }

    @Test
    void publish_exactlyMaxBytes_succeeds() throws IOException {
        write("index.html", "0123456789");

        Artifact artifact = new ArtifactStore(artifacts, CacheLimits.DEFAULT_ARTIFACTS, new OutputLimits(100, 10, 1_000))
                .publish(BuildOutput.folder(output), "ok", BuildProfile.PRODUCTION, Toolchain.PROJECT, context);

        assertThat(artifact.files()).containsExactly("index.html");
    }

    @Test
    void publish_failureNextToEarlierArtifact_keepsEarlierArtifactOnly() throws IOException {
        write("index.html", "<html></html>");
        ArtifactStore publisher = new ArtifactStore(artifacts, CacheLimits.DEFAULT_ARTIFACTS, GENEROUS);
        publisher.publish(BuildOutput.folder(output), "first", BuildProfile.PRODUCTION, Toolchain.PROJECT, context);
        Files.delete(output.resolve("index.html"));
        write("other.html", "x");

        assertFailed(() -> publisher.publish(BuildOutput.folder(output), "second", BuildProfile.PRODUCTION, Toolchain.PROJECT, context));

        assertThat(artifactsEntries()).containsExactly("first");
        assertThat(artifacts.resolve("first/index.html")).exists();
    }

    @Test
    void publish_missingOutputFolder_fails() throws IOException {
        Path missing = temp.resolve("workspace/nothing");

        StepFailedException e = assertFailed(
                () -> new ArtifactStore(artifacts, CacheLimits.DEFAULT_ARTIFACTS, GENEROUS).publish(BuildOutput.folder(missing), "b", BuildProfile.PRODUCTION, Toolchain.PROJECT, context));

        assertThat(e.getMessage()).contains("output folder");
        assertThat(artifactsEntries()).isEmpty();
    }

    @Test
    void publish_outputFolderIsSymlink_fails() throws IOException {
        Files.writeString(outside.resolve("index.html"), "<html></html>");
        Path link = Files.createSymbolicLink(temp.resolve("workspace/linked-dist"), outside);

        assertFailed(() -> new ArtifactStore(artifacts, CacheLimits.DEFAULT_ARTIFACTS, GENEROUS).publish(BuildOutput.folder(link), "b", BuildProfile.PRODUCTION, Toolchain.PROJECT, context));

        assertThat(artifactsEntries()).isEmpty();
    }

    @Test
    void publish_sameFilesInTwoArtifacts_storedOnceAndCountedOnce() throws IOException {
        write("index.html", "<html>v1</html>");
        byte[] video = new byte[100_000];
        new Random(1).nextBytes(video);
        Files.write(output.resolve("video.mp4"), video);
        ArtifactStore store = new ArtifactStore(artifacts, CacheLimits.DEFAULT_ARTIFACTS, GENEROUS);
        store.publish(BuildOutput.folder(output), "v1", BuildProfile.PRODUCTION, Toolchain.PROJECT, context);
        long afterFirst = uniqueBytes();
        write("index.html", "<html>v2</html>");

        Artifact second = store.publish(BuildOutput.folder(output), "v2", BuildProfile.PRODUCTION, Toolchain.PROJECT, context);

        assertThat(second.root().resolve("video.mp4")).hasBinaryContent(video);
        assertThat(second.indexFile()).hasContent("<html>v2</html>");
        assertThat(uniqueBytes() - afterFirst).isEqualTo("<html>v2</html>".length());
        assertThat(markerBytes("v1")).isEqualTo(video.length + "<html>v1</html>".length());
        assertThat(markerBytes("v2")).isEqualTo("<html>v2</html>".length());
        assertThat(blobs()).hasSize(3);
        assertThat(Files.getAttribute(second.root().resolve("video.mp4"), "unix:nlink")).isEqualTo(3);
    }

    @Test
    void publish_storeOverLimitBySharedBytes_evictsOnlyWhenDistinctBytesExceedIt() throws IOException {
        write("index.html", "<html>0</html>");
        Files.write(output.resolve("photo.jpg"), new byte[10_000]);
        ArtifactStore store = new ArtifactStore(artifacts, new CacheLimits(12_000, Duration.ofDays(1)), GENEROUS);
        for (int version = 0; version < 5; version++) {
            write("index.html", "<html>" + version + "</html>");
            store.publish(BuildOutput.folder(output), "v" + version, BuildProfile.PRODUCTION, Toolchain.PROJECT, context);
        }

        assertThat(artifactsEntries()).containsExactly("v0", "v1", "v2", "v3", "v4");  // 5 x 10 kB apparent, 10 kB real

        Files.write(output.resolve("photo.jpg"), new byte[9_000]);  // a new 9 kB content: 19 kB distinct
        store.publish(BuildOutput.folder(output), "v5", BuildProfile.PRODUCTION, Toolchain.PROJECT, context);

        assertThat(artifactsEntries()).containsExactly("v5");
        assertThat(blobs()).hasSize(2);  // v5's photo and index.html; the 10 kB photo went with its last artifact
        assertThat(uniqueBytes()).isEqualTo(9_000 + "<html>4</html>".length());
    }

    @Test
    void evict_artifactSharingBlobs_deletesOnlyBlobsNoOtherArtifactLinks() throws IOException {
        write("index.html", "<html>a</html>");
        write("shared.js", "shared");
        ArtifactStore store = new ArtifactStore(artifacts, new CacheLimits(1_000, Duration.ofDays(1)), GENEROUS);
        store.publish(BuildOutput.folder(output), "a", BuildProfile.PRODUCTION, Toolchain.PROJECT, context);
        write("index.html", "<html>b</html>");
        store.publish(BuildOutput.folder(output), "b", BuildProfile.PRODUCTION, Toolchain.PROJECT, context);
        write("index.html", "<html>c-".repeat(200) + "</html>");  // over the limit: evicts a, then b

        store.publish(BuildOutput.folder(output), "c", BuildProfile.PRODUCTION, Toolchain.PROJECT, context);

        assertThat(artifactsEntries()).containsExactly("c");
        assertThat(blobs()).hasSize(2);
        assertThat(artifacts.resolve("c/shared.js")).hasContent("shared");
    }

    @Test
    void recover_incompleteArtifact_deletedWithBlobsOnlyItLinked() throws IOException {
        write("index.html", "<html>kept</html>");
        ArtifactStore store = new ArtifactStore(artifacts, CacheLimits.DEFAULT_ARTIFACTS, GENEROUS);
        store.publish(BuildOutput.folder(output), "kept", BuildProfile.PRODUCTION, Toolchain.PROJECT, context);
        write("index.html", "<html>crashed</html>");
        store.publish(BuildOutput.folder(output), "crashed", BuildProfile.PRODUCTION, Toolchain.PROJECT, context);
        Files.delete(artifacts.resolve("crashed.json"));  // as if the process died before marking it complete

        ArtifactStore restarted = new ArtifactStore(artifacts, CacheLimits.DEFAULT_ARTIFACTS, GENEROUS);
        restarted.recover();

        assertThat(artifactsEntries()).containsExactly("kept");
        assertThat(blobs()).hasSize(1);
        assertThat(restarted.lookup("kept").orElseThrow().indexFile()).hasContent("<html>kept</html>");
        assertThat(restarted.lookup("crashed")).isEmpty();
    }

    // ------------------------------------------------------------------------------------------- entry streams

    /** An entry stream over fixed entries, as a backend would adapt a tar stream. */
    private static BuildOutput entries(BuildOutput.OutputEntry... entries) {
        Iterator<BuildOutput.OutputEntry> next = List.of(entries).iterator();
        return BuildOutput.entries(new BuildOutput.OutputEntries() {
            @Override
            public Optional<BuildOutput.OutputEntry> next() {
                return next.hasNext() ? Optional.of(next.next()) : Optional.empty();
            }

            @Override
            public void close() {}
        });
    }

    private static BuildOutput.OutputEntry file(String path, String text) {
        return new BuildOutput.OutputEntry(path, BuildOutput.OutputEntry.Type.FILE,
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static BuildOutput.OutputEntry other(String path, BuildOutput.OutputEntry.Type type) {
        return new BuildOutput.OutputEntry(path, type, InputStream.nullInputStream());
    }

    @Test
    void publish_entryStream_writesItsFilesSkippingLinksAndDirectories() throws IOException {
        Artifact artifact = new ArtifactStore(artifacts, CacheLimits.DEFAULT_ARTIFACTS, GENEROUS).publish(entries(
                other("assets", BuildOutput.OutputEntry.Type.DIRECTORY),
                file("./index.html", "<html>streamed</html>"),
                file("assets/app.js", "console.log(1)"),
                other("assets/passwd", BuildOutput.OutputEntry.Type.SYMBOLIC_LINK)), "s1", BuildProfile.PRODUCTION, Toolchain.PROJECT, context);

        assertThat(artifact.files()).containsExactly("assets/app.js", "index.html");
        assertThat(artifact.indexFile()).hasContent("<html>streamed</html>");
        assertThat(artifact.root().resolve("assets/passwd")).doesNotExist();
        assertThat(context.texts()).singleElement().asString().contains("'assets/passwd'").contains("skipped");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escape.js", "/etc/passwd", "assets/../../escape.js", "C:/x.js", "a\\b.js"})
    void publish_entryLeavingTheOutput_failsAndLeavesNothing(String path) throws IOException {
        StepFailedException e = assertFailed(() -> new ArtifactStore(artifacts, CacheLimits.DEFAULT_ARTIFACTS,
                GENEROUS).publish(entries(file("index.html", "<html/>"), file(path, "x")), "s2", BuildProfile.PRODUCTION, Toolchain.PROJECT, context));

        assertThat(e.getMessage()).contains("not a plain relative path");
        assertThat(artifactsEntries()).isEmpty();
    }

    @Test
    void publish_entryTwice_fails() {
        StepFailedException e = assertFailed(() -> new ArtifactStore(artifacts, CacheLimits.DEFAULT_ARTIFACTS,
                GENEROUS).publish(entries(file("index.html", "a"), file("index.html", "b")), "s3", BuildProfile.PRODUCTION, Toolchain.PROJECT, context));

        assertThat(e.getMessage()).contains("'index.html' twice");
    }

    @Test
    void publish_endlessEntry_isCutAtTheByteCapWithoutReadingItAll() throws IOException {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }
        };
        OutputLimits tenKilobytes = new OutputLimits(100, 10_000, 1_000);

        StepFailedException e = assertFailed(() -> new ArtifactStore(artifacts, CacheLimits.DEFAULT_ARTIFACTS,
                tenKilobytes).publish(entries(file("index.html", "<html/>"), new BuildOutput.OutputEntry("big.bin",
                BuildOutput.OutputEntry.Type.FILE, endless)), "s4", BuildProfile.PRODUCTION, Toolchain.PROJECT, context));

        assertThat(e.getMessage()).contains("10000 bytes");
        assertThat(artifactsEntries()).isEmpty();
    }

    @Test
    void publish_moreEntriesThanAllowed_fails() {
        StepFailedException e = assertFailed(() -> new ArtifactStore(artifacts, CacheLimits.DEFAULT_ARTIFACTS,
                new OutputLimits(2, 1_000_000, 1_000)).publish(entries(file("index.html", "a"), file("a.js", "b"),
                file("b.js", "c")), "s5", BuildProfile.PRODUCTION, Toolchain.PROJECT, context));

        assertThat(e.getMessage()).contains("2 files");
    }
}
