package dev.previewkit.backend.localnpm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process-count and memory limits for one sandboxed command through a cgroup of its own, where the host lets this
 * JVM create cgroups (cgroup v2 with the {@code pids} and {@code memory} controllers delegated, or the v1
 * {@code pids} and {@code memory} hierarchies writable, as for root). The command joins the cgroups before it
 * starts, so everything it forks stays inside; when it ends, what is left in them is killed and they are removed.
 * Thread-safe.
 */
final class Cgroups {
    private static final Logger LOG = LoggerFactory.getLogger(Cgroups.class);
    private static final Path ROOT = Path.of("/sys/fs/cgroup");
    private static final String GROUP = "previewkit";

    private final List<Path> parents;
    private final boolean v2;

    private Cgroups(List<Path> parents, boolean v2) {
        this.parents = List.copyOf(parents);
        this.v2 = v2;
    }

    /** The cgroups this host lets this JVM create, if any. */
    static Optional<Cgroups> detect() {
        try {
            if (Files.isRegularFile(ROOT.resolve("cgroup.controllers"))) {
                String controllers = Files.readString(ROOT.resolve("cgroup.subtree_control"));
                Path parent = ROOT.resolve(GROUP);
                if (controllers.contains("pids") && controllers.contains("memory") && creatable(parent)) {
                    return Optional.of(new Cgroups(List.of(parent), true));
                }
                return Optional.empty();
            }
            Path pids = ROOT.resolve("pids").resolve(GROUP);
            Path memory = ROOT.resolve("memory").resolve(GROUP);
            if (creatable(pids) && creatable(memory)) {
                return Optional.of(new Cgroups(List.of(pids, memory), false));
            }
        } catch (IOException | SecurityException e) {
            LOG.debug("No cgroups for the sandbox", e);
        }
        return Optional.empty();
    }

    private static boolean creatable(Path group) {
        try {
            Files.createDirectories(group);
            return Files.isWritable(group);
        } catch (IOException e) {
            return false;
        }
    }

    /** Which cgroups, for {@code probe()}. */
    String describe() {
        return (v2 ? "cgroup v2 " : "cgroup v1 ") + "pids and memory limits";
    }

    /**
     * New cgroups limited to {@code processes} processes and {@code memoryBytes} of memory (swap included where the
     * host accounts it), for one command.
     *
     * @throws IOException when they cannot be made
     */
    Limited create(int processes, long memoryBytes) throws IOException {
        String name = UUID.randomUUID().toString();
        List<Path> groups = new ArrayList<>();
        try {
            for (Path parent : parents) {
                Path group = Files.createDirectory(parent.resolve(name));
                groups.add(group);
                if (v2) {
                    Files.writeString(group.resolve("pids.max"), Integer.toString(processes));
                    Files.writeString(group.resolve("memory.max"), Long.toString(memoryBytes));
                    writeIfPresent(group.resolve("memory.swap.max"), "0");
                } else if (parent.getParent().getFileName().toString().equals("pids")) {
                    Files.writeString(group.resolve("pids.max"), Integer.toString(processes));
                } else {
                    Files.writeString(group.resolve("memory.limit_in_bytes"), Long.toString(memoryBytes));
                    writeIfPresent(group.resolve("memory.memsw.limit_in_bytes"), Long.toString(memoryBytes));
                }
            }
            return new Limited(groups);
        } catch (IOException e) {
            new Limited(groups).close();
            throw e;
        }
    }

    private static void writeIfPresent(Path file, String value) throws IOException {
        if (Files.exists(file)) {
            Files.writeString(file, value);
        }
    }

    /** The cgroups of one command. */
    static final class Limited implements AutoCloseable {
        /** No cgroups: the host allows none. */
        static final Limited NONE = new Limited(List.of());

        private final List<Path> groups;

        private Limited(List<Path> groups) {
            this.groups = List.copyOf(groups);
        }

        /** Whether the kernel killed a process of these cgroups for going over their memory limit. */
        boolean outOfMemory() {
            for (Path group : groups) {
                for (String file : List.of("memory.events", "memory.oom_control")) {
                    try (Stream<String> lines = Files.lines(group.resolve(file))) {
                        if (lines.anyMatch(line -> line.matches("oom_kill [1-9]\\d*"))) {
                            return true;
                        }
                    } catch (IOException | UncheckedIOException e) {
                        // not this cgroup's kind of file
                    }
                }
            }
            return false;
        }

        /** The {@code cgroup.procs} files the command writes its pid into before it starts the sandbox. */
        List<Path> procsFiles() {
            return groups.stream().map(group -> group.resolve("cgroup.procs")).toList();
        }

        /** Kills what is left in the cgroups and removes them. */
        @Override
        public void close() {
            for (int round = 0; round < 20 && groups.stream().anyMatch(Limited::populated); round++) {
                groups.forEach(Limited::killAll);
                try {
                    Thread.sleep(25);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            for (Path group : groups) {
                try {
                    Files.deleteIfExists(group);
                } catch (IOException e) {
                    LOG.warn("Cannot remove cgroup {}: {}", group, e.getMessage());
                }
            }
        }

        private static boolean populated(Path group) {
            return !pids(group).isEmpty();
        }

        private static void killAll(Path group) {
            for (long pid : pids(group)) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }

        private static List<Long> pids(Path group) {
            try (Stream<String> lines = Files.lines(group.resolve("cgroup.procs"))) {
                return lines.filter(line -> !line.isBlank()).map(Long::parseLong).toList();
            } catch (IOException | UncheckedIOException e) {
                return List.of();
            }
        }
    }
}
