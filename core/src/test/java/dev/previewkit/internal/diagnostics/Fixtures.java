package dev.previewkit.internal.diagnostics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Reads the captured tool output in {@code src/test/resources/diagnostics} (see the README there). */
final class Fixtures {
    /** Stands for the folder the tool ran in. */
    static final String WORKSPACE_TOKEN = "@WORKSPACE@";

    private Fixtures() {}

    /** The lines of a fixture, with the placeholder replaced by {@code workspace}. */
    static List<String> lines(String name, Path workspace) {
        String resource = "/diagnostics/" + name;
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace(WORKSPACE_TOKEN, workspace.toString());
            if (text.endsWith("\n")) {
                text = text.substring(0, text.length() - 1);
            }
            return Arrays.asList(text.split("\n", -1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
