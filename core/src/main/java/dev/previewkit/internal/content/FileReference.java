package dev.previewkit.internal.content;

import dev.previewkit.InvalidProjectException;
import dev.previewkit.InvalidProjectException.Rule;
import dev.previewkit.internal.digest.Sha256;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;

/**
 * A project file left where the caller keeps it: only its size, modification time and SHA-256 as they were
 * when it was read. Every stream re-checks them, so a file changed since then is refused (rule
 * {@link Rule#SOURCE_CHANGED}) instead of being built or cached under the wrong key.
 */
public record FileReference(String projectPath, Path source, long size, FileTime modified, String sha256)
        implements Content {

    /**
     * Reads {@code source} once to digest it.
     *
     * @param attributes the attributes read just before, which the file must still have afterwards
     * @throws InvalidProjectException (SOURCE_CHANGED) when the file changed while it was read
     */
    public static FileReference read(String projectPath, Path source, BasicFileAttributes attributes)
            throws IOException {
        FileReference expected = new FileReference(projectPath, source, attributes.size(),
                attributes.lastModifiedTime(), "");
        MessageDigest digest = Sha256.newDigest();
        long read = 0;
        try (InputStream in = Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; read += n) {
                digest.update(buffer, 0, n);
            }
        }
        if (read != attributes.size()) {
            throw expected.changed("its size changed while it was read");
        }
        expected.checkUnchanged();
        return new FileReference(projectPath, source, read, attributes.lastModifiedTime(), Sha256.hex(digest.digest()));
    }

    @Override
    public InputStream openStream() throws IOException {
        checkUnchanged();
        return new Verifying(Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS));
    }

    private void checkUnchanged() throws IOException {
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(source, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw changed("it no longer exists");
        }
        if (!now.isRegularFile() || now.size() != size || !now.lastModifiedTime().equals(modified)) {
            throw changed("it now has " + now.size() + " bytes, modified " + now.lastModifiedTime()
                    + "; it had " + size + " bytes, modified " + modified);
        }
    }

    private InvalidProjectException changed(String how) {
        return new InvalidProjectException(Rule.SOURCE_CHANGED, projectPath, "Project file '" + projectPath
                + "' was read from " + source + ", which changed since: " + how + " (rule " + Rule.SOURCE_CHANGED
                + "); read the project again");
    }

    /** Digests what passes through and, at the end, refuses bytes that differ from those first read. */
    private final class Verifying extends FilterInputStream {
        private final MessageDigest digest = Sha256.newDigest();
        private long count;
        private boolean verified;

        Verifying(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                digest.update(b, off, n);
                count += n;
            } else if (n < 0 && !verified) {
                verified = true;
                String actual = Sha256.hex(digest.digest());
                if (count != size || !actual.equals(sha256)) {
                    throw changed("its content differs (" + count + " bytes, SHA-256 " + actual + ")");
                }
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] skipped = new byte[(int) Math.min(n, 8192)];
            int read = read(skipped, 0, skipped.length);
            return Math.max(read, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
