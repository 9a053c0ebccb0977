package dev.previewkit.examples;

import dev.previewkit.PreviewResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Serves a build made for one base path at another, so that one build serves both of a session's previews. Vite
 * writes its base path, verbatim, into the files that refer to other files: {@code index.html} ({@code src} and
 * {@code href}), JavaScript (asset and chunk URLs, the preload helper, {@code import.meta.env.BASE_URL}), CSS
 * ({@code url()}) and generated manifests. Built with a base as distinctive as {@code /preview/<session>/} and
 * served with every occurrence replaced by {@code /}, the files are byte for byte those of a build with base
 * {@code /} (only the hashes in the file names differ), checked on the sample app and on a Vite 5 app with code
 * splitting, workers, CSS assets and a favicon. Other files (images, fonts, media) are sent unchanged.
 *
 * <p>The replacement works on bytes, streamed twice (once to count the length, once to send), so memory stays
 * constant whatever the file's size; an ASCII base never matches inside a multi-byte UTF-8 character. Immutable
 * and thread-safe.
 */
final class BaseRewrite {
    /** The media types a build writes its base path into, without parameters. */
    private static final Set<String> REWRITTEN = Set.of(
            "text/html", "text/javascript", "text/css", "application/json", "application/manifest+json");
    private static final int CHUNK = 64 * 1024;

    private final byte[] builtFor;
    private final byte[] servedAt;

    /**
     * @param builtFor the base path the build was made for, such as {@code /preview/demo/}; ASCII, not empty
     * @param servedAt the base path to serve it at, such as {@code /}
     */
    BaseRewrite(String builtFor, String servedAt) {
        if (builtFor.isEmpty()) {
            throw new IllegalArgumentException("builtFor must not be empty");
        }
        this.builtFor = builtFor.getBytes(StandardCharsets.US_ASCII);
        this.servedAt = servedAt.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Sends what the resolver decided, with a file of a {@link #REWRITTEN} type rebased and its length fixed; to a
     * {@code HEAD}, the headers only (resolve it as a {@code GET}, so that the file can be measured).
     */
    void send(Exchange exchange, PreviewResponse response) throws IOException {
        if (response.file().isEmpty() || !rewrites(response.header("Content-Type").orElse(""))) {
            Http.send(exchange, response);
            return;
        }
        Path file = response.file().get();
        long length;
        try (InputStream in = Files.newInputStream(file)) {
            length = copy(in, OutputStream.nullOutputStream());
        }
        try (OutputStream out = Http.stream(exchange, response, length)) {
            if (!Http.isHead(exchange)) {
                try (InputStream in = Files.newInputStream(file)) {
                    copy(in, out);
                }
            }
        }
        exchange.callback().succeeded();
    }

    private static boolean rewrites(String contentType) {
        int parameters = contentType.indexOf(';');
        String type = parameters < 0 ? contentType : contentType.substring(0, parameters);
        return REWRITTEN.contains(type.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * Copies {@code in} to {@code out} with every occurrence of the built-for base replaced, and returns the
     * number of bytes written. Works through chunks, carrying a chunk's last {@code builtFor.length - 1} bytes
     * over so that an occurrence across two chunks is found.
     */
    long copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[CHUNK + builtFor.length];
        int kept = 0;
        long written = 0;
        boolean last;
        do {
            int end = kept + in.readNBytes(buffer, kept, CHUNK);
            last = end - kept < CHUNK;
            int limit = last ? end : end - (builtFor.length - 1); // an occurrence starting before it fits
            int from = 0;
            int i = 0;
            while (i < limit) {
                if (i + builtFor.length <= end && Arrays.equals(buffer, i, i + builtFor.length, builtFor, 0,
                        builtFor.length)) {
                    out.write(buffer, from, i - from);
                    out.write(servedAt);
                    written += i - from + servedAt.length;
                    i += builtFor.length;
                    from = i;
                } else {
                    i++;
                }
            }
            int flushed = last ? end : Math.max(from, limit);
            out.write(buffer, from, flushed - from);
            written += flushed - from;
            kept = end - flushed;
            System.arraycopy(buffer, flushed, buffer, 0, kept);
        } while (!last);
        return written;
    }
}
