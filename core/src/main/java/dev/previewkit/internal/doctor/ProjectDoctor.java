package dev.previewkit.internal.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.previewkit.BuildPhase;
import dev.previewkit.Diagnostic;
import dev.previewkit.InvalidProjectException;
import dev.previewkit.InvalidProjectException.Rule;
import dev.previewkit.PackageManager;
import dev.previewkit.ProjectChange;
import dev.previewkit.ProjectFile;
import dev.previewkit.ProjectFiles;
import dev.previewkit.internal.json.Json;
import dev.previewkit.internal.project.PackageManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Makes what AI generators send buildable, deterministically, and says what it did: refuses projects of other
 * frameworks and dependencies that would reach outside the registry, adds the files a project lacks from a
 * template (never replacing a given file), declares packages that the build's code imports (or its Vite config
 * needs) but {@code package.json} does not, and warns about {@code import.meta.env} variables nothing sets and
 * about packages it declares as {@code latest} because no version of them was found. The versions of one project
 * are looked up together, within one deadline ({@link VersionResolver}).
 *
 * <p>Packages that the project's {@code package-lock.json} already installs at the top level (as dependencies
 * of others, as shadcn/ui code imports them) are not declared again: npm provides them as locked, and declaring
 * them would put {@code package.json} out of step with the lockfile for nothing.
 */
public final class ProjectDoctor {
    private static final Pattern SOURCE = Pattern.compile(".*\\.(?:[cm]?[jt]sx?|css)$");
    /** Specs that fetch code from somewhere other than the registry. */
    private static final Pattern UNSAFE_SPEC = Pattern.compile(
            "(?i)^(?:file|link|portal|workspace|git|git\\+[a-z]+|github|gitlab|bitbucket|gist|https?):.*"
                    + "|^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(?:#.*)?$");
    /** Build-tool configuration files: what they import is a development dependency. */
    private static final Pattern TOOL_CONFIG =
            Pattern.compile("(?:vite|vitest|tailwind|postcss)\\.config\\.[cm]?[jt]s");
    private static final String BUILD_TOOL = "vite";
    private static final String TERSER = "terser";
    /** Vite 3+ minifies with terser only on request, and then needs the package. */
    private static final Pattern TERSER_MINIFY = Pattern.compile("minify\\s*:\\s*['\"`]terser['\"`]");
    private static final String MODULES = "node_modules/";
    private static final String TYPE_CHECKER = "typescript";
    /** The code of the warning for a package declared as {@code latest} because no version of it was found. */
    static final String UNRESOLVED_VERSION = "VERSION_UNRESOLVED";

    /** The settings of a doctor. */
    public record Settings(String template, boolean allowUnsafeDependencies, boolean typeCheck) {}

    /** The repaired project, what was changed, and what the doctor warns about without changing it. */
    public record Report(ProjectFiles files, List<ProjectChange> changes, List<Diagnostic> warnings) {}

    private final ProjectTemplate template;
    private final Settings settings;
    private final VersionResolver versions;

    public ProjectDoctor(Settings settings, VersionResolver versions) {
        this.template = ProjectTemplate.named(settings.template());
        this.settings = settings;
        this.versions = versions;
    }

    /**
     * Examines and repairs a project.
     *
     * @throws InvalidProjectException when package.json is malformed or declares an unsafe dependency, or the
     *     project belongs to another framework
     */
    public Report examine(ProjectFiles files) {
        Map<String, byte[]> added = new LinkedHashMap<>();  // template files, then a rewritten package.json
        Sources sources = new Sources(files, added);
        if (files.contains(PackageManifest.FILE)) {
            refuseOtherFramework(PackageManifest.parse(sources.bytes(PackageManifest.FILE)), files);
        }
        List<ProjectChange> changes = new ArrayList<>();
        template.files().forEach((path, content) -> {
            if (!files.contains(path) && !occupied(sources, path)) {
                added.put(path, content);
                changes.add(new ProjectChange(ProjectChange.Kind.ADDED_FILE, path, "template " + template.name()));
            }
        });
        ObjectNode manifest = PackageManifest.parse(sources.bytes(PackageManifest.FILE)).deepCopy();
        refuseUnsafe(manifest);
        Map<String, String> buildSources = buildSources(sources);
        List<Addition> additions = additions(sources, buildSources, manifest);
        Map<String, VersionResolver.Resolved> resolved = versions.resolveAll(
                additions.stream().map(Addition::name).toList());
        List<Diagnostic> warnings = new ArrayList<>();
        for (Addition addition : additions) {
            VersionResolver.Resolved version = resolved.get(addition.name());
            section(manifest, addition.section()).put(addition.name(), version.version());
            changes.add(new ProjectChange(ProjectChange.Kind.ADDED_DEPENDENCY, addition.name(), version.version()
                    + " (" + version.source() + "), " + addition.why()));
            if (!version.found()) {
                warnings.add(unresolved(addition, version));
            }
        }
        if (changes.stream().anyMatch(change -> change.kind() == ProjectChange.Kind.ADDED_DEPENDENCY)) {
            try {
                added.put(PackageManifest.FILE, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
            } catch (IOException e) {
                throw new IllegalStateException("cannot render a JSON tree", e);
            }
        }
        warnings.addAll(UnsetEnvironment.warnings(buildSources, sources::text));
        if (changes.isEmpty()) {
            return new Report(files, List.of(), List.copyOf(warnings));
        }
        ProjectFiles.Builder builder = ProjectFiles.builder().limits(files.limits());
        files.files().stream().filter(file -> !added.containsKey(file.path())).forEach(builder::add);
        added.forEach(builder::add);
        return new Report(builder.build(), List.copyOf(changes), List.copyOf(warnings));
    }

    /** A package to declare: where, why, and the file that needs it. */
    private record Addition(String section, String name, String why, String file) {}

    /**
     * The packages to declare, in order: those the build's code imports (or its Vite config), then {@code terser}
     * when the Vite config minifies with it, then the build tool and the type checker, each unless declared.
     */
    private List<Addition> additions(Sources sources, Map<String, String> buildSources, ObjectNode manifest) {
        List<Addition> additions = new ArrayList<>();
        undeclaredImports(sources, buildSources, manifest).forEach((name, importer) -> additions.add(new Addition(
                TOOL_CONFIG.matcher(importer).matches() ? "devDependencies" : "dependencies", name,
                "imported by " + importer, importer)));
        Set<String> known = declared(manifest);
        additions.forEach(addition -> known.add(addition.name()));
        String config = viteConfig(sources);
        if (config != null && TERSER_MINIFY.matcher(config).find() && !known.contains(TERSER)) {
            additions.add(new Addition("devDependencies", TERSER, "needed by build.minify: 'terser' in the Vite config",
                    PackageManifest.FILE));
        }
        for (String tool : settings.typeCheck() ? List.of(BUILD_TOOL, TYPE_CHECKER) : List.of(BUILD_TOOL)) {
            if (!known.contains(tool)) {
                additions.add(new Addition("devDependencies", tool,
                        "needed to " + (tool.equals(BUILD_TOOL) ? "build" : "type-check"), PackageManifest.FILE));
            }
        }
        return additions;
    }

    /** The warning for a package declared as {@code latest} because no version of it was found. */
    private static Diagnostic unresolved(Addition addition, VersionResolver.Resolved version) {
        return new Diagnostic(BuildPhase.INSTALL, Diagnostic.Severity.WARNING, Optional.of(addition.file()),
                OptionalInt.empty(), OptionalInt.empty(), Optional.of(UNRESOLVED_VERSION), "No version of "
                        + addition.name() + " was found: " + version.source() + ". It is declared as \"latest\"; the"
                        + " install fails if no package of that name exists", Optional.empty());
    }

    /** Whether a template file would clash with a folder or file the project has (e.g. it has {@code src}). */
    private static boolean occupied(Sources sources, String path) {
        String folder = path + "/";
        return sources.paths().anyMatch(existing -> existing.startsWith(folder) || path.startsWith(existing + "/"));
    }

    /**
     * The project as the doctor sees it: the given files, read only when asked for (never the images), and the
     * files it added.
     */
    private record Sources(ProjectFiles given, Map<String, byte[]> added) {
        /** The bytes of a file, or null. */
        byte[] bytes(String path) {
            byte[] own = added.get(path);
            return own != null ? own : given.file(path).map(ProjectFile::content).orElse(null);
        }

        /** The text of a file, or null. */
        String text(String path) {
            byte[] bytes = bytes(path);
            return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        }

        /** Every path, given and added. */
        Stream<String> paths() {
            return Stream.concat(given.files().stream().map(ProjectFile::path), added.keySet().stream());
        }
    }

    private void refuseUnsafe(ObjectNode manifest) {
        if (settings.allowUnsafeDependencies()) {
            return;
        }
        for (String section : PackageManifest.DEPENDENCY_SECTIONS) {
            manifest.path(section).fields().forEachRemaining(entry -> {
                String spec = entry.getValue().asText().trim();
                if (UNSAFE_SPEC.matcher(spec).matches()) {
                    throw new InvalidProjectException(Rule.UNSAFE_DEPENDENCY, PackageManifest.FILE, "package.json"
                            + " declares " + entry.getKey() + "@\"" + spec + "\" in " + section + ", which is fetched"
                            + " from outside the registry (a file, link, git or URL dependency); only registry"
                            + " versions are allowed unless the host allows unsafe dependencies (rule "
                            + Rule.UNSAFE_DEPENDENCY + ")");
                }
            });
        }
    }

    private void refuseOtherFramework(JsonNode manifest, ProjectFiles files) {
        OtherFrameworks.of(manifest, PackageManifest.DEPENDENCY_SECTIONS, files::contains).ifPresent(framework -> {
            throw new InvalidProjectException(Rule.UNSUPPORTED_FRAMEWORK, PackageManifest.FILE, "The project is"
                    + " written for " + framework + ": Previewkit builds Vite apps, and filling this one in from the"
                    + " Vite template would preview the template, not the app (rule " + Rule.UNSUPPORTED_FRAMEWORK
                    + ")");
        });
    }

    /** The text of every code and style file that can reach the build; images are never read. */
    private static Map<String, String> buildSources(Sources files) {
        Map<String, String> sources = new TreeMap<>();
        files.paths().filter(path -> SOURCE.matcher(path.toLowerCase(Locale.ROOT)).matches())
                .filter(BuildInputs::contains)
                .forEach(path -> sources.put(path, files.text(path)));
        return sources;
    }

    /**
     * Package name to the first file importing it, for packages imported but neither declared nor installed by
     * the project's npm lockfile.
     */
    private static Map<String, String> undeclaredImports(Sources files, Map<String, String> sources,
            ObjectNode manifest) {
        Set<String> known = declared(manifest);
        known.addAll(lockedAtTopLevel(files.bytes(PackageManager.NPM.lockfile())));
        Set<String> aliases = AliasPrefixes.from(files.text("tsconfig.json"), viteConfig(files));
        aliases.addAll(AliasPrefixes.from(files.text("tsconfig.app.json"), null));
        Map<String, String> missing = new TreeMap<>();
        sources.forEach((path, source) -> {
            for (String specifier : ImportScanner.specifiers(path, source)) {
                PackageNames.packageOf(specifier, aliases)
                        .filter(name -> !known.contains(name) && !name.startsWith("@types/"))
                        .ifPresent(name -> missing.putIfAbsent(name, path));
            }
        });
        return missing;
    }

    /** The packages an npm lockfile installs directly in {@code node_modules}; none when it cannot be read. */
    private static Set<String> lockedAtTopLevel(byte[] lockfile) {
        Set<String> names = new HashSet<>();
        if (lockfile == null) {
            return names;
        }
        try {
            Json.MAPPER.readTree(lockfile).path("packages").fieldNames().forEachRemaining(folder -> {
                String name = folder.startsWith(MODULES) ? folder.substring(MODULES.length()) : "";
                if (!name.isEmpty() && !name.contains("/" + MODULES)) {
                    names.add(name);
                }
            });
        } catch (IOException e) {
            // A broken lockfile fails the install, with npm's own message; the doctor only reads it as a hint.
        }
        return names;
    }

    private static Set<String> declared(JsonNode manifest) {
        Set<String> names = new HashSet<>();
        for (String section : PackageManifest.DEPENDENCY_SECTIONS) {
            manifest.path(section).fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    private static ObjectNode section(ObjectNode manifest, String name) {
        JsonNode section = manifest.get(name);
        return section instanceof ObjectNode object ? object : manifest.putObject(name);
    }

    private static String viteConfig(Sources files) {
        for (String name : List.of("vite.config.ts", "vite.config.js", "vite.config.mts", "vite.config.mjs")) {
            String text = files.text(name);
            if (text != null) {
                return text;
            }
        }
        return null;
    }
}
