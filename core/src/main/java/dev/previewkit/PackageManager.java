package dev.previewkit;

import java.util.List;

/**
 * The package managers Previewkit can install dependencies with. Chosen per project from the
 * {@code packageManager} field of {@code package.json}, then from the lockfile present, else npm.
 */
public enum PackageManager {
    NPM("npm", "package-lock.json", "npm-shrinkwrap.json"),
    PNPM("pnpm", "pnpm-lock.yaml"),
    YARN("yarn", "yarn.lock"),
    BUN("bun", "bun.lock", "bun.lockb");

    private final String command;
    private final List<String> lockfiles;

    PackageManager(String command, String... lockfiles) {
        this.command = command;
        this.lockfiles = List.of(lockfiles);
    }

    /** The executable name, as found on {@code PATH}. */
    public String command() {
        return command;
    }

    /** The lockfile this manager writes. */
    public String lockfile() {
        return lockfiles.get(0);
    }

    /**
     * Every lockfile name this manager reads, the one it writes first: npm also reads
     * {@code npm-shrinkwrap.json}, bun the older binary {@code bun.lockb}.
     */
    public List<String> lockfiles() {
        return lockfiles;
    }
}
