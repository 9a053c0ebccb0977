package dev.previewkit.backend.localnpm;

import dev.previewkit.BuildResult;
import dev.previewkit.DevServer;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.PreviewSession;
import dev.previewkit.tck.Fixtures;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Run in a second JVM by {@link WatchdogTest}: builds a session in {@code args[0]} (so a warm build worker runs),
 * starts its dev server, prints {@code worker=<pid>}, {@code devserver=<uri>} and {@code ready}, then waits to be
 * killed.
 */
public final class WarmProcessesMain {
    private WarmProcessesMain() {}

    public static void main(String[] args) throws Exception {
        LocalNpmBackend backend = LocalNpmBackend.create();
        PreviewBuilder previews = PreviewBuilder.configure().backend(backend).workDirectory(Path.of(args[0])).build();
        PreviewSession session = previews.session("orphans");
        BuildResult result = session.submit(Fixtures.withGreeting("watchdog")).result().get(3, TimeUnit.MINUTES);
        System.out.println("status=" + result.status());
        backend.warmWorkerPids().forEach(pid -> System.out.println("worker=" + pid));
        DevServer devServer = session.startDevServer();
        System.out.println("devserver=" + devServer.uri());
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(TimeUnit.MINUTES.toMillis(5));
    }
}
