package dev.previewkit.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.ProjectFiles;
import dev.previewkit.spi.BuildOutput.OutputEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

/** The tar streams going into a container, and the output coming out of one, read back. */
class ArchivesTest {

    @Test
    void open_projectFiles_streamsFoldersThenFilesOwnedByTheContainersUser() throws IOException {
        ProjectFiles files = ProjectFiles.fromMap(Map.of("src/app/main.tsx", "main", "index.html", "<html>"));
        Archives archive = new Archives();
        files.files().forEach(file -> archive.file("app/" + file.path(), file));
        archive.text(".go", "");

        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(archive.open("test"))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                names.add(entry.getName() + (entry.isFile() ? "=" + new String(tar.readAllBytes(),
                        StandardCharsets.UTF_8) : ""));
                assertThat(entry.getLongUserId()).isEqualTo(Containers.UID);
                assertThat(entry.getLongGroupId()).isEqualTo(Containers.UID);
            }
        }

        assertThat(names).containsExactlyInAnyOrder("app/", "app/src/", "app/src/app/", "app/src/app/main.tsx=main",
                "app/index.html=<html>", ".go=");
        assertThat(names.get(names.size() - 1)).as("the go file comes last").isEqualTo(".go=");
    }

    @Test
    void next_outputWithLinks_reportsEachEntryAsWhatItIsAndClosesTheContainer() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.putArchiveEntry(new TarArchiveEntry("out/"));
            tar.closeArchiveEntry();
            TarArchiveEntry index = new TarArchiveEntry("out/index.html");
            index.setSize(6);
            tar.putArchiveEntry(index);
            tar.write("<html>".getBytes(StandardCharsets.UTF_8));
            tar.closeArchiveEntry();
            TarArchiveEntry symlink = new TarArchiveEntry("out/leak.txt", TarConstants.LF_SYMLINK);
            symlink.setLinkName("/etc/hostname");
            tar.putArchiveEntry(symlink);
            tar.closeArchiveEntry();
            TarArchiveEntry hardLink = new TarArchiveEntry("out/twin.html", TarConstants.LF_LINK);
            hardLink.setLinkName("out/index.html");
            tar.putArchiveEntry(hardLink);
            tar.closeArchiveEntry();
        }
        AtomicBoolean closed = new AtomicBoolean();
        List<String> seen = new ArrayList<>();
        try (ContainerOutput output = new ContainerOutput(new ByteArrayInputStream(bytes.toByteArray()),
                () -> closed.set(true))) {
            Optional<OutputEntry> entry;
            while ((entry = output.next()).isPresent()) {
                seen.add(entry.get().path() + ":" + entry.get().type());
            }
        }

        assertThat(seen).containsExactly("index.html:FILE", "leak.txt:SYMBOLIC_LINK", "twin.html:OTHER");
        assertThat(closed).isTrue();
    }
}
