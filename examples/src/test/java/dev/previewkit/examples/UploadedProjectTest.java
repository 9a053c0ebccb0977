package dev.previewkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.previewkit.ProjectFile;
import dev.previewkit.ProjectFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class UploadedProjectTest {
    @Test
    void parse_zipWithLargeEntry_streamsEntryIntoProjectFile() throws IOException {
        byte[] video = new byte[3 << 20];
        new Random(3).nextBytes(video);
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(zipped)) {
            zip.putNextEntry(new ZipEntry("package.json"));
            zip.write("{}".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("public/intro.mp4"));
            zip.write(video);
        }

        ProjectFiles files = UploadedProject.parse(new ByteArrayInputStream(zipped.toByteArray()), null);

        ProjectFile file = files.file("public/intro.mp4").orElseThrow();
        assertThat(file.size()).isEqualTo(video.length);
        try (InputStream in = file.openStream()) {
            assertThat(in.readAllBytes()).isEqualTo(video);
        }
        assertThat(files.file("package.json").orElseThrow().contentAsString()).isEqualTo("{}");
    }

    @Test
    void parse_jsonOverLimit_refusedAsTooLarge() {
        byte[] json = new byte[UploadedProject.MAX_JSON_BYTES + 1];

        assertThatThrownBy(() -> UploadedProject.parse(new ByteArrayInputStream(json), "application/json"))
                .isInstanceOf(Http.TooLarge.class);
    }
}
