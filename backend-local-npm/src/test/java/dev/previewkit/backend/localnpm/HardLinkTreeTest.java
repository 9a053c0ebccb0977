package dev.previewkit.backend.localnpm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs on the default (Unix) file system: it compares {@code unix:ino} attributes. */
class HardLinkTreeTest {
    @TempDir
    Path temp;

    private Path source;
    private Path target;

    @BeforeEach
    void setUp() throws IOException {
        source = Files.createDirectories(temp.resolve("source/node_modules"));
        target = temp.resolve("target/node_modules");
        Files.createDirectories(source.resolve("react/cjs"));
        Files.writeString(source.resolve("react/package.json"), "{\"name\":\"react\"}");
        Files.writeString(source.resolve("react/cjs/react.js"), "module.exports = {};");
        Files.writeString(source.resolve(".package-lock.json"), "{\"lockfileVersion\":3}");
        Files.createDirectories(source.resolve(".bin"));
        Files.createDirectories(source.resolve("empty/inside"));
    }

    private static Object inode(Path file) throws IOException {
        return Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void copy_fileInsidePackage_becomesHardLink() throws IOException {
        HardLinkTree.copy(source, target);

        for (String file : new String[] {"react/package.json", "react/cjs/react.js"}) {
            assertThat(target.resolve(file)).hasSameTextualContentAs(source.resolve(file));
            assertThat(inode(target.resolve(file))).as(file).isEqualTo(inode(source.resolve(file)));
        }
        assertThat(Files.getAttribute(source.resolve("react/package.json"), "unix:nlink")).isEqualTo(2);
    }

    @Test
    void copy_fileDirectlyInRoot_isRealCopy() throws IOException {
        HardLinkTree.copy(source, target);

        Path copied = target.resolve(".package-lock.json");
        assertThat(copied).hasContent("{\"lockfileVersion\":3}");
        assertThat(inode(copied)).isNotEqualTo(inode(source.resolve(".package-lock.json")));

        Files.writeString(copied, "rewritten");
        assertThat(source.resolve(".package-lock.json")).hasContent("{\"lockfileVersion\":3}");
    }

    @Test
    void copy_symlinks_recreatedWithSameTarget() throws IOException {
        Path binLink = Files.createSymbolicLink(source.resolve(".bin/react"), Path.of("../react/cjs/react.js"));
        Path folderLink = Files.createSymbolicLink(source.resolve("react-alias"), Path.of("react"));
        Path absolute = Files.createSymbolicLink(source.resolve("react/abs"), temp.resolve("elsewhere"));

        HardLinkTree.copy(source, target);

        for (Path link : new Path[] {binLink, folderLink, absolute}) {
            Path copy = target.resolve(source.relativize(link).toString());
            assertThat(copy).as(copy.toString()).isSymbolicLink();
            assertThat(Files.readSymbolicLink(copy)).isEqualTo(Files.readSymbolicLink(link));
        }
        assertThat(target.resolve(".bin/react")).hasContent("module.exports = {};");
        assertThat(Files.isDirectory(target.resolve("react-alias"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void copy_symlinkToFolder_contentNotCopiedThroughLink() throws IOException {
        Files.createSymbolicLink(source.resolve("react-alias"), Path.of("react"));

        HardLinkTree.copy(source, target);

        assertThat(Files.isSymbolicLink(target.resolve("react-alias"))).isTrue();
        assertThat(Files.getAttribute(source.resolve("react/package.json"), "unix:nlink"))
                .as("the file behind the folder link is linked once, not twice").isEqualTo(2);
    }

    @Test
    void copy_emptyFolders_recreated() throws IOException {
        HardLinkTree.copy(source, target);

        assertThat(target.resolve("empty/inside")).isEmptyDirectory();
        assertThat(target.resolve(".bin")).isEmptyDirectory();
    }

    @Test
    void copy_hardLinkedFileReplacedInTarget_sourceUnchanged() throws IOException {
        HardLinkTree.copy(source, target);

        Path copied = target.resolve("react/package.json");
        Files.delete(copied);
        Files.writeString(copied, "{\"name\":\"react\",\"version\":\"2\"}");

        assertThat(source.resolve("react/package.json")).hasContent("{\"name\":\"react\"}");
    }
}
