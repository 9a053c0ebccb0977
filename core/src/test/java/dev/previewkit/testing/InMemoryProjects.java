package dev.previewkit.testing;

import dev.previewkit.ProjectFiles;
import java.util.HashMap;
import java.util.Map;

/**
 * Projects for tests with the {@link InMemoryBackend}: the {@link Fixtures} app (complete, so the project doctor
 * changes nothing and asks no registry) with a {@link InMemoryBackend#LABEL_FILE label}. Projects with different
 * labels have the same dependencies but different output keys.
 */
public final class InMemoryProjects {
    private InMemoryProjects() {}

    /** The app labelled {@code label}. */
    public static ProjectFiles labelled(String label) {
        return labelled(label, Map.of());
    }

    /** The app labelled {@code label}, with other files added or replaced. */
    public static ProjectFiles labelled(String label, Map<String, String> changes) {
        Map<String, String> files = new HashMap<>(changes);
        files.put(InMemoryBackend.LABEL_FILE, label + "\n");
        return Fixtures.reactAppWith(files);
    }

    /** The app whose build waits at the backend's build gate until released or cancelled. */
    public static ProjectFiles blocking(String label) {
        return withGreeting(label, "// " + InMemoryBackend.BLOCK);
    }

    /** The app whose build fails with a Vite-like error in {@code src/components/Greeting.tsx}, line 2. */
    public static ProjectFiles failing(String label) {
        return withGreeting(label, "// " + InMemoryBackend.BUILD_ERROR);
    }

    /** The app whose type check fails in {@code src/components/Greeting.tsx}, line 2. */
    public static ProjectFiles typeError(String label) {
        return withGreeting(label, "// " + InMemoryBackend.TYPE_ERROR);
    }

    /** The app whose backend throws an unexpected exception while building. */
    public static ProjectFiles crashing(String label) {
        return withGreeting(label, "// " + InMemoryBackend.CRASH);
    }

    /** The app with one more dependency declared: a new dependency set. */
    public static ProjectFiles withDependency(String label, String name, String version) {
        String manifest = Fixtures.packageJson("").replace("\"clsx\": \"2.1.1\"",
                "\"clsx\": \"2.1.1\", \"" + name + "\": \"" + version + "\"");
        return labelled(label, Map.of("package.json", manifest));
    }

    /** {@code src/components/Greeting.tsx} with {@code line} as its second line. */
    private static ProjectFiles withGreeting(String label, String line) {
        return labelled(label, Map.of("src/components/Greeting.tsx", """
                export function Greeting() {
                  %s
                  return <p>%s</p>;
                }
                """.formatted(line, label)));
    }
}
