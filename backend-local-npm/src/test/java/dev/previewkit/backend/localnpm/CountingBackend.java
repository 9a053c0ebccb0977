package dev.previewkit.backend.localnpm;

import dev.previewkit.spi.BuildBackend;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.BuildOutput;
import dev.previewkit.spi.BuildRequest;
import dev.previewkit.spi.DependencyRequest;
import dev.previewkit.spi.DependencySet;
import dev.previewkit.spi.InstalledDependencies;
import dev.previewkit.testing.ForwardingBackend;
import java.util.concurrent.atomic.AtomicInteger;

/** The real local backend, counting how often the core asks it to install and to build. */
final class CountingBackend extends ForwardingBackend {
    final AtomicInteger installs = new AtomicInteger();
    final AtomicInteger builds = new AtomicInteger();

    CountingBackend() {
        this(LocalNpmBackend.create());
    }

    CountingBackend(BuildBackend delegate) {
        super(delegate);
    }

    @Override
    public InstalledDependencies install(DependencyRequest request, BuildContext context) {
        installs.incrementAndGet();
        return super.install(request, context);
    }

    @Override
    public BuildOutput build(BuildRequest request, DependencySet dependencies, BuildContext context) {
        builds.incrementAndGet();
        return super.build(request, dependencies, context);
    }
}
