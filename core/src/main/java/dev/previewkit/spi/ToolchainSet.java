package dev.previewkit.spi;

import java.util.List;
import java.util.Objects;

/**
 * A toolchain to build with instead of the project's own ({@link BuildRequest#toolchain()}): a stored dependency
 * set of build tools, such as the modern toolchain of the current Vite and its official React plugins, and the
 * packages of it that take the place of the project's packages of the same name. Their own dependencies stay
 * where the toolchain set has them; every other package is the project's. Immutable.
 *
 * @param set         the toolchain's stored set, installed by this backend like any other set
 * @param packages    the package names that replace the project's, such as {@code vite}
 * @param description what it is, for logs and results, such as {@code vite 8.4.0, @vitejs/plugin-react-swc 4.3.3}
 */
public record ToolchainSet(DependencySet set, List<String> packages, String description) {
    public ToolchainSet {
        Objects.requireNonNull(set, "set");
        packages = List.copyOf(packages);
        Objects.requireNonNull(description, "description");
        if (packages.isEmpty()) {
            throw new IllegalArgumentException("a toolchain replaces at least one package");
        }
    }
}
