package dev.previewkit.backend.localnpm;

import dev.previewkit.BuildStatus;
import dev.previewkit.OutputLine;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.Launch;
import dev.previewkit.spi.ProcessLauncher;
import dev.previewkit.spi.RunningProcess;
import dev.previewkit.spi.StepFailedException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * Runs every command of another launcher inside the {@link Bubblewrap} sandbox, with the policy a function gives for
 * it (the network and the folders it may reach), file size and open-file limits, and, where the host allows,
 * cgroups that cap its processes and memory and are emptied and removed when it ends. Thread-safe.
 */
final class SandboxedLauncher implements ProcessLauncher {
    /** The limits of every sandboxed command. */
    record Limits(int processes, long memoryBytes, long fileSizeBytes) {}

    private final ProcessLauncher inner;
    private final Bubblewrap bubblewrap;
    private final Optional<Cgroups> cgroups;
    private final Limits limits;
    private final BiFunction<Launch, Optional<BuildContext>, SandboxPolicy> policy;

    SandboxedLauncher(ProcessLauncher inner, Bubblewrap bubblewrap, Optional<Cgroups> cgroups, Limits limits,
            BiFunction<Launch, Optional<BuildContext>, SandboxPolicy> policy) {
        this.inner = inner;
        this.bubblewrap = bubblewrap;
        this.cgroups = cgroups;
        this.limits = limits;
        this.policy = policy;
    }

    /** This sandbox, with another policy: for a long-lived process whose folders are known when it starts. */
    SandboxedLauncher withPolicy(SandboxPolicy fixed) {
        return new SandboxedLauncher(inner, bubblewrap, cgroups, limits, (launch, context) -> fixed);
    }

    /**
     * Runs the command in the sandbox.
     *
     * @throws StepFailedException (FAILED) also when the kernel killed it for going over the sandbox's memory limit,
     *     saying so
     */
    @Override
    public int launch(Launch launch, BuildContext context) {
        try (Cgroups.Limited groups = groups()) {
            int exit = inner.launch(wrap(launch, Optional.of(context), groups), context);
            if (exit != 0 && groups.outOfMemory()) {
                throw new StepFailedException(BuildStatus.FAILED, "'" + launch.executable() + " "
                        + String.join(" ", launch.command().subList(1, Math.min(3, launch.command().size())))
                        + "' ran out of memory: the sandbox allows " + (limits.memoryBytes() >> 20) + " MiB");
            }
            return exit;
        }
    }

    @Override
    public RunningProcess start(Launch launch, BiConsumer<OutputLine.Stream, String> output) {
        Cgroups.Limited groups = groups();
        try {
            RunningProcess process = inner.start(wrap(launch, Optional.empty(), groups), output);
            process.exit().whenComplete((code, failure) -> groups.close());
            return process;
        } catch (RuntimeException e) {
            groups.close();
            throw e;
        }
    }

    private Launch wrap(Launch launch, Optional<BuildContext> context, Cgroups.Limited groups) {
        SandboxPolicy forLaunch = policy.apply(launch, context);
        Bubblewrap.ensureFolders(forLaunch);
        return bubblewrap.wrap(launch, forLaunch, List.of("--fsize=" + limits.fileSizeBytes(), "--nofile=8192",
                "--core=0"), groups.procsFiles());
    }

    private Cgroups.Limited groups() {
        if (cgroups.isEmpty()) {
            return Cgroups.Limited.NONE;
        }
        try {
            return cgroups.get().create(limits.processes(), limits.memoryBytes());
        } catch (IOException e) {
            throw StepFailedException.infrastructure("Cannot create the sandbox's cgroups: " + e.getMessage(), e,
                    false);
        }
    }

    @Override
    public String toString() {
        return "SandboxedLauncher[" + bubblewrap.version() + ", " + cgroups.map(Cgroups::describe)
                .orElse("no cgroups") + ", " + inner + "]";
    }
}
