package dev.previewkit.backend.docker;

import dev.previewkit.BuildHandle;
import dev.previewkit.BuildListener;
import dev.previewkit.BuildPhase;
import dev.previewkit.BuildResult;
import dev.previewkit.CacheDecision;
import dev.previewkit.OutputLine;
import dev.previewkit.PhaseTimeout;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.ProjectFiles;
import dev.previewkit.tck.Fixtures;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in a child JVM by {@link DockerCrashRecoveryTest}, which kills it with SIGKILL: starts one build in a work
 * directory and namespace that stalls, then waits for it forever. Arguments: the work directory, the namespace,
 * and {@code install <tarball URL>} (the install fetches a tarball from a server on this machine's loopback that
 * never answers; installs use the host's network to reach it) or {@code build} (the config stalls, printing).
 * Prints {@code started <build id>}, {@code phase <phase>} as each starts, {@code decided <kind> <outcome> <key>}
 * for each cache decision and every output line of the build as {@code output <phase> <text>}; should the
 * build ever end, {@code finished <status> <message>}, and exits with 3.
 */
public final class DockerCrashMain {
    private static final Duration LONG = Duration.ofMinutes(10);

    private DockerCrashMain() {}

    public static void main(String[] args) throws Exception {
        Path workDirectory = Path.of(args[0]);
        String namespace = args[1];
        boolean stallInstall = args[2].equals("install");
        DockerBackend.Builder backend = TestEngine.backend(namespace);
        if (stallInstall) {
            backend.installNetwork("host");  // reaches the silent server on loopback
        }
        ProjectFiles project = stallInstall ? Fixtures.withTarballDependency(URI.create(args[3]))
                : Fixtures.withStalledConfig(true);
        PreviewBuilder builder = PreviewBuilder.configure()
                .backend(backend.build())
                .workDirectory(workDirectory)
                .allowUnsafeDependencies(stallInstall)
                .installTimeout(PhaseTimeout.of(LONG, LONG))
                .buildTimeout(PhaseTimeout.of(LONG, LONG))
                .listener(new BuildListener() {
                    @Override
                    public void outputLine(String buildId, OutputLine line) {
                        System.out.println("output " + line.phase() + " " + line.text());
                    }

                    @Override
                    public void phaseStarted(String buildId, BuildPhase phase) {
                        System.out.println("phase " + phase);
                    }

                    @Override
                    public void cacheDecided(String buildId, CacheDecision decision) {
                        System.out.println("decided " + decision.kind() + " " + decision.outcome() + " "
                                + decision.key());
                    }
                })
                .build();
        BuildHandle handle = builder.start(project);
        System.out.println("started " + handle.id());
        BuildResult result = handle.result().get();
        System.out.println("finished " + result.status() + " " + result.message());
        System.exit(3);
    }
}
