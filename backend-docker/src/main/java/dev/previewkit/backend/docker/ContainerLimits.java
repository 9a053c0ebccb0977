package dev.previewkit.backend.docker;

import java.util.Map;

/**
 * The resource limits of every container the {@link DockerBackend} starts. Immutable.
 *
 * <p>The workspace is a {@code tmpfs} volume: the only per-container disk cap an engine with overlay2 on ext4
 * offers. Its pages count towards the container's memory, so {@code memoryBytes} must leave room for it.
 *
 * @param memoryBytes     hard memory limit; swap is the same, so a container never swaps (default 2 GiB)
 * @param cpus            CPUs a container may use, such as {@code 1.5} (default 1)
 * @param pids            processes and threads a container may run at once (default 512: npm and Vite start
 *                        a few dozen threads each)
 * @param workspaceBytes  size of the writable workspace: project files, the installed tree while it installs,
 *                        the output (default 1 GiB)
 * @param workspaceInodes files and folders the workspace may hold (default 200,000)
 * @param fileBytes       largest file a process may write (default 256 MiB)
 */
public record ContainerLimits(long memoryBytes, double cpus, long pids, long workspaceBytes, long workspaceInodes,
        long fileBytes) {
    private static final long MIB = 1024 * 1024;

    /** The defaults: 2 GiB of memory, 1 CPU, 512 processes, a 1 GiB workspace of 200,000 inodes, 256 MiB files. */
    public static final ContainerLimits DEFAULTS = new ContainerLimits(2048 * MIB, 1.0, 512, 1024 * MIB, 200_000,
            256 * MIB);

    public ContainerLimits {
        if (memoryBytes < 64 * MIB || cpus <= 0 || pids < 16 || workspaceBytes < MIB || workspaceInodes < 100
                || fileBytes < 1) {
            throw new IllegalArgumentException("container limits too small to run Node.js: " + memoryBytes
                    + " bytes of memory (64 MiB at least), " + cpus + " CPUs, " + pids + " processes (16 at least), "
                    + workspaceBytes + " workspace bytes, " + workspaceInodes + " inodes, " + fileBytes + " per file");
        }
    }

    /** The driver options of a workspace volume with these limits, owned by the containers' user. */
    Map<String, String> tmpfsOptions() {
        return Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=" + workspaceBytes + ",nr_inodes="
                + workspaceInodes + ",uid=" + Containers.UID + ",gid=" + Containers.UID + ",mode=0700");
    }

    /** These limits with another memory limit. */
    public ContainerLimits withMemoryBytes(long bytes) {
        return new ContainerLimits(bytes, cpus, pids, workspaceBytes, workspaceInodes, fileBytes);
    }

    /** These limits with another process limit. */
    public ContainerLimits withPids(long limit) {
        return new ContainerLimits(memoryBytes, cpus, limit, workspaceBytes, workspaceInodes, fileBytes);
    }

    /** These limits with another workspace size. */
    public ContainerLimits withWorkspaceBytes(long bytes) {
        return new ContainerLimits(memoryBytes, cpus, pids, bytes, workspaceInodes, fileBytes);
    }

    /** These limits with another CPU share. */
    public ContainerLimits withCpus(double share) {
        return new ContainerLimits(memoryBytes, share, pids, workspaceBytes, workspaceInodes, fileBytes);
    }
}
