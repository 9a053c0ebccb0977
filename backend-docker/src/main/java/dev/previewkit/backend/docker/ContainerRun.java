package dev.previewkit.backend.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Ulimit;
import dev.previewkit.BuildStatus;
import dev.previewkit.OutputLine;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.StepFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One hardened container running one command of one phase, from creation to removal.
 *
 * <p>What it does, in order: creates the container's workspace, a size- and inode-capped {@code tmpfs} volume;
 * creates the container (non-root, read-only root, no capabilities, {@code no-new-privileges}, pids, memory and
 * CPU limits, an init process, no network unless asked, labels); prepares folders in the disk volumes it mounts;
 * attaches to its output, starts it and sends the files in as a tar stream. The container's first process is
 * Previewkit's bootstrap ({@code bootstrap.js}), which waits for the files, runs the command, kills whatever the
 * command left running and prints a result line marked with a random nonce. The run then {@link #await}s that
 * line; the container stays up, with the workspace, until {@link #close()}, so the output can be copied out.
 *
 * <p>Stopping is by name: when the phase is stopped (timeout, cancel), the on-stop action removes the container
 * on the backend's clean-up thread, and {@link #await} throws the stop's exception.
 *
 * <p>At DEBUG, {@link #close()} logs how long each step took, on the engine and inside the container.
 */
final class ContainerRun implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerRun.class);
    /** Where the workspace volume is mounted; the project is in {@code app/} under it. */
    static final String WORK = "/work";
    static final String APP = WORK + "/app";
    /** The file whose arrival (the archive's last entry) tells the bootstrap that the files are in. */
    private static final String GO = ".previewkit-go";
    private static final String BOOTSTRAP = bootstrapScript();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Containers containers;
    private final String name;
    private final String workVolume;
    private final String nonce;
    private final CompletableFuture<Exit> exit = new CompletableFuture<>();
    /** Milliseconds of each step so far, in order, for the DEBUG line of {@link #close()}. */
    private final Map<String, Long> steps = new LinkedHashMap<>();
    /** What the bootstrap measured inside the container, from its result line. */
    private volatile String inside = "";
    private long lapStart = System.nanoTime();
    private volatile boolean copiedOut;

    /**
     * How a command ended.
     *
     * @param code        its exit code (128 + n for a signal)
     * @param signal      the signal that ended it, such as {@code SIGKILL}
     * @param bytes       for an install, the bytes of the saved set
     * @param outOfMemory whether the engine killed a process of the container for want of memory
     * @param watched     whether a line of output matched the spec's {@code watch} pattern
     */
    record Exit(int code, Optional<String> signal, long bytes, boolean outOfMemory, boolean watched) {
        boolean succeeded() {
            return code == 0 && !outOfMemory;
        }
    }

    /** A volume mounted into the container, besides the workspace. */
    record VolumeMount(String volume, String target, boolean readOnly) {}

    /**
     * What to run.
     *
     * @param role       {@code install}, {@code build} or {@code check}: part of the name and labels
     * @param buildId    the build's id
     * @param command    the command, run in {@link #APP}
     * @param network    whether the container gets the install network (else none at all)
     * @param volumes    further volumes (dependency sets, the npm cache)
     * @param ownFolders folders to create in those volumes, owned by the container's user, before it starts
     * @param steps      the bootstrap's {@code link}, {@code seed} and {@code save} steps, as {@code from, to}
     * @param files      the archive unpacked into {@link #WORK}
     * @param env        variables only the command gets, as they name files that arrive with the archive (the
     *                   CA bundle of {@code NODE_EXTRA_CA_CERTS})
     * @param watch      output to look out for, reported in {@link Exit#watched()}
     */
    record Spec(String role, String buildId, List<String> command, boolean network, List<VolumeMount> volumes,
            List<String> ownFolders, Map<String, List<String>> steps, Archives files, Map<String, String> env,
            Optional<Pattern> watch) {}

    private ContainerRun(Containers containers, String name) {
        this.containers = containers;
        this.name = name;
        this.workVolume = name + "-work";
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        this.nonce = "previewkit-result-" + HexFormat.of().formatHex(random);
    }

    /**
     * Creates and starts the container of {@code spec}, sends its files in and returns the running container.
     * On failure or stop nothing is left on the engine.
     *
     * @throws StepFailedException when the phase is stopped, or the engine fails (an infrastructure fault)
     */
    static ContainerRun start(Containers containers, Spec spec, BuildContext context) {
        ContainerRun run = new ContainerRun(containers, Labels.name(containers.namespace(), spec.role(),
                spec.buildId()));
        BuildContext.Registration onStop = context.onStop(run::stopped);
        try {
            run.launch(spec, context);
            return run;
        } catch (RuntimeException e) {
            onStop.close();
            run.close();
            context.checkRunning();
            throw asStepFailure(e);
        }
    }

    private void launch(Spec spec, BuildContext context) {
        Engine engine = containers.engine();
        engine.createVolume(workVolume, Labels.of(containers.namespace(), Labels.WORKSPACE,
                Map.of(Labels.BUILD, spec.buildId())), containers.limits().tmpfsOptions());
        lap("volume");
        context.checkRunning();
        String id = engine.create(createCommand(spec));
        lap("create");
        for (String folder : spec.ownFolders()) {
            int slash = folder.lastIndexOf('/');
            engine.copyIn(id, folder.substring(0, slash), new Archives().folder(folder.substring(slash + 1))
                    .open(name + "-prepare"));
        }
        if (!spec.ownFolders().isEmpty()) {
            lap("prepare");
        }
        ResultCallback.Adapter<Frame> output = engine.client().attachContainerCmd(id).withStdOut(true)
                .withStdErr(true).withFollowStream(true).withLogs(true)
                .exec(new OutputCallback(context, spec.watch()));
        try {
            if (!output.awaitStarted(30, TimeUnit.SECONDS)) {
                throw StepFailedException.infrastructure("The engine at " + engine.host() + " did not attach to "
                        + name + " within 30 s", null, true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailedException(BuildStatus.CANCELLED, "Interrupted while starting " + name);
        }
        lap("attach");
        context.checkRunning();
        engine.start(id);
        lap("start");
        Archives.Stream files = spec.files().text(GO, "").open(name + "-files");
        engine.copyIn(id, WORK, files);
        files.checkWritten();
        lap("copy-in");
        context.checkRunning();
    }

    /** Records the time since the previous step as {@code step}'s. */
    private synchronized void lap(String step) {
        long now = System.nanoTime();
        steps.merge(step, (now - lapStart) / 1_000_000, Long::sum);
        lapStart = now;
    }

    private CreateContainerCmd createCommand(Spec spec) {
        ContainerLimits limits = containers.limits();
        List<Mount> mounts = new ArrayList<>();
        mounts.add(new Mount().withType(MountType.VOLUME).withSource(workVolume).withTarget(WORK));
        for (VolumeMount volume : spec.volumes()) {
            mounts.add(new Mount().withType(MountType.VOLUME).withSource(volume.volume()).withTarget(volume.target())
                    .withReadOnly(volume.readOnly()));
        }
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(spec.network() ? containers.installNetwork() : "none")
                .withReadonlyRootfs(true)
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withPidsLimit(limits.pids())
                .withMemory(limits.memoryBytes())
                .withMemorySwap(limits.memoryBytes())
                .withNanoCPUs((long) (limits.cpus() * 1_000_000_000L))
                .withInit(true)
                .withMounts(mounts)
                .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=64m"))
                .withUlimits(List.of(new Ulimit("nofile", 4096L, 4096L), new Ulimit("core", 0L, 0L),
                        new Ulimit("fsize", limits.fileBytes(), limits.fileBytes())))
                .withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE, Map.of("max-size", "1m",
                        "max-file", "1")));
        Map<String, Object> bootstrap = new LinkedHashMap<>();
        bootstrap.put("nonce", nonce);
        bootstrap.put("go", WORK + "/" + GO);
        bootstrap.put("cwd", APP);
        bootstrap.put("command", spec.command());
        bootstrap.put("env", spec.env());
        spec.steps().forEach((step, fromTo) -> bootstrap.put(step, Map.of("from", fromTo.get(0), "to", fromTo.get(1))));
        List<String> env = new ArrayList<>();
        containers.environment().forEach((key, value) -> env.add(key + "=" + value));
        try {
            return containers.engine().client().createContainerCmd(containers.image())
                    .withName(name)
                    .withUser(Containers.USER)
                    .withEnv(env)
                    .withLabels(Labels.of(containers.namespace(), spec.role(), Map.of(Labels.BUILD, spec.buildId())))
                    .withWorkingDir(WORK)
                    .withEntrypoint("node")
                    .withCmd("-e", BOOTSTRAP, JSON.writeValueAsString(bootstrap))
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .withHostConfig(host);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits for the command's result line, or for the container to end without one (its first process was
     * killed, by the memory limit for one). Out of memory is known either way: the bootstrap reads its memory
     * cgroup's kill count, and a stopped container's state says it.
     *
     * @throws StepFailedException CANCELLED or TIMED_OUT when the phase is stopped; an infrastructure fault when
     *     the engine fails
     */
    Exit await(BuildContext context) {
        try {
            Exit ended = exit.get();
            lap("run");
            return ended;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailedException(BuildStatus.CANCELLED, "Interrupted while waiting for "
                    + name);
        } catch (ExecutionException e) {
            context.checkRunning();
            throw asStepFailure(e.getCause());
        }
    }

    /** A tar stream of {@code path} in the container; the container must still run. */
    InputStream copyOut(String path) {
        copiedOut = true;
        return containers.engine().copyOut(name, path);
    }

    /** The on-stop action: wakes {@link #await} and removes the container on the clean-up thread. */
    private void stopped() {
        exit.completeExceptionally(new Stopped());
        containers.cleaner().execute(this::close);
    }

    /**
     * Kills and removes the container and its workspace, by name; safe to call more than once, and from the
     * clean-up thread and the waiting thread at once (the second waits until the first is done, so a dependency
     * set the container mounted is free when this returns).
     */
    @Override
    public synchronized void close() {
        boolean first = !steps.containsKey("remove");
        if (first && copiedOut) {
            lap("output");  // the output streamed out and stored by the core
        }
        lapStart = System.nanoTime();
        containers.engine().removeQuietly(name, workVolume);
        if (first) {
            lap("remove");
            if (LOG.isDebugEnabled()) {
                StringBuilder line = new StringBuilder();
                steps.forEach((step, millis) -> line.append(' ').append(step).append('=').append(millis));
                LOG.debug("{} took (ms):{}{}", name, line, inside.isEmpty() ? "" : "; inside:" + inside);
            }
        }
    }

    private static StepFailedException asStepFailure(Throwable e) {
        if (e instanceof StepFailedException) {
            return (StepFailedException) e;
        }
        if (e instanceof Stopped) {
            return new StepFailedException(BuildStatus.CANCELLED, "Stopped");
        }
        return StepFailedException.infrastructure("The Docker engine failed: " + e.getMessage(), e, false);
    }

    private static String bootstrapScript() {
        try (InputStream in = ContainerRun.class.getResourceAsStream("bootstrap.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("bootstrap.js is missing from the backend's jar", e);
        }
    }

    /** Marks the wake-up of a stopped phase; {@link BuildContext#checkRunning()} then throws the real reason. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("stopped", null, false, false);
        }
    }

    /** Feeds the container's output to the context, line by line, and completes the exit on the result line. */
    private final class OutputCallback extends ResultCallback.Adapter<Frame> {
        private final BuildContext context;
        private final LineSplitter stdout;
        private final LineSplitter stderr;
        private final Optional<Pattern> watch;
        private volatile boolean watched;

        OutputCallback(BuildContext context, Optional<Pattern> watch) {
            this.context = context;
            this.watch = watch;
            this.stdout = new LineSplitter(this::stdoutLine);
            this.stderr = new LineSplitter(line -> output(OutputLine.Stream.STDERR, line));
        }

        private void output(OutputLine.Stream stream, String line) {
            if (watch.isPresent() && watch.get().matcher(line).find()) {
                watched = true;
            }
            context.output(stream, line);
        }

        private void stdoutLine(String line) {
            if (!line.startsWith(nonce + " ")) {
                output(OutputLine.Stream.STDOUT, line);
                return;
            }
            try {
                JsonNode result = JSON.readTree(line.substring(nonce.length() + 1));
                JsonNode error = result.path("error");
                if (!error.isMissingNode() && !error.isNull()) {
                    context.output(OutputLine.Stream.STDERR, "[previewkit] " + error.asText());
                }
                StringBuilder measured = new StringBuilder();
                result.path("ms").fields().forEachRemaining(step ->
                        measured.append(' ').append(step.getKey()).append('=').append(step.getValue().asLong()));
                inside = measured.toString();
                JsonNode signal = result.path("signal");
                exit.complete(new Exit(result.path("exit").asInt(125),
                        signal.isTextual() ? Optional.of(signal.asText()) : Optional.empty(),
                        result.path("bytes").asLong(0), result.path("oom").asBoolean(false), watched));
            } catch (IOException e) {
                exit.complete(new Exit(125, Optional.empty(), 0, false, watched));
            }
        }

        @Override
        public void onNext(Frame frame) {
            if (frame.getStreamType() == StreamType.STDERR) {
                stderr.accept(frame.getPayload());
            } else {
                stdout.accept(frame.getPayload());
            }
        }

        @Override
        public void onComplete() {
            stdout.finish();
            stderr.finish();
            exit.complete(exitedWithoutResult());
            super.onComplete();
        }

        @Override
        public void onError(Throwable failure) {
            if (!exit.isDone() && !context.isStopped()) {
                exit.completeExceptionally(failure);
            }
            super.onError(failure);
        }

        /** The container's first process ended before printing its result: ask the engine how. */
        private Exit exitedWithoutResult() {
            try {
                InspectContainerResponse.ContainerState state = containers.engine().inspect(name).getState();
                Integer code = state.getExitCode();
                return new Exit(code == null ? 125 : code, Optional.empty(), 0,
                        Boolean.TRUE.equals(state.getOOMKilled()), watched);
            } catch (RuntimeException e) {
                return new Exit(125, Optional.empty(), 0, false, watched);
            }
        }
    }
}
