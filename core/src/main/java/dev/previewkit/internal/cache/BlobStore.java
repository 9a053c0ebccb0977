package dev.previewkit.internal.cache;

import dev.previewkit.internal.digest.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content-addressed files of the artifact store: {@code .blobs/<sha256>}, one per distinct content. Every
 * file of an artifact is a hard link to its blob, so identical files of many artifacts take disk space once;
 * a blob whose link count fell to 1 belongs to no artifact and is deleted by {@link #sweep()}.
 *
 * <p>Publishing copies each output file once into a fresh file here while digesting it (the digest is of the
 * bytes written, which no build process can reach), then either links the artifact file to the existing blob
 * of that digest and drops the copy, or renames the copy into place as a new blob. Linking and sweeping
 * exclude each other in this process; across processes, a race can at worst leave one file unshared.
 *
 * <p>On a file system without hard links and link counts ({@code unix} attributes), files are plain copies
 * and nothing is shared. Thread-safe.
 */
final class BlobStore {
    static final String FOLDER = ".blobs";
    private static final Logger LOG = LoggerFactory.getLogger(BlobStore.class);
    private static final String INCOMING = ".incoming-";
    /** Incoming files older than this are a crashed writer's leftovers. */
    private static final Duration ABANDONED = Duration.ofHours(1);

    private final Path root;
    private final boolean shares;
    private final AtomicLong bytes = new AtomicLong();

    BlobStore(Path root) throws IOException {
        this.root = Files.createDirectories(root);
        this.shares = Files.getFileStore(root).supportsFileAttributeView("unix");
    }

    /** Whether files are shared through hard links; when not, every artifact file is a plain copy. */
    boolean shares() {
        return shares;
    }

    /** Bytes of all blobs, as of the last {@link #sweep()} plus blobs added since. */
    long bytes() {
        return bytes.get();
    }

    /**
     * Copies {@code source} (a regular file, not followed if it is a link) to the new file {@code target},
     * sharing the bytes with identical files of other artifacts.
     *
     * @return the bytes this added to the disk: 0 when the content was already stored
     */
    long store(Path source, Path target) throws IOException {
        try (InputStream in = Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS)) {
            return store(in, target);
        }
    }

    /**
     * Copies the rest of {@code content} (not closed) to the new file {@code target}, sharing the bytes with
     * identical files of other artifacts.
     *
     * @return the bytes this added to the disk: 0 when the content was already stored
     */
    long store(InputStream content, Path target) throws IOException {
        if (!shares) {
            return Files.copy(content, target);
        }
        Path incoming = Files.createTempFile(root, INCOMING, "");
        try {
            MessageDigest digest = Sha256.newDigest();
            long size = Files.copy(new DigestInputStream(content, digest), incoming,
                    StandardCopyOption.REPLACE_EXISTING);
            return place(incoming, Sha256.hex(digest.digest()), size, target);
        } finally {
            Files.deleteIfExists(incoming);
        }
    }

    /**
     * Links {@code target} to the blob of {@code sha256}, or makes {@code incoming} that blob. The target is linked
     * to the incoming copy before the copy becomes the blob, so the new blob never has a link count of 1 that
     * another process's {@link #sweep()} would take for garbage.
     */
    private synchronized long place(Path incoming, String sha256, long size, Path target) throws IOException {
        Path blob = root.resolve(sha256);
        try {
            Files.createLink(target, blob);
            return 0;
        } catch (NoSuchFileException e) {
            Files.createLink(target, incoming);
            Files.move(incoming, blob, StandardCopyOption.ATOMIC_MOVE);
            bytes.addAndGet(size);
            return size;
        }
    }

    /**
     * Deletes blobs no artifact links to any more and incoming files a crashed writer left, and recounts
     * {@link #bytes()}.
     */
    synchronized void sweep() {
        if (!shares) {
            return;
        }
        long total = 0;
        int deleted = 0;
        FileTime abandoned = FileTime.from(Instant.now().minus(ABANDONED));
        try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
            for (Path child : children) {
                Map<String, Object> attributes = Files.readAttributes(child, "unix:nlink,size,lastModifiedTime",
                        LinkOption.NOFOLLOW_LINKS);
                boolean incoming = child.getFileName().toString().startsWith(INCOMING);
                if (incoming ? ((FileTime) attributes.get("lastModifiedTime")).compareTo(abandoned) < 0
                        : (Integer) attributes.get("nlink") <= 1) {
                    Files.deleteIfExists(child);
                    deleted++;
                } else if (!incoming) {
                    total += (Long) attributes.get("size");
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot sweep the blobs of {}", root, e);
            return;
        }
        bytes.set(total);
        LOG.debug("Swept {}: deleted {} unreferenced blobs, {} bytes remain", root, deleted, total);
    }
}
