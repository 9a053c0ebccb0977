package dev.previewkit.backend.localnpm;

import dev.previewkit.spi.Availability;
import dev.previewkit.spi.BackendCapabilities;
import dev.previewkit.spi.BuildBackend;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.BuildOutput;
import dev.previewkit.spi.BuildRequest;
import dev.previewkit.spi.DependencyRequest;
import dev.previewkit.spi.DependencySet;
import dev.previewkit.spi.InstalledDependencies;
import dev.previewkit.spi.SetReference;
import java.util.concurrent.atomic.AtomicInteger;

/** The real local backend, counting how often the core asks it to install and to build. */
final class CountingBackend implements BuildBackend {
    private final BuildBackend delegate;
    final AtomicInteger installs = new AtomicInteger();
    final AtomicInteger builds = new AtomicInteger();

    CountingBackend() {
        this(LocalNpmBackend.create());
    }

    CountingBackend(BuildBackend delegate) {
        this.delegate = delegate;
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public BackendCapabilities capabilities() {
        return delegate.capabilities();
    }

    @Override
    public Availability probe() {
        return delegate.probe();
    }

    @Override
    public InstalledDependencies install(DependencyRequest request, BuildContext context) {
        installs.incrementAndGet();
        return delegate.install(request, context);
    }

    @Override
    public BuildOutput build(BuildRequest request, DependencySet dependencies, BuildContext context) {
        builds.incrementAndGet();
        return delegate.build(request, dependencies, context);
    }

    @Override
    public void discard(SetReference set) {
        delegate.discard(set);
    }
}
