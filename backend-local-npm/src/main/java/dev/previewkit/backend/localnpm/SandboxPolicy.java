package dev.previewkit.backend.localnpm;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one sandboxed command may reach besides the read-only system folders: whether it has the network, and the
 * host folders it may write (bound at the same path) and read. Immutable.
 *
 * @param network  whether it shares the host's network (installs: the registry; dev servers: a loopback port the
 *                 host reaches); otherwise it sees only its own loopback
 * @param writable folders it may write: the workspace or the set being installed, its temporary folder, caches
 * @param readable folders it may read: the dependency sets the workspace links to
 * @param npmCache npm's cache, writable, for an install (the sandbox's fresh {@code HOME} has none)
 */
record SandboxPolicy(boolean network, List<Path> writable, List<Path> readable, Optional<Path> npmCache) {
    SandboxPolicy {
        writable = List.copyOf(writable);
        readable = List.copyOf(readable);
        Objects.requireNonNull(npmCache, "npmCache");
    }

    /** A policy without npm's cache. */
    SandboxPolicy(boolean network, List<Path> writable, List<Path> readable) {
        this(network, writable, readable, Optional.empty());
    }
}
