package dev.previewkit.testing;

import dev.previewkit.PreviewBuilder;
import dev.previewkit.spi.BuildBackend;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The builders a test opened, closed together after it (call {@link #closeAll()} in {@code @AfterEach}). */
public final class OpenBuilders {
    private final List<PreviewBuilder> open = new CopyOnWriteArrayList<>();

    /** A builder on {@code workDirectory} with {@code backend} and the given settings. */
    public PreviewBuilder open(BuildBackend backend, Path workDirectory, Consumer<PreviewBuilder.Config> settings) {
        PreviewBuilder.Config config = PreviewBuilder.configure().backend(backend).workDirectory(workDirectory);
        settings.accept(config);
        PreviewBuilder builder = config.build();
        open.add(builder);
        return builder;
    }

    /** A builder on {@code workDirectory} with {@code backend} and default settings. */
    public PreviewBuilder open(BuildBackend backend, Path workDirectory) {
        return open(backend, workDirectory, config -> { });
    }

    /** Closes every builder opened, newest first; closing twice is harmless. */
    public void closeAll() {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
    }
}
