package dev.previewkit.examples;

import dev.previewkit.PreviewException;
import dev.previewkit.ProjectFiles;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Map;

/** The React + TypeScript + Vite app bundled with the examples, read from the class path. */
public final class SampleApp {
    private static final String FOLDER = "sample-app";

    private SampleApp() {}

    /** The sample app's files, whether the examples run from a folder or from a jar. */
    public static ProjectFiles files() {
        URL url = SampleApp.class.getClassLoader().getResource(FOLDER + "/package.json");
        if (url == null) {
            throw new PreviewException("The bundled sample app is missing from the class path");
        }
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return ProjectFiles.fromDirectory(jar.getPath(FOLDER));
                }
            }
            return ProjectFiles.fromDirectory(Path.of(uri).getParent());
        } catch (URISyntaxException | IOException e) {
            throw new PreviewException("Cannot read the bundled sample app: " + e.getMessage(), e);
        }
    }
}
