package dev.previewkit.internal.content;

import dev.previewkit.PreviewException;
import dev.previewkit.internal.digest.Sha256;
import dev.previewkit.internal.fs.Directories;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A content-addressed folder for streamed file contents too large for the heap: each distinct content is one
 * blob named by its SHA-256, however many {@link SpilledContent}s refer to it. A blob is deleted when the last
 * of them becomes unreachable (through a {@link Cleaner}); the {@link #shared()} store's folder is deleted at
 * JVM exit. Thread-safe.
 */
public final class SpillStore {
    private static final Logger LOG = LoggerFactory.getLogger(SpillStore.class);
    private static final Cleaner CLEANER = Cleaner.create();

    private final Path root;
    private final Map<String, Integer> references = new HashMap<>();

    /** A store in {@code root}, created if missing. */
    public SpillStore(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new PreviewException("Cannot create the spill folder " + root + ": " + e.getMessage(), e);
        }
    }

    /** The process-wide store, in a fresh folder under {@code java.io.tmpdir} that is deleted at exit. */
    public static SpillStore shared() {
        return Shared.STORE;
    }

    /**
     * Writes {@code head} and then the rest of {@code rest} to a blob, digesting as it goes, and calls
     * {@code sizeCheck} with the bytes written so far after each chunk; whatever that throws aborts the spill
     * and leaves nothing behind. Reads {@code rest} to its end but does not close it.
     */
    public SpilledContent spill(byte[] head, InputStream rest, LongConsumer sizeCheck) throws IOException {
        Path incoming = Files.createTempFile(root, ".incoming-", "");
        try {
            MessageDigest digest = Sha256.newDigest();
            long size = head.length;
            sizeCheck.accept(size);
            try (OutputStream out = Files.newOutputStream(incoming)) {
                out.write(head);
                digest.update(head);
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = rest.read(buffer)) >= 0; ) {
                    size += n;
                    sizeCheck.accept(size);
                    out.write(buffer, 0, n);
                    digest.update(buffer, 0, n);
                }
            }
            return adopt(incoming, size, Sha256.hex(digest.digest()));
        } finally {
            Files.deleteIfExists(incoming);
        }
    }

    private synchronized SpilledContent adopt(Path incoming, long size, String sha256) throws IOException {
        Path blob = root.resolve(sha256);
        if (!references.containsKey(sha256)) {
            Files.move(incoming, blob, StandardCopyOption.REPLACE_EXISTING);
        }
        references.merge(sha256, 1, Integer::sum);
        SpilledContent content = new SpilledContent(blob, size, sha256);
        CLEANER.register(content, () -> release(sha256));
        return content;
    }

    private synchronized void release(String sha256) {
        if (references.merge(sha256, -1, Integer::sum) > 0) {
            return;
        }
        references.remove(sha256);
        try {
            Files.deleteIfExists(root.resolve(sha256));
        } catch (IOException e) {
            LOG.warn("Cannot delete spilled blob {}", sha256, e);
        }
    }

    private static final class Shared {
        static final SpillStore STORE = create();

        private static SpillStore create() {
            try {
                Path root = Files.createTempDirectory("previewkit-spill-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        Directories.deleteRecursively(root);
                    } catch (UncheckedIOException e) {
                        LOG.warn("Cannot delete the spill folder {}", root, e);
                    }
                }, "previewkit-spill-cleanup"));
                return new SpillStore(root);
            } catch (IOException e) {
                throw new PreviewException("Cannot create a spill folder: " + e.getMessage(), e);
            }
        }
    }
}
