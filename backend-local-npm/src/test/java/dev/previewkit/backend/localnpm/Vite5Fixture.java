package dev.previewkit.backend.localnpm;

import dev.previewkit.ProjectFile;
import dev.previewkit.ProjectFiles;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Vite 5 fixture ({@code fixtures/vite5}): a lovable.dev-shaped config ({@code @vitejs/plugin-react-swc} 3,
 * an {@code @} alias) on the Vite 5.4 such exports pin, with a lockfile, small enough to install in seconds.
 */
final class Vite5Fixture {
    /** The text its greeting component renders. */
    static final String GREETING = "Hello from Vite 5";
    static final String GREETING_FILE = "src/components/Greeting.tsx";

    private Vite5Fixture() {}

    static ProjectFiles files() {
        try {
            return ProjectFiles.fromDirectory(Path.of(Vite5Fixture.class.getResource("/fixtures/vite5/package.json")
                    .toURI()).getParent());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fixture with files added or replaced. */
    static ProjectFiles with(Map<String, String> changes) {
        ProjectFiles.Builder builder = ProjectFiles.builder();
        for (ProjectFile file : files().files()) {
            if (!changes.containsKey(file.path())) {
                builder.add(file);
            }
        }
        changes.forEach(builder::add);
        return builder.build();
    }

    /** The fixture whose greeting says {@code text}. */
    static ProjectFiles greeting(String text) {
        return with(Map.of(GREETING_FILE, "export function Greeting() {\n  return <p className=\"greeting\">" + text
                + "</p>;\n}\n"));
    }
}
