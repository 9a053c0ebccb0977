package dev.previewkit.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.previewkit.ProjectFiles;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Turns an upload into {@link ProjectFiles}: a JSON object of path to text content (at most
 * {@link #MAX_JSON_BYTES}), or a zip archive, read as a stream: its large entries (images, videos) are spilled
 * to disk by the library and never held in memory. Every path goes through the library's validation, which
 * throws {@link dev.previewkit.InvalidProjectException}.
 */
final class UploadedProject {
    /** JSON carries source text only, so it is read whole and kept small. */
    static final int MAX_JSON_BYTES = 20 << 20;

    private UploadedProject() {}

    /** Thrown for a body that is neither a JSON object of strings nor a readable zip. */
    static final class Malformed extends IOException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    /** Reads the body to its end; a JSON body over {@link #MAX_JSON_BYTES} throws {@link Http.TooLarge}. */
    static ProjectFiles parse(InputStream body, String contentType) throws IOException {
        BufferedInputStream in = new BufferedInputStream(body);
        in.mark(2);
        boolean zipMagic = in.read() == 'P' && in.read() == 'K';
        in.reset();
        if (zipMagic || (contentType != null && contentType.startsWith("application/zip"))) {
            return fromZip(in);
        }
        byte[] json = in.readNBytes(MAX_JSON_BYTES + 1);
        if (json.length > MAX_JSON_BYTES) {
            throw new Http.TooLarge(MAX_JSON_BYTES);
        }
        return fromJson(json);
    }

    private static ProjectFiles fromJson(byte[] body) throws IOException {
        JsonNode root;
        try {
            root = Http.JSON.readTree(body);
        } catch (IOException e) {
            throw new Malformed("The body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new Malformed("The body must be a JSON object of file paths to file contents");
        }
        ProjectFiles.Builder files = ProjectFiles.builder();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> file = it.next();
            if (!file.getValue().isTextual()) {
                throw new Malformed("The content of '" + file.getKey() + "' must be a string");
            }
            files.add(file.getKey(), file.getValue().asText());
        }
        return files.build();
    }

    private static ProjectFiles fromZip(InputStream body) throws IOException {
        ProjectFiles.Builder files = ProjectFiles.builder();
        try (ZipInputStream zip = new ZipInputStream(body)) {
            ZipEntry entry;
            boolean any = false;
            while ((entry = zip.getNextEntry()) != null) {
                any = true;
                if (!entry.isDirectory()) {
                    files.add(entry.getName(), zip);  // the builder bounds count and bytes, spills large entries
                }
            }
            if (!any) {
                throw new Malformed("The zip archive is empty or unreadable");
            }
        } catch (ZipException e) {
            throw new Malformed("The zip archive is unreadable: " + e.getMessage());
        }
        return files.build();
    }
}
