package dev.previewkit.backend.localnpm;

import dev.previewkit.BuildResult;
import dev.previewkit.CacheDecision;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.tck.Fixtures;
import java.nio.file.Path;
import java.util.Map;

/**
 * Run in a second JVM by {@link CachingTest}: builds the fixture app with another greeting in a shared work
 * directory and prints what happened, one {@code name=value} per line.
 */
public final class SharedWorkDirectoryMain {
    private SharedWorkDirectoryMain() {}

    public static void main(String[] args) {
        CountingBackend backend = new CountingBackend();
        try (PreviewBuilder previews = PreviewBuilder.configure().backend(backend).workDirectory(Path.of(args[0]))
                .build()) {
            BuildResult result = previews.build(Fixtures.reactAppWith(Map.of("src/components/Greeting.tsx",
                    "export function Greeting() { return <p>" + args[1] + "</p>; }\n")));
            System.out.println("status=" + result.status());
            System.out.println("dependencies=" + result.cacheDecision(CacheDecision.Kind.DEPENDENCIES)
                    .map(CacheDecision::outcome).orElse(null));
            System.out.println("installs=" + backend.installs.get());
        }
    }
}
