package dev.previewkit.spi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A process and every descendant seen while it ran. Descendants are remembered on each poll, so that a
 * child re-parented after its parent died is still killed. Where {@code /proc} exists, every process whose
 * environment holds the launch's marker ({@code NAME=value}, inherited by every descendant that keeps its
 * environment) is a victim too: that finds a double-forked daemon that escaped between two polls.
 */
final class ProcessTree {
    private static final Path PROC = Path.of("/proc");

    private final ProcessHandle root;
    private final byte[] marker;
    private final Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();

    ProcessTree(ProcessHandle root, String marker) {
        this.root = root;
        this.marker = marker.getBytes(StandardCharsets.UTF_8);
    }

    /** Records the current descendants. */
    void remember() {
        root.descendants().forEach(seen::add);
    }

    /**
     * Kills the root and every known or marked descendant with SIGKILL and waits briefly for them to go. Safe
     * to call repeatedly and concurrently; {@link ProcessHandle} checks the start time, so a reused pid is
     * never hit.
     */
    void kill() {
        for (int round = 0; round < 3; round++) {
            remember();
            rememberMarked();
            Set<ProcessHandle> victims = Set.copyOf(seen);
            victims.forEach(handle -> handle.descendants().forEach(seen::add));
            root.destroyForcibly();
            seen.forEach(ProcessHandle::destroyForcibly);
            if (seen.stream().noneMatch(ProcessTree::running) && !running(root)) {
                break;
            }
        }
        awaitDeath();
    }

    /** Adds every process of this user whose environment holds the marker. */
    private void rememberMarked() {
        if (!Files.isDirectory(PROC)) {
            return;
        }
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses()
                .filter(handle -> handle.pid() != self && !seen.contains(handle))
                .filter(this::marked)
                .forEach(seen::add);
    }

    private boolean marked(ProcessHandle handle) {
        byte[] environment;
        try {
            environment = Files.readAllBytes(PROC.resolve(Long.toString(handle.pid())).resolve("environ"));
        } catch (IOException | SecurityException e) {
            return false;  // gone, or another user's
        }
        int start = 0;
        for (int i = 0; i <= environment.length; i++) {
            if (i == environment.length || environment[i] == 0) {
                if (i - start == marker.length
                        && Arrays.equals(environment, start, i, marker, 0, marker.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
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
    static boolean running(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(handle.pid())).resolve("stat"));
            int state = stat.lastIndexOf(')') + 2;
            return state >= stat.length() || (stat.charAt(state) != 'Z' && stat.charAt(state) != 'X');
        } catch (IOException e) {
            return !Files.isDirectory(PROC) && handle.isAlive();
        }
    }
}
