package dev.previewkit.testing;

import dev.previewkit.Artifact;
import dev.previewkit.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small React + TypeScript + Vite projects for backend tests. Versions are pinned so that every run installs
 * the same packages, and the dependency set is kept small so that installs stay fast.
 */
public final class Fixtures {
    /** Text rendered by a component nested two imports deep; found in the built JS. */
    public static final String NESTED_TEXT = "Hello from a nested Previewkit component";

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
        return reactAppWith(Map.of("src/components/Greeting.tsx", """
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
                  "dependencies": { "previewkit-no-such-package-4d1e9c": "1.0.0" },
                  "devDependencies": { "vite": "8.3.8" }
                }
                """));
    }

    /**
     * The app with a {@code vite.config.ts} that never finishes loading: it starts a child process (whose pid
     * it writes to {@code pidFile}, and whose command line holds {@code marker}), then either spins silently
     * forever ({@code busy}) or prints a line every 200 ms forever.
     */
    public static ProjectFiles withNeverEndingConfig(Path pidFile, String marker, boolean printing) {
        String loop = printing
                ? "await new Promise(() => setInterval(() => console.log('still configuring'), 200));"
                : "while (true) { /* silent and busy */ }";
        return reactAppWith(Map.of("vite.config.ts", """
                import { spawn } from 'node:child_process';
                import { writeFileSync } from 'node:fs';

                const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '%s'], { stdio: 'ignore' });
                writeFileSync(%s, String(child.pid));
                %s
                export default {};
                """.formatted(marker, jsString(pidFile.toString()), loop)));
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
