package dev.previewkit.internal.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.ProjectFiles;
import dev.previewkit.spi.WorkspaceUpdate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceSyncTest {
    @TempDir
    Path temp;
    private Path root;
    private WorkspaceSync sync;

    @BeforeEach
    void setUp() {
        root = temp.resolve("build");
        sync = new WorkspaceSync(root);
    }

    private static ProjectFiles files(Map<String, String> files) {
        return ProjectFiles.fromMap(files);
    }

    @Test
    void sync_firstTime_createsTheWorkspaceWithEveryFileAdded() throws IOException {
        WorkspaceUpdate update = sync.sync(files(Map.of("index.html", "<html/>", "src/App.tsx", "app")));

        assertThat(update.created()).isTrue();
        assertThat(update.added()).containsExactlyInAnyOrder("index.html", "src/App.tsx");
        assertThat(update.modified()).isEmpty();
        assertThat(root.resolve("src/App.tsx")).hasContent("app");
    }

    @Test
    void sync_oneFileChanged_rewritesOnlyThatFile() throws IOException {
        sync.sync(files(Map.of("index.html", "<html/>", "src/App.tsx", "app", "src/Footer.tsx", "v1")));
        Object untouchedKey = Files.readAttributes(root.resolve("src/App.tsx"),
                java.nio.file.attribute.BasicFileAttributes.class).fileKey();

        WorkspaceUpdate update = sync.sync(files(Map.of("index.html", "<html/>", "src/App.tsx", "app",
                "src/Footer.tsx", "v2")));

        assertThat(update.created()).isFalse();
        assertThat(update.modified()).containsExactly("src/Footer.tsx");
        assertThat(update.added()).isEmpty();
        assertThat(update.deleted()).isEmpty();
        assertThat(root.resolve("src/Footer.tsx")).hasContent("v2");
        assertThat(Files.readAttributes(root.resolve("src/App.tsx"),
                java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .as("an unchanged file is left as it was").isEqualTo(untouchedKey);
    }

    @Test
    void sync_nothingChanged_reportsUnchanged() throws IOException {
        sync.sync(files(Map.of("index.html", "<html/>")));

        assertThat(sync.sync(files(Map.of("index.html", "<html/>"))).unchanged()).isTrue();
    }

    @Test
    void sync_fileAndFolderGone_removesThemAndReportsDeleted() throws IOException {
        sync.sync(files(Map.of("index.html", "x", "src/old/Old.tsx", "old", "src/App.tsx", "app")));

        WorkspaceUpdate update = sync.sync(files(Map.of("index.html", "x", "src/App.tsx", "app")));

        assertThat(update.deleted()).containsExactly("src/old/Old.tsx");
        assertThat(root.resolve("src/old")).doesNotExist();
    }

    @Test
    void sync_buildLeftStrayFilesAndFolders_removesThemButKeepsNodeModules() throws IOException {
        sync.sync(files(Map.of("index.html", "x")));
        Files.createDirectories(root.resolve("dist/assets"));
        Files.writeString(root.resolve("dist/assets/a.js"), "stale");
        Files.writeString(root.resolve("previewkit.vite.config.mjs"), "overlay");
        Files.createDirectories(root.resolve("node_modules/.vite-temp"));
        Files.writeString(root.resolve("node_modules/.vite-temp/config.mjs"), "kept");

        WorkspaceUpdate update = sync.sync(files(Map.of("index.html", "x")));

        assertThat(update.unchanged()).as("leftovers are not project files").isTrue();
        assertThat(root.resolve("dist")).doesNotExist();
        assertThat(root.resolve("previewkit.vite.config.mjs")).doesNotExist();
        assertThat(root.resolve("node_modules/.vite-temp/config.mjs")).hasContent("kept");
    }

    @Test
    void sync_buildEditedASourceFile_writesItBackAsModified() throws IOException {
        sync.sync(files(Map.of("src/App.tsx", "app")));
        Files.writeString(root.resolve("src/App.tsx"), "tampered");
        Files.setLastModifiedTime(root.resolve("src/App.tsx"), FileTime.from(Instant.now().plusSeconds(5)));

        WorkspaceUpdate update = sync.sync(files(Map.of("src/App.tsx", "app")));

        assertThat(update.modified()).containsExactly("src/App.tsx");
        assertThat(root.resolve("src/App.tsx")).hasContent("app");
    }

    @Test
    void sync_sourceReplacedByALinkOutside_neverWritesThroughTheLink() throws IOException {
        Path outside = Files.writeString(temp.resolve("outside.txt"), "host file");
        sync.sync(files(Map.of("src/App.tsx", "app")));
        Files.delete(root.resolve("src/App.tsx"));
        Files.createSymbolicLink(root.resolve("src/App.tsx"), outside);

        sync.sync(files(Map.of("src/App.tsx", "new app")));

        assertThat(outside).hasContent("host file");
        assertThat(Files.isSymbolicLink(root.resolve("src/App.tsx"))).isFalse();
        assertThat(root.resolve("src/App.tsx")).hasContent("new app");
    }

    @Test
    void sync_folderReplacedByALinkOutside_neverWritesIntoItsTarget() throws IOException {
        Path outside = Files.createDirectories(temp.resolve("elsewhere"));
        sync.sync(files(Map.of("src/App.tsx", "app")));
        try (Stream<Path> children = Files.list(root.resolve("src"))) {
            for (Path child : children.toList()) {
                Files.delete(child);
            }
        }
        Files.delete(root.resolve("src"));
        Files.createSymbolicLink(root.resolve("src"), outside);

        sync.sync(files(Map.of("src/App.tsx", "new app")));

        assertThat(outside).isEmptyDirectory();
        assertThat(Files.isDirectory(root.resolve("src"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(root.resolve("src/App.tsx")).hasContent("new app");
    }

    @Test
    void sync_changedFile_isWrittenInPlaceSoWatchersKeepSeeingIt() throws IOException {
        sync.sync(files(Map.of("src/App.tsx", "v1")));

        try (java.nio.channels.FileChannel opened = java.nio.channels.FileChannel.open(root.resolve("src/App.tsx"))) {
            sync.sync(files(Map.of("src/App.tsx", "v2 longer")));

            java.nio.ByteBuffer content = java.nio.ByteBuffer.allocate(64);
            opened.read(content, 0);
            assertThat(new String(content.array(), 0, content.position(), java.nio.charset.StandardCharsets.UTF_8))
                    .as("the file open before the sync is the file written").isEqualTo("v2 longer");
        }
    }

    @Test
    void sync_sourceHardLinkedToAFileOutside_neverWritesThroughTheLink() throws IOException {
        Path outside = Files.writeString(temp.resolve("host.txt"), "host file");
        sync.sync(files(Map.of("src/App.tsx", "app")));
        Files.delete(root.resolve("src/App.tsx"));
        Files.createLink(root.resolve("src/App.tsx"), outside);

        sync.sync(files(Map.of("src/App.tsx", "new app")));

        assertThat(outside).hasContent("host file");
        assertThat(root.resolve("src/App.tsx")).hasContent("new app");
    }

    @Test
    void sync_fileBecomesFolder_replacesIt() throws IOException {
        sync.sync(files(Map.of("src/lib", "a file")));

        WorkspaceUpdate update = sync.sync(files(Map.of("src/lib/utils.ts", "utils")));

        assertThat(update.deleted()).containsExactly("src/lib");
        assertThat(update.added()).containsExactly("src/lib/utils.ts");
        assertThat(root.resolve("src/lib/utils.ts")).hasContent("utils");
    }

    @Test
    void sync_workspaceDeletedMeanwhile_startsAfreshWithEveryFileAdded() throws IOException {
        sync.sync(files(Map.of("index.html", "x")));
        dev.previewkit.internal.fs.Directories.deleteRecursively(root);

        WorkspaceUpdate update = sync.sync(files(Map.of("index.html", "x")));

        assertThat(update.created()).isTrue();
        assertThat(update.added()).isEqualTo(Set.of("index.html"));
    }
}
