package dev.previewkit.examples.bench;

import dev.previewkit.backend.localnpm.LocalNpmBackend;
import dev.previewkit.spi.BuildBackend;
import java.nio.file.Path;

/**
 * A backend the Previewkit scenarios run on: {@code local} ({@link LocalNpmBackend}) or {@code docker}
 * ({@link DockerBench}). Each work directory gets a fresh backend; what the backend keeps outside the work
 * directory (the Docker backend's volumes) is emptied by {@link #emptyStore()} and removed by {@link #close()}.
 */
interface BenchBackend extends AutoCloseable {
    /** {@code local} or {@code docker}: how the results name it. */
    String label();

    /** A backend for a builder on {@code workDirectory}. */
    BuildBackend create(Path workDirectory);

    /**
     * Whether an untimed build should warm the backend's own caches (an npm cache volume, the image) before the
     * timed runs; the local backend shares the npm cache the untimed {@code npm install} fills.
     */
    boolean warmUpBuild();

    /** Drops the dependency sets a closed builder left outside its work directory, so the next one starts empty. */
    void emptyStore();

    /** Removes whatever the backend still holds outside the work directories. */
    @Override
    void close();

    /** The local backend: everything it keeps is in the work directory. */
    static BenchBackend local() {
        return new BenchBackend() {
            @Override
            public String label() {
                return "local";
            }

            @Override
            public BuildBackend create(Path workDirectory) {
                return LocalNpmBackend.create();
            }

            @Override
            public boolean warmUpBuild() {
                return false;
            }

            @Override
            public void emptyStore() {
                // the work directory, deleted after each run, holds the sets
            }

            @Override
            public void close() {
                // nothing outside the work directories
            }

            @Override
            public String toString() {
                return label();
            }
        };
    }
}
