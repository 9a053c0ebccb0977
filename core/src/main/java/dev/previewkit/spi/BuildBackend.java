package dev.previewkit.spi;

import dev.previewkit.BuildStatus;

/**
 * Where and how dependencies are installed and projects are built: the service-provider interface that
 * backends such as the local npm backend implement.
 *
 * <p>The core owns the pipeline, validation, workspaces, artifacts and policy; a backend owns where
 * dependency sets live and how processes run. The core calls {@link #install} once per prepared manifest
 * folder, then {@link #build} for a workspace, then {@link #discard} when the installed set is no longer
 * needed.
 *
 * <p>Implementations must be thread-safe: the core runs several builds at once. Every method that runs a
 * process must honour the {@link BuildContext}'s timeouts and cancellation and leave no process behind; the
 * {@link ProcessLauncher} does that, and {@link BuildContext} says how a backend without local processes does.
 */
public interface BuildBackend extends AutoCloseable {

    /**
     * A stable identifier of this backend and the runtime that shapes installed dependencies, such as
     * {@code local-npm/node20}. It becomes part of cache keys.
     */
    String id();

    /** What this backend isolates and offers. */
    BackendCapabilities capabilities();

    /**
     * Checks, without side effects, whether builds can run now (for example, Node.js is present and recent
     * enough). May block briefly to run a version check.
     */
    Availability probe();

    /**
     * Installs the dependencies declared in {@code request.directory()}.
     *
     * @throws StepFailedException when the install fails, times out or is cancelled
     */
    InstalledDependencies install(DependencyRequest request, BuildContext context);

    /**
     * Builds the workspace with the installed dependencies and returns where the output is. The core copies
     * the output; the backend must not rely on it afterwards.
     *
     * @throws StepFailedException when the build fails, times out or is cancelled
     */
    BuildOutput build(BuildRequest request, InstalledDependencies dependencies, BuildContext context);

    /**
     * Type-checks the workspace ({@code tsc --noEmit}) with the installed dependencies, printing the checker's
     * output. Called before {@link #build} when the host turned type checking on. The default refuses.
     *
     * @throws StepFailedException (FAILED) when there are type errors or the backend cannot type-check;
     *     TIMED_OUT or CANCELLED as for any step
     */
    default void typeCheck(BuildRequest request, InstalledDependencies dependencies, BuildContext context) {
        throw new StepFailedException(BuildStatus.FAILED, "Backend " + id()
                + " cannot type-check projects");
    }

    /** Releases an installed dependency set; the core never uses it again. Must not throw. */
    void discard(InstalledDependencies dependencies);

    /** Releases everything the backend holds. The default does nothing. */
    @Override
    default void close() {}
}
