package dev.previewkit.spi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A process and every descendant seen while it ran. Descendants are remembered on each poll, so that a
 * child re-parented after its parent died is still killed.
 */
final class ProcessTree {
    private final ProcessHandle root;
    private final Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();

    ProcessTree(ProcessHandle root) {
        this.root = root;
    }

    /** Records the current descendants. */
    void remember() {
        root.descendants().forEach(seen::add);
    }

    /**
     * Kills the root and every known descendant with SIGKILL and waits briefly for them to go. Safe to call
     * repeatedly and concurrently; {@link ProcessHandle} checks the start time, so a reused pid is never hit.
     */
    void kill() {
        for (int round = 0; round < 3; round++) {
            remember();
            Set<ProcessHandle> victims = Set.copyOf(seen);
            victims.forEach(handle -> handle.descendants().forEach(seen::add));
            root.destroyForcibly();
            seen.forEach(ProcessHandle::destroyForcibly);
            if (seen.stream().noneMatch(ProcessHandle::isAlive) && !root.isAlive()) {
                break;
            }
        }
        awaitDeath();
    }

    /** Waits up to two seconds until the root and every known descendant has exited (or is a zombie). */
    private void awaitDeath() {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < giveUp && (running(root) || seen.stream().anyMatch(ProcessTree::running))) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Alive and not a zombie: a killed process whose parent has not reaped it yet no longer runs. */
    private static boolean running(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "stat"));
            int state = stat.lastIndexOf(')') + 2;
            return state >= stat.length() || (stat.charAt(state) != 'Z' && stat.charAt(state) != 'X');
        } catch (IOException e) {
            return !Files.isDirectory(Path.of("/proc")) && handle.isAlive();
        }
    }
}
