package dev.previewkit;

/**
 * The package managers Previewkit can install dependencies with. Chosen per project from the
 * {@code packageManager} field of {@code package.json}, then from the lockfile present, else npm.
 */
public enum PackageManager {
    NPM("npm", "package-lock.json"),
    PNPM("pnpm", "pnpm-lock.yaml"),
    YARN("yarn", "yarn.lock"),
    BUN("bun", "bun.lock");

    private final String command;
    private final String lockfile;

    PackageManager(String command, String lockfile) {
        this.command = command;
        this.lockfile = lockfile;
    }

    /** The executable name, as found on {@code PATH}. */
    public String command() {
        return command;
    }

    /** The lockfile this manager writes (bun also reads the older binary {@code bun.lockb}). */
    public String lockfile() {
        return lockfile;
    }
}
