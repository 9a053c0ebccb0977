package dev.previewkit.backend.localnpm;

import dev.previewkit.BuildStatus;
import dev.previewkit.spi.DependencySet;
import dev.previewkit.spi.StepFailedException;
import dev.previewkit.spi.ToolchainSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gives a workspace its own {@code node_modules} folder holding a symbolic link to each entry of the installed set.
 * Linking takes milliseconds, and what a build writes there (Vite's {@code .vite-temp} config bundle, for one)
 * stays in the workspace, so installed sets are never written by builds.
 *
 * <p>With a toolchain set, its packages (such as {@code vite} and {@code @vitejs/plugin-react-swc}) are linked in
 * place of the project's; a scope folder both have becomes a folder of the workspace's own that links each package.
 * Node resolves a linked package's own imports from where it really is, so the toolchain's Vite finds its Rolldown
 * while every other package stays the project's.
 *
 * <p>A lasting workspace (a session's) is linked once and linked again when the set or the toolchain changes: the
 * folder records what it links in {@value #MARKER}: the set's folder, the toolchain set's folder, the toolchain's
 * packages, a line each.
 */
final class WorkspaceLinks {
    /** The workspace-relative folder of Previewkit's own files (scripts of warm processes, their temp files). */
    static final String OWN_FOLDER = "node_modules/.previewkit";
    private static final String MARKER = OWN_FOLDER + "/links";

    private WorkspaceLinks() {}

    /**
     * Links {@code set} (and {@code toolchain}'s packages over it) into {@code workspace/node_modules}, unless it
     * links exactly that already.
     *
     * @return whether it linked anew
     * @throws StepFailedException (FAILED) when nothing was installed or the links cannot be made
     */
    static boolean link(Path workspace, DependencySet set, Optional<ToolchainSet> toolchain) {
        Path installed = set.folder().orElseThrow(() -> new IllegalStateException(
                "a local dependency set lives in a host folder")).resolve("node_modules");
        if (!Files.isDirectory(installed)) {
            throw new StepFailedException(BuildStatus.FAILED,
                    "Nothing was installed: package.json declares no dependencies (vite among them)");
        }
        Path modules = workspace.resolve("node_modules");
        String signature = set.folder().orElseThrow() + "\n" + toolchain.map(tc -> tc.set().folder().orElseThrow()
                + "\n" + String.join(",", tc.packages())).orElse("") + "\n";
        try {
            if (Files.isDirectory(modules, LinkOption.NOFOLLOW_LINKS)) {
                Path marker = workspace.resolve(MARKER);
                if (Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)
                        && Files.readString(marker).equals(signature)) {
                    return false;
                }
                Folders.delete(modules);
            }
            Files.createDirectory(modules);
            linkEntries(installed, modules);
            if (toolchain.isPresent()) {
                overlay(toolchain.get(), modules);
            }
            Files.createDirectories(workspace.resolve(OWN_FOLDER));
            Files.writeString(workspace.resolve(MARKER), signature, StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            throw new StepFailedException(BuildStatus.FAILED, "Cannot link node_modules into the workspace: "
                    + e.getMessage());
        }
    }

    /**
     * The dependency set folders the workspace's {@code node_modules} links to (the project's set and the toolchain
     * set), which a sandboxed build must be able to read; empty when nothing is linked.
     */
    static List<Path> linkedSets(Path workspace) {
        Path marker = workspace.resolve(MARKER);
        try {
            if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
                return List.of();
            }
            List<String> lines = Files.readAllLines(marker, StandardCharsets.UTF_8);
            List<Path> sets = new ArrayList<>();
            for (int i = 0; i < Math.min(2, lines.size()); i++) {
                if (!lines.get(i).isBlank()) {
                    sets.add(Path.of(lines.get(i)));
                }
            }
            return sets;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void linkEntries(Path installed, Path modules) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(installed)) {
            for (Path entry : entries) {
                Files.createSymbolicLink(modules.resolve(entry.getFileName().toString()), entry);
            }
        }
    }

    /** Links the toolchain's packages in place of the project's. */
    private static void overlay(ToolchainSet toolchain, Path modules) throws IOException {
        Path tools = toolchain.set().folder().orElseThrow().resolve("node_modules");
        for (String name : toolchain.packages()) {
            Path source = tools.resolve(name);
            if (!Files.isDirectory(source)) {
                continue;
            }
            Path target = modules.resolve(name);
            if (name.startsWith("@")) {
                Path scope = target.getParent();
                if (Files.isSymbolicLink(scope)) {  // the project's scope folder: make it the workspace's own
                    Path projectScope = Files.readSymbolicLink(scope);
                    Files.delete(scope);
                    Files.createDirectory(scope);
                    linkEntries(projectScope, scope);
                } else if (!Files.isDirectory(scope, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(scope);
                }
            }
            Files.deleteIfExists(target);
            Files.createSymbolicLink(target, source);
        }
    }
}
