package dev.previewkit.tck;

import dev.previewkit.Artifact;
import dev.previewkit.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Small React + TypeScript + Vite projects for backend tests, the ones the {@link BackendCompatibilityKit} builds.
 * Versions are pinned so that every run installs the same packages, and the dependency set (react, react-dom,
 * clsx, vite) is kept small so that installs stay fast. Thread-safe; every method returns a new value.
 */
public final class Fixtures {
    /** Text rendered by a component nested two imports deep; found in the built JS. */
    public static final String NESTED_TEXT = "Hello from a nested Previewkit component";
    /** The project-relative file that the broken fixtures break: a syntax or type error is in it. */
    public static final String BROKEN_FILE = "src/components/Greeting.tsx";
    /** A package that does not exist in the npm registry. */
    public static final String MISSING_PACKAGE = "previewkit-no-such-package-4d1e9c";
    /** Printed by a stalled project once it has reached the point where it stalls. */
    public static final String STALLED = "previewkit-tck: stalled";

    private Fixtures() {}

    /** package.json with react, react-dom, clsx and vite, plus extra top-level JSON members. */
    public static String packageJson(String extraMembers) {
        return """
                {
                  "name": "fixture",
                  "private": true,
                  "type": "module",
                  %s"dependencies": { "react": "19.2.0", "react-dom": "19.2.0", "clsx": "2.1.1" },
                  "devDependencies": { "vite": "8.3.8" }
                }
                """.formatted(extraMembers.isEmpty() ? "" : extraMembers + ",\n  ");
    }

    /**
     * {@link #packageJson(String)} with a dependency set of its own: an override of a package that nothing
     * depends on (npm ignores it) changes the dependency key, so a store that holds the app's set still
     * installs this one, and each call gives another set.
     */
    public static String packageJsonOfOwnSet(String extraMembers) {
        String override = "\"overrides\": { \"previewkit-tck-unused-" + UUID.randomUUID() + "\": \"1.0.0\" }";
        return packageJson(extraMembers.isEmpty() ? override : extraMembers + ",\n  " + override);
    }

    /** A multi-file app: main → App → Panel → Greeting, using react-dom and clsx. */
    public static Map<String, String> reactApp() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("package.json", packageJson(""));
        files.put("index.html", """
                <!doctype html>
                <html lang="en">
                  <head><meta charset="UTF-8" /><title>Fixture</title></head>
                  <body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body>
                </html>
                """);
        files.put("vite.config.ts", "export default {};\n");  // its own config, so the doctor adds no plugin
        files.put("tsconfig.json", """
                { "compilerOptions": { "jsx": "react-jsx", "target": "ES2022", "module": "ESNext",
                  "moduleResolution": "bundler", "strict": true } }
                """);
        files.put("src/main.tsx", """
                import { createRoot } from 'react-dom/client';
                import { App } from './App';

                createRoot(document.getElementById('root')!).render(<App />);
                """);
        files.put("src/App.tsx", """
                import { Panel } from './components/Panel';

                export function App() {
                  return <main><h1>Fixture app</h1><Panel highlighted /></main>;
                }
                """);
        files.put("src/components/Panel.tsx", """
                import clsx from 'clsx';
                import { Greeting } from './Greeting';

                export function Panel({ highlighted }: { highlighted: boolean }) {
                  return <section className={clsx('panel', { highlighted })}><Greeting /></section>;
                }
                """);
        files.put("src/components/Greeting.tsx", """
                export function Greeting() {
                  return <p>%s</p>;
                }
                """.formatted(NESTED_TEXT));
        return files;
    }

    /** {@link #reactApp()} with other files added or replaced. */
    public static ProjectFiles reactAppWith(Map<String, String> changes) {
        Map<String, String> files = reactApp();
        files.putAll(changes);
        return ProjectFiles.fromMap(files);
    }

    /** The app with a TSX syntax error in {@code src/components/Greeting.tsx}. */
    public static ProjectFiles withSyntaxError() {
        return reactAppWith(Map.of(BROKEN_FILE, """
                export function Greeting() {
                  return <p>unclosed {</p>;
                }
                """));
    }

    /** The app depending on a package that does not exist in the registry. */
    public static ProjectFiles withMissingPackage() {
        return reactAppWith(Map.of("package.json", """
                {
                  "name": "fixture",
                  "private": true,
                  "dependencies": { "%s": "1.0.0" },
                  "devDependencies": { "vite": "8.3.8" }
                }
                """.formatted(MISSING_PACKAGE)));
    }

    /**
     * The app with a {@code vite.config.ts} that never finishes loading: it prints {@link #STALLED}, starts a
     * child process that runs forever in the workspace (so that a backend must kill a whole process tree, not
     * only Vite), then either prints a line every 200 ms forever ({@code printing}) or spins silently. Each call
     * returns a different project (a fresh id in the config), so that no two of them share a build.
     */
    public static ProjectFiles withStalledConfig(boolean printing) {
        String loop = printing
                ? "await new Promise(() => setInterval(() => console.log('still configuring'), 200));"
                : "while (true) { /* silent and busy */ }";
        return reactAppWith(Map.of("vite.config.ts", """
                import { spawn } from 'node:child_process';

                console.log('%s %s');
                spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
                %s
                export default {};
                """.formatted(STALLED, UUID.randomUUID(), loop)));
    }

    /**
     * The app depending on a tarball at {@code url}: a URL dependency, so the builder must allow unsafe
     * dependencies. With a server that accepts the connection and never answers, the install stalls there.
     */
    public static ProjectFiles withTarballDependency(URI url) {
        return reactAppWith(Map.of("package.json", packageJson("").replace("\"clsx\": \"2.1.1\"",
                "\"clsx\": \"2.1.1\", \"previewkit-tck-stalled\": \"" + url + "\"")));
    }

    /**
     * The app declaring one more package, which makes its dependency set differ from {@link #reactApp()}'s,
     * with {@code text} in place of the greeting.
     */
    public static ProjectFiles withExtraPackage(String name, String version, String text) {
        return reactAppWith(Map.of(
                "package.json", packageJson("").replace("\"clsx\": \"2.1.1\"",
                        "\"clsx\": \"2.1.1\", \"" + name + "\": \"" + version + "\""),
                "src/components/Greeting.tsx", greeting(text)));
    }

    /** The app with {@code text} in place of the greeting. */
    public static ProjectFiles withGreeting(String text) {
        return reactAppWith(Map.of("src/components/Greeting.tsx", greeting(text)));
    }

    private static String greeting(String text) {
        return "export function Greeting() {\n  return <p>" + text + "</p>;\n}\n";
    }

    /**
     * The app with TypeScript declared, a loose {@code tsconfig.json} (the fixture has no React types) and a type
     * error in {@link #BROKEN_FILE} at line 1: {@code const count: string = 42;}.
     */
    public static ProjectFiles withTypeError() {
        return reactAppWith(Map.of(
                "package.json", packageJson("").replace("\"vite\": \"8.3.8\"",
                        "\"vite\": \"8.3.8\", \"typescript\": \"5.9.3\""),
                "tsconfig.json", """
                        { "compilerOptions": { "jsx": "react-jsx", "target": "ES2022", "module": "ESNext",
                          "moduleResolution": "bundler", "strict": false, "noEmit": true, "skipLibCheck": true },
                          "include": ["src"] }
                        """,
                BROKEN_FILE, """
                        const count: string = 42;
                        export function Greeting() {
                          return <p>{count}</p>;
                        }
                        """));
    }

    /** All JavaScript of an artifact, concatenated. */
    public static String builtJavaScript(Artifact artifact) throws IOException {
        StringBuilder all = new StringBuilder();
        for (String file : artifact.files()) {
            if (file.endsWith(".js")) {
                all.append(Files.readString(artifact.root().resolve(file)));
            }
        }
        return all.toString();
    }

    /** A JavaScript string literal. */
    public static String jsString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
