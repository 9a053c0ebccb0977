package dev.previewkit.spi;

import dev.previewkit.BuildProfile;
import dev.previewkit.ProjectFiles;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A project to build: its files as entries, the host workspace they were written to when the backend works on
 * host folders, the base path, the build profile, and for a session's build the session and the files of its
 * previous version, so that a remote backend can send only the difference to a sandbox that still holds that
 * version.
 *
 * @param files            every project file (as the project doctor left it), validated; large files stream from disk
 * @param workspace        the folder the core wrote the files to (no {@code node_modules}), present when the
 *                         backend's capabilities ask for a host workspace
 * @param basePath         the public base path the app is served under, such as {@code /}
 * @param profile          what the build skips or keeps; a Vite backend applies it with {@link ViteConfigOverlay}
 * @param session          the session this build belongs to, if any
 * @param previous         the files of the session's previous version, if there is one
 * @param sessionWorkspace present when {@code workspace} is the session's lasting workspace (a backend with
 *                         {@linkplain BackendCapabilities#warmSessions() warm sessions}): what the core changed in it
 *                         since the session's build before. Absent for a fresh workspace that is deleted after this
 *                         build
 * @param toolchain        a toolchain to build with instead of the project's own (for a backend with
 *                         {@linkplain BackendCapabilities#toolchainOverride() toolchain override}), when the profile
 *                         asks for the modern toolchain and the project can use it
 */
public record BuildRequest(ProjectFiles files, Optional<Path> workspace, String basePath, BuildProfile profile,
        Optional<String> session, Optional<ProjectFiles> previous, Optional<WorkspaceUpdate> sessionWorkspace,
        Optional<ToolchainSet> toolchain) {
    public BuildRequest {
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(basePath, "basePath");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(sessionWorkspace, "sessionWorkspace");
        Objects.requireNonNull(toolchain, "toolchain");
        if (sessionWorkspace.isPresent() && workspace.isEmpty()) {
            throw new IllegalArgumentException("a session workspace is a host workspace");
        }
    }

    /**
     * The host workspace.
     *
     * @throws IllegalStateException for a backend that did not ask for one in its capabilities
     */
    public Path hostWorkspace() {
        return workspace.orElseThrow(() -> new IllegalStateException(
                "no host workspace: the backend's capabilities say it takes the files as entries"));
    }

    /** This request with the project's own toolchain. */
    public BuildRequest withoutToolchain() {
        return new BuildRequest(files, workspace, basePath, profile, session, previous, sessionWorkspace,
                Optional.empty());
    }
}
