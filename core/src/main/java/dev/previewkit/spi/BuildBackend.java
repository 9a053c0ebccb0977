package dev.previewkit.spi;

import dev.previewkit.BuildStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where and how dependencies are installed and projects are built: the service-provider interface that
 * backends such as the local npm backend implement.
 *
 * <p>The core owns the pipeline, validation, workspaces, artifacts and policy, and the index of the
 * dependency store (keys, sizes, eviction); a backend owns where dependency sets live and how work runs. The
 * core calls {@link #install} once per new dependency set, {@link #build} for a workspace with a stored set,
 * and {@link #discard} when a set is no longer needed.
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
     * The folder the project is in as the backend's tools see it, when that is not the host workspace (such as
     * {@code /workspace} in a container); the core maps paths under it in tool output back to project paths.
     */
    default Optional<String> toolWorkspace() {
        return Optional.empty();
    }

    /**
     * Checks, without side effects, whether builds can run now (for example, Node.js is present and recent
     * enough). May block briefly to run a version check.
     */
    Availability probe();

    /**
     * Installs the dependencies declared by the install files in {@code request.directory()} as a new set, and
     * returns the backend's reference to it with its size. The set must stay usable under that reference until
     * {@link #discard} is called for it, also across restarts.
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
    BuildOutput build(BuildRequest request, DependencySet dependencies, BuildContext context);

    /**
     * Type-checks the workspace ({@code tsc --noEmit}) with the installed dependencies, printing the checker's
     * output. Called before {@link #build} when the host turned type checking on. The default refuses.
     *
     * @throws StepFailedException (FAILED) when there are type errors or the backend cannot type-check;
     *     TIMED_OUT or CANCELLED as for any step
     */
    default void typeCheck(BuildRequest request, DependencySet dependencies, BuildContext context) {
        throw new StepFailedException(BuildStatus.FAILED, "Backend " + id()
                + " cannot type-check projects");
    }

    /**
     * Releases a dependency set: one the store evicted, or one the backend listed in {@link #heldSets()} that
     * the store does not know (left by a crash between install and the store's marker). The core calls it off
     * the build threads and outside its locks, before it forgets the set; when it throws, the core logs the
     * failure and calls it again at the next start.
     *
     * @throws RuntimeException when the set cannot be released now
     */
    void discard(SetReference set);

    /**
     * The sets this backend holds outside the core's folders (volumes, snapshots), found by what marks them as
     * Previewkit's (a label, a name prefix); empty when all its sets live in the host folders the core gives it,
     * as the local backend's do. At start the core reconciles both ways: sets it does not know are discarded,
     * and stored entries whose set is gone are dropped.
     */
    default Optional<List<SetReference>> heldSets() {
        return Optional.empty();
    }

    /**
     * Runs a dev server with hot reload in {@code request.workspace()}, with the installed dependencies, and returns
     * once it answers on a loopback port. It must never write into the dependency set (its caches go to
     * {@code request.cacheDirectory()}), and it must not outlive the JVM. Called only when the capabilities say
     * {@link BackendCapabilities#devServer()}; the default refuses.
     *
     * @param context the start's timers: when it is stopped before the server answers, everything started is
     *                killed and the stop reason thrown
     * @throws StepFailedException when the server cannot be started or does not answer in time
     */
    default RunningDevServer startDevServer(DevServerRequest request, DependencySet dependencies,
            BuildContext context) {
        throw new StepFailedException(BuildStatus.FAILED, "Backend " + id() + " cannot run dev servers");
    }

    /**
     * Called once before the core deletes a workspace that lasted across builds (a session's, see
     * {@link BuildRequest#sessionWorkspace()}), after every build that used it ended: stop what the backend keeps
     * running there, such as a warm build process. Off the build threads; must not throw. The default does
     * nothing.
     */
    default void releaseWorkspace(Path workspace) {}

    /** Releases everything the backend holds. The default does nothing. */
    @Override
    default void close() {}
}
