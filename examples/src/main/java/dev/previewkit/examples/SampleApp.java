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

/** Projects bundled with the examples on the class path: the sample app, and the benchmark's fixtures. */
public final class SampleApp {
    private static final String FOLDER = "sample-app";

    private SampleApp() {}

    /** The React + TypeScript + Vite sample app. */
    public static ProjectFiles files() {
        return fromClassPath(FOLDER);
    }

    /**
     * A project folder bundled on the class path (one holding a {@code package.json}), whether the examples run
     * from a folder or from a jar.
     *
     * @throws PreviewException when the folder is missing or cannot be read
     */
    public static ProjectFiles fromClassPath(String folder) {
        URL url = SampleApp.class.getClassLoader().getResource(folder + "/package.json");
        if (url == null) {
            throw new PreviewException("The bundled project '" + folder + "' is missing from the class path");
        }
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return ProjectFiles.fromDirectory(jar.getPath(folder));
                }
            }
            return ProjectFiles.fromDirectory(Path.of(uri).getParent());
        } catch (URISyntaxException | IOException e) {
            throw new PreviewException("Cannot read the bundled project '" + folder + "': " + e.getMessage(), e);
        }
    }
}
