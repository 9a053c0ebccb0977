package dev.previewkit.internal.doctor;

import dev.previewkit.PreviewException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A starter project kept as a plain resource folder {@code dev/previewkit/templates/<name>/}, whose
 * {@code template-files.txt} lists its files. Adding a template is adding such a folder.
 *
 * @param name  the template's name, such as {@code react-ts}
 * @param files path to content, in the listed order
 */
public record ProjectTemplate(String name, Map<String, byte[]> files) {
    private static final String ROOT = "/dev/previewkit/templates/";

    /**
     * Loads a template from the class path.
     *
     * @throws IllegalArgumentException when there is no such template
     */
    public static ProjectTemplate named(String name) {
        if (!name.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("A template name is lower-case letters, digits and '-': " + name);
        }
        byte[] index = read(name, "template-files.txt")
                .orElseThrow(() -> new IllegalArgumentException("No project template named '" + name + "'"));
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String line : new String(index, StandardCharsets.UTF_8).split("\n")) {
            String path = line.strip();
            if (!path.isEmpty() && !path.startsWith("#")) {
                files.put(path, read(name, path).orElseThrow(() -> new PreviewException(
                        "Template " + name + " lists " + path + " but does not contain it")));
            }
        }
        return new ProjectTemplate(name, Map.copyOf(files));
    }

    private static Optional<byte[]> read(String template, String path) {
        try (InputStream in = ProjectTemplate.class.getResourceAsStream(ROOT + template + "/" + path)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new PreviewException("Cannot read template file " + template + "/" + path, e);
        }
    }
}
