package dev.previewkit.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Looks at the machine's processes, to prove that builds leave none behind. */
public final class Processes {
    private Processes() {}

    /** Live (non-zombie) processes whose command line contains {@code marker}. */
    public static List<String> running(String marker) {
        return ProcessHandle.allProcesses()
                .filter(handle -> handle.pid() != ProcessHandle.current().pid())
                .filter(Processes::isRunning)
                .map(handle -> handle.pid() + " " + handle.info().commandLine().orElse(""))
                .filter(line -> line.contains(marker))
                .toList();
    }

    /** Whether a process exists and is not a zombie waiting for its parent to reap it. */
    public static boolean isRunning(long pid) {
        return ProcessHandle.of(pid).map(Processes::isRunning).orElse(false);
    }

    private static boolean isRunning(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        try {
            String status = Files.readString(Path.of("/proc", String.valueOf(handle.pid()), "status"));
            return !status.contains("State:\tZ") && !status.contains("State:\tX");
        } catch (IOException e) {
            return false;
        }
    }
}
