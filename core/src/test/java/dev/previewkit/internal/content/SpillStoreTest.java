package dev.previewkit.internal.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillStoreTest {
    private static final byte[] HEAD = {1, 2, 3};

    @TempDir
    Path root;

    private List<Path> blobs() throws IOException {
        try (Stream<Path> files = Files.list(root)) {
            return files.toList();
        }
    }

    private SpilledContent spill(SpillStore store, byte[] rest) throws IOException {
        return store.spill(HEAD, new ByteArrayInputStream(rest), size -> { });
    }

    @Test
    void spill_identicalContentsTwice_storedOnceNamedByDigest() throws IOException {
        SpillStore store = new SpillStore(root);

        SpilledContent first = spill(store, new byte[1000]);
        SpilledContent second = spill(store, new byte[1000]);

        assertThat(second.sha256()).isEqualTo(first.sha256());
        assertThat(blobs()).extracting(path -> path.getFileName().toString()).containsExactly(first.sha256());
        assertThat(first.size()).isEqualTo(1003);
        try (InputStream in = second.openStream()) {
            assertThat(in.readAllBytes()).hasSize(1003).startsWith(HEAD);
        }
    }

    @Test
    void spill_sizeCheckThrows_leavesNoFileBehind() throws IOException {
        SpillStore store = new SpillStore(root);

        assertThatThrownBy(() -> store.spill(HEAD, new ByteArrayInputStream(new byte[100_000]), size -> {
            if (size > 50_000) {
                throw new IllegalStateException("too large");
            }
        })).hasMessage("too large");

        assertThat(blobs()).isEmpty();
    }

    @Test
    void release_lastReferenceCollected_blobDeletedOnlyThen() throws Exception {
        SpillStore store = new SpillStore(root);
        SpilledContent kept = spill(store, new byte[10]);
        spill(store, new byte[10]);  // unreachable at once
        spill(store, new byte[20]);  // unreachable at once, its blob alone

        awaitBlobCount(1);
        assertThat(blobs()).extracting(path -> path.getFileName().toString()).containsExactly(kept.sha256());

        kept = null;
        awaitBlobCount(0);
    }

    private void awaitBlobCount(int count) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (blobs().size() != count && Instant.now().isBefore(deadline)) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(blobs()).hasSize(count);
    }
}
