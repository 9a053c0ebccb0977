package dev.previewkit.spi;

import dev.previewkit.PackageManager;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a backend offers, so that hosts can choose one for their trust level and {@code PreviewBuilder} can refuse
 * a configuration the backend cannot serve. Immutable; made with {@link #builder(Isolation)}.
 *
 * @param isolation           how far untrusted project code is kept from the host
 * @param networkDuringBuild  whether build processes can reach the network (installs always can)
 * @param typeCheck           whether {@link BuildBackend#typeCheck} works; {@code typeCheck(true)} is refused
 *                            otherwise
 * @param packageManagers     the package managers it installs with itself; a project asking for another one is
 *                            installed with npm (and told so) or fails, as the backend documents
 * @param seeding             whether it can start an install from a similar stored set
 *                            ({@link DependencyRequest#seed()})
 * @param devServer           whether it can run a dev server with hot reload for a session
 *                            ({@link BuildBackend#startDevServer}); needs {@code hostWorkspace}
 * @param output              where a built preview lives
 * @param maxConcurrentBuilds how many builds it takes at once; {@code maxConcurrentBuilds} above it is refused
 * @param hostWorkspace       whether it wants the project written to a host folder
 *                            ({@link BuildRequest#workspace()}); a backend that sends the files elsewhere takes
 *                            them as entries and spares the core writing them
 * @param warmSessions        whether it keeps a session's builds warm: the core then gives every build of a session
 *                            one host workspace that lasts as long as the session, updated in place
 *                            ({@link BuildRequest#sessionWorkspace()}), so the backend may keep a process there
 *                            between versions; it calls {@link BuildBackend#releaseWorkspace} before deleting it.
 *                            Needs {@code hostWorkspace}
 * @param toolchainOverride   whether it can build with a toolchain set other than the project's own
 *                            ({@link BuildRequest#toolchain()}, the modern toolchain); the core offers one only then
 */
public record BackendCapabilities(Isolation isolation, boolean networkDuringBuild, boolean typeCheck,
        Set<PackageManager> packageManagers, boolean seeding, boolean devServer, Output output,
        int maxConcurrentBuilds, boolean hostWorkspace, boolean warmSessions, boolean toolchainOverride) {

    /** How far project code is kept from the host. */
    public enum Isolation {
        /** Child processes of the host with a filtered environment: for trusted input only. */
        PROCESS,
        /**
         * Child processes of the host in a sandbox of their own namespaces: read-only system folders, only the
         * workspace writable, nothing else of the host visible, no network during builds, process and file limits;
         * they share the host's kernel.
         */
        SANDBOX,
        /** Throw-away containers with dropped capabilities and resource limits. */
        CONTAINER,
        /** Another machine, reached over the network. */
        REMOTE
    }

    /** Where a built preview lives. */
    public enum Output {
        /** Files the core copies into its artifact store, for the host to serve. */
        ARTIFACT_FILES,
        /** A URI where the backend serves the preview itself (a remote sandbox). */
        PREVIEW_URI
    }

    public BackendCapabilities {
        Objects.requireNonNull(isolation, "isolation");
        Objects.requireNonNull(output, "output");
        packageManagers = Set.copyOf(packageManagers);
        if (!packageManagers.contains(PackageManager.NPM)) {
            throw new IllegalArgumentException("every backend installs with npm: " + packageManagers);
        }
        if (maxConcurrentBuilds < 1) {
            throw new IllegalArgumentException("maxConcurrentBuilds must be at least 1: " + maxConcurrentBuilds);
        }
        if ((warmSessions || devServer) && !hostWorkspace) {
            throw new IllegalArgumentException("warm sessions and dev servers work in a host workspace");
        }
    }

    /**
     * Starts a description: no network during builds, no type checking, npm only, no seeding, no dev server,
     * artifact files, any number of concurrent builds, a host workspace, no warm sessions, the project's own
     * toolchain only.
     */
    public static Builder builder(Isolation isolation) {
        return new Builder(isolation);
    }

    /** Collects capabilities. Not thread-safe. */
    public static final class Builder {
        private final Isolation isolation;
        private boolean networkDuringBuild;
        private boolean typeCheck;
        private final Set<PackageManager> packageManagers = EnumSet.of(PackageManager.NPM);
        private boolean seeding;
        private boolean devServer;
        private Output output = Output.ARTIFACT_FILES;
        private int maxConcurrentBuilds = Integer.MAX_VALUE;
        private boolean hostWorkspace = true;
        private boolean warmSessions;
        private boolean toolchainOverride;

        private Builder(Isolation isolation) {
            this.isolation = Objects.requireNonNull(isolation, "isolation");
        }

        /** Build processes can reach the network. */
        public Builder networkDuringBuild(boolean network) {
            this.networkDuringBuild = network;
            return this;
        }

        /** {@link BuildBackend#typeCheck} works. */
        public Builder typeCheck(boolean typeCheck) {
            this.typeCheck = typeCheck;
            return this;
        }

        /** It also installs with these package managers (npm is always supported). */
        public Builder packageManagers(Set<PackageManager> managers) {
            this.packageManagers.addAll(managers);
            return this;
        }

        /** It can start an install from a similar stored set. */
        public Builder seeding(boolean seeding) {
            this.seeding = seeding;
            return this;
        }

        /** It keeps a session's builds warm in a workspace that lasts for the session. */
        public Builder warmSessions(boolean warm) {
            this.warmSessions = warm;
            return this;
        }

        /** It can build with a toolchain set instead of the project's own toolchain. */
        public Builder toolchainOverride(boolean override) {
            this.toolchainOverride = override;
            return this;
        }

        /** It can run a dev server ({@link BuildBackend#startDevServer}). */
        public Builder devServer(boolean devServer) {
            this.devServer = devServer;
            return this;
        }

        /** Where its previews live. */
        public Builder output(Output output) {
            this.output = Objects.requireNonNull(output, "output");
            return this;
        }

        /** How many builds it takes at once. */
        public Builder maxConcurrentBuilds(int builds) {
            this.maxConcurrentBuilds = builds;
            return this;
        }

        /** It wants the project written to a host folder (true by default). */
        public Builder hostWorkspace(boolean hostWorkspace) {
            this.hostWorkspace = hostWorkspace;
            return this;
        }

        public BackendCapabilities build() {
            return new BackendCapabilities(isolation, networkDuringBuild, typeCheck, packageManagers, seeding,
                    devServer, output, maxConcurrentBuilds, hostWorkspace, warmSessions, toolchainOverride);
        }
    }
}
