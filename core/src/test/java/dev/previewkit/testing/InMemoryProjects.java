package dev.previewkit.testing;

import dev.previewkit.ProjectFiles;
import java.util.HashMap;
import java.util.Map;

/**
 * Projects for tests with the {@link InMemoryBackend}: a small Vite project (complete, so the project doctor
 * changes nothing and asks no registry; it need not build with real Vite) with a
 * {@link InMemoryBackend#LABEL_FILE label}. Projects with different labels have the same dependencies but
 * different output keys.
 */
public final class InMemoryProjects {
    private static final String PACKAGE_JSON = """
            {
              "name": "in-memory",
              "private": true,
              "type": "module",
              "dependencies": { "clsx": "2.1.1" },
              "devDependencies": { "vite": "8.3.8" }
            }
            """;

    private InMemoryProjects() {}

    /** The project's files, without a label. */
    private static Map<String, String> base() {
        Map<String, String> files = new HashMap<>();
        files.put("package.json", PACKAGE_JSON);
        files.put("index.html", "<!doctype html><div id=\"root\"></div>"
                + "<script type=\"module\" src=\"/src/main.tsx\"></script>\n");
        files.put("vite.config.ts", "export default {};\n");
        files.put("tsconfig.json", "{ \"compilerOptions\": { \"strict\": true } }\n");
        files.put("src/main.tsx", "import { App } from './App';\n\ndocument.body.textContent = App();\n");
        files.put("src/App.tsx", "import clsx from 'clsx';\nimport { Greeting } from './components/Greeting';\n\n"
                + "export const App = () => clsx('app', Greeting());\n");
        files.put("src/components/Greeting.tsx", greeting("// plain"));
        return files;
    }

    private static String greeting(String secondLine) {
        return "export function Greeting() {\n  " + secondLine + "\n  return 'Hello from memory';\n}\n";
    }

    /** The app labelled {@code label}. */
    public static ProjectFiles labelled(String label) {
        return labelled(label, Map.of());
    }

    /** The app labelled {@code label}, with other files added or replaced. */
    public static ProjectFiles labelled(String label, Map<String, String> changes) {
        Map<String, String> files = base();
        files.putAll(changes);
        files.put(InMemoryBackend.LABEL_FILE, label + "\n");
        return ProjectFiles.fromMap(files);
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
        String manifest = PACKAGE_JSON.replace("\"clsx\": \"2.1.1\"",
                "\"clsx\": \"2.1.1\", \"" + name + "\": \"" + version + "\"");
        return labelled(label, Map.of("package.json", manifest));
    }

    /** {@code src/components/Greeting.tsx} with {@code line} as its second line. */
    private static ProjectFiles withGreeting(String label, String line) {
        return labelled(label, Map.of("src/components/Greeting.tsx", greeting(line)));
    }
}
