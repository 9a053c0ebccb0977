package dev.previewkit;

/** The phases of one build, in the order they run; each is reported to {@link BuildListener}s. */
public enum BuildPhase {
    /** Files are written into a fresh workspace folder. */
    WORKSPACE,
    /** The package manager installs the dependencies. */
    INSTALL,
    /** TypeScript checks the project ({@code tsc --noEmit}), when type checking is on. */
    TYPECHECK,
    /** Vite builds the project. */
    BUILD,
    /** The build output is copied into the artifact store and published atomically. */
    PUBLISH
}
