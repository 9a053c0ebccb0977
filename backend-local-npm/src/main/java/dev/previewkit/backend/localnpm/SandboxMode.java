package dev.previewkit.backend.localnpm;

/**
 * Whether the local backend runs installs and builds inside a bubblewrap sandbox ({@code bwrap}, Debian's
 * {@code bubblewrap}); see {@link LocalNpmBackend.Builder#sandbox}.
 */
public enum SandboxMode {
    /** Child processes of the JVM with its user's rights, as they always were: for trusted input. */
    OFF,
    /** In the sandbox where {@code bwrap} works on this host, else as {@link #OFF}; {@code probe()} says which. */
    IF_AVAILABLE,
    /** Only in the sandbox: where {@code bwrap} is missing or does not work, the backend is unavailable. */
    REQUIRED
}
