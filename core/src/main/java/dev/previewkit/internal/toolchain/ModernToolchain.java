package dev.previewkit.internal.toolchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.previewkit.ProjectFile;
import dev.previewkit.ProjectFiles;
import dev.previewkit.Toolchain;
import dev.previewkit.internal.doctor.ImportScanner;
import dev.previewkit.internal.project.PackageManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The modern toolchain: the current Vite with its official React plugins, pinned with a lockfile of their own
 * (resource {@code dev/previewkit/toolchain/modern/}), which builds a project that pins an older Vite in place of
 * the project's Vite and React plugin. Decides per build whether a project can use it and remembers the dependency
 * sets whose build failed with it, so that their next versions go straight to the project's own toolchain.
 * Thread-safe.
 */
public final class ModernToolchain {
    private static final String RESOURCE = "/dev/previewkit/toolchain/modern/";
    /** Projects below this Vite major are built with the modern toolchain. */
    private static final int MODERN_MAJOR = 8;
    /** The packages of the toolchain set that take the place of the project's. */
    public static final List<String> REPLACED = List.of("vite", "@vitejs/plugin-react", "@vitejs/plugin-react-swc");
    private static final List<String> CONFIG_FILES = List.of("vite.config.ts", "vite.config.js", "vite.config.mjs",
            "vite.config.mts", "vite.config.cjs", "vite.config.cts");
    /**
     * What a project's Vite config may import to be built with the modern toolchain: Vite, the React plugins it
     * replaces, lovable.dev's tagger (a development-mode plugin that production builds import but do not run) and
     * Node's path, URL and file modules. Anything else keeps the project's toolchain.
     */
    private static final Set<String> CONFIG_IMPORTS = Set.of("vite", "@vitejs/plugin-react", "@vitejs/plugin-react-swc",
            "lovable-tagger", "path", "url", "fs");
    private static final Pattern MAJOR = Pattern.compile("^\\s*(?:[\\^~]|[<>]=?|=)?\\s*v?(\\d+)");

    private final ProjectFiles installFiles;
    private final PackageManifest manifest;
    private final String versions;
    private final Cache<String, String> failedWith = Caffeine.newBuilder().maximumSize(1024).build();

    /** The decision for one build. */
    public sealed interface Decision {
        /** Build with the toolchain set; {@code toolchain} says so in the artifact. */
        record Use(Toolchain toolchain) implements Decision {}

        /** Keep the project's own toolchain, for the reason {@code toolchain} gives. */
        record Keep(Toolchain toolchain) implements Decision {}
    }

    public ModernToolchain() {
        this.installFiles = ProjectFiles.builder()
                .add(PackageManifest.FILE, read(PackageManifest.FILE))
                .add("package-lock.json", read("package-lock.json"))
                .build();
        this.manifest = PackageManifest.read(installFiles);
        Map<String, String> pinned = new TreeMap<>();
        manifest.json().path("devDependencies").fields().forEachRemaining(e -> pinned.put(e.getKey(), e.getValue().asText()));
        List<String> named = new ArrayList<>();
        pinned.forEach((name, version) -> named.add(name + " " + version));
        this.versions = String.join(", ", named);
    }

    /** The toolchain set's install files: its {@code package.json} and lockfile. */
    public ProjectFiles installFiles() {
        return installFiles;
    }

    /** The toolchain set's manifest. */
    public PackageManifest manifest() {
        return manifest;
    }

    /** The pinned packages, such as {@code @vitejs/plugin-react 6.3.0, ..., vite 8.4.0}. */
    public String versions() {
        return versions;
    }

    /**
     * Whether the project can be built with the modern toolchain: it declares a Vite older than 8, its Vite config
     * imports nothing the toolchain was not checked with, and no earlier build of its dependency set failed with it.
     */
    public Decision decide(ProjectFiles files, PackageManifest project, String dependencyKey) {
        Optional<String> vite = declared(project.json(), "vite");
        if (vite.isEmpty()) {
            return keep("package.json declares no vite");
        }
        Optional<Integer> major = major(vite.get());
        if (major.isEmpty()) {
            return keep("its vite version '" + vite.get() + "' names no major version");
        }
        if (major.get() >= MODERN_MAJOR) {
            return keep("it already uses vite " + vite.get());
        }
        for (String name : CONFIG_FILES) {
            Optional<ProjectFile> config = files.file(name);
            if (config.isPresent()) {
                for (String specifier : ImportScanner.specifiers(name, config.get().contentAsString())) {
                    String module = specifier.startsWith("node:") ? specifier.substring("node:".length()) : specifier;
                    if (!CONFIG_IMPORTS.contains(module)) {
                        return keep(name + " imports " + specifier + ", which the modern toolchain was not checked"
                                + " with");
                    }
                }
            }
        }
        String failure = failedWith.getIfPresent(dependencyKey);
        if (failure != null) {
            return keep(failure);
        }
        return new Decision.Use(new Toolchain(Toolchain.Kind.MODERN, versions + " in place of the project's vite "
                + vite.get()));
    }

    /** Remembers that a build of {@code dependencyKey} failed with the toolchain and built with the project's own. */
    public void failed(String dependencyKey) {
        failedWith.put(dependencyKey, "an earlier build of this dependency set failed with the modern toolchain");
    }

    private static Decision keep(String reason) {
        return new Decision.Keep(Toolchain.project(reason));
    }

    private static Optional<String> declared(JsonNode json, String name) {
        for (String section : PackageManifest.DEPENDENCY_SECTIONS) {
            JsonNode version = json.path(section).path(name);
            if (version.isTextual()) {
                return Optional.of(version.asText());
            }
        }
        return Optional.empty();
    }

    /** The highest major version a range allows, such as 5 for {@code ^5.4.21} or {@code ^4 || ^5}. */
    static Optional<Integer> major(String range) {
        Optional<Integer> highest = Optional.empty();
        for (String alternative : range.split("\\|\\|")) {
            Matcher matcher = MAJOR.matcher(alternative);
            if (!matcher.find()) {
                return Optional.empty();
            }
            int major = Integer.parseInt(matcher.group(1).length() > 4 ? "9999" : matcher.group(1));
            if (highest.isEmpty() || major > highest.get()) {
                highest = Optional.of(major);
            }
        }
        return highest;
    }

    private static byte[] read(String name) {
        try (InputStream in = ModernToolchain.class.getResourceAsStream(RESOURCE + name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
