package dev.previewkit.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.previewkit.ProjectFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Turns an upload into {@link ProjectFiles}: a JSON object of path to text content, or a zip archive. Every
 * path goes through the library's validation, which throws {@link dev.previewkit.InvalidProjectException}.
 */
final class UploadedProject {
    private UploadedProject() {}

    /** Thrown for a body that is neither a JSON object of strings nor a readable zip. */
    static final class Malformed extends IOException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    static ProjectFiles parse(byte[] body, String contentType) throws IOException {
        return isZip(body, contentType) ? fromZip(body) : fromJson(body);
    }

    private static boolean isZip(byte[] body, String contentType) {
        boolean zipMagic = body.length >= 4 && body[0] == 'P' && body[1] == 'K';
        return zipMagic || (contentType != null && contentType.startsWith("application/zip"));
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

    private static ProjectFiles fromZip(byte[] body) throws IOException {
        ProjectFiles.Builder files = ProjectFiles.builder();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(body))) {
            ZipEntry entry;
            boolean any = false;
            while ((entry = zip.getNextEntry()) != null) {
                any = true;
                if (!entry.isDirectory()) {
                    files.add(entry.getName(), zip.readAllBytes());  // the builder bounds count and bytes
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
