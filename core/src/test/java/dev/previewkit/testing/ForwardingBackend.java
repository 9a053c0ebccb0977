package dev.previewkit.testing;

import dev.previewkit.spi.Availability;
import dev.previewkit.spi.BackendCapabilities;
import dev.previewkit.spi.BuildBackend;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.BuildOutput;
import dev.previewkit.spi.BuildRequest;
import dev.previewkit.spi.DependencyRequest;
import dev.previewkit.spi.DependencySet;
import dev.previewkit.spi.DevServerRequest;
import dev.previewkit.spi.RunningDevServer;
import dev.previewkit.spi.InstalledDependencies;
import dev.previewkit.spi.SetReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A backend that passes every call on to another; tests override the calls they observe or change. */
public abstract class ForwardingBackend implements BuildBackend {
    private final BuildBackend delegate;

    protected ForwardingBackend(BuildBackend delegate) {
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
    public Optional<String> toolWorkspace() {
        return delegate.toolWorkspace();
    }

    @Override
    public Availability probe() {
        return delegate.probe();
    }

    @Override
    public InstalledDependencies install(DependencyRequest request, BuildContext context) {
        return delegate.install(request, context);
    }

    @Override
    public BuildOutput build(BuildRequest request, DependencySet dependencies, BuildContext context) {
        return delegate.build(request, dependencies, context);
    }

    @Override
    public void typeCheck(BuildRequest request, DependencySet dependencies, BuildContext context) {
        delegate.typeCheck(request, dependencies, context);
    }

    @Override
    public void discard(SetReference set) {
        delegate.discard(set);
    }

    @Override
    public Optional<List<SetReference>> heldSets() {
        return delegate.heldSets();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public RunningDevServer startDevServer(DevServerRequest request, DependencySet dependencies, BuildContext context) {
        return delegate.startDevServer(request, dependencies, context);
    }

    @Override
    public void releaseWorkspace(Path workspace) {
        delegate.releaseWorkspace(workspace);
    }
}
