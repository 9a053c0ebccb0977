package dev.previewkit.backend.localnpm;

import dev.previewkit.PhaseTimeout;
import dev.previewkit.spi.Launch;
import dev.previewkit.spi.ProcessLauncher;
import dev.previewkit.spi.StepFailedException;
import dev.previewkit.spi.TimedContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Debian's bubblewrap ({@code bwrap}) as the local backend's sandbox: each command runs in new user, PID, IPC, UTS,
 * cgroup and mount namespaces (and a network namespace of its own, holding only loopback, unless its
 * {@link SandboxPolicy} gives it the host's network), as uid 10001, with the system folders ({@code /usr} and the
 * links into it, a few files of {@code /etc}: CA certificates, name resolution, time zone) read-only, a private
 * {@code /tmp}, a fresh empty {@code HOME}, and only the policy's folders bound from the host. Nothing else of the
 * host's file system is there: not the JVM user's home, not other projects' workspaces or dependency sets.
 * {@code --die-with-parent} ties the sandbox to its {@code bwrap}, and the PID namespace to its first process, so
 * killing {@code bwrap} (the process tree kill does) ends every process inside, a daemon that double-forked
 * included. File size and open files are capped with {@code prlimit}; process count and memory by {@link Cgroups}
 * where the host allows it ({@code RLIMIT_AS} would break Vite 8's WebAssembly, and {@code RLIMIT_NPROC} does not
 * bind root). Immutable.
 */
final class Bubblewrap {
    private static final List<String> SYSTEM = List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    private static final List<String> ETC = List.of("/etc/ssl", "/etc/ca-certificates", "/etc/pki", "/etc/resolv.conf",
            "/etc/hosts", "/etc/host.conf", "/etc/nsswitch.conf", "/etc/gai.conf", "/etc/localtime",
            "/etc/alternatives", "/etc/mime.types");
    private static final List<String> CA_VARIABLES = List.of("NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "SSL_CERT_DIR");
    static final String HOME = "/home/previewkit";
    private static final String UID = "10001";

    private final Path executable;
    private final String version;
    private final List<Path> tools;

    private Bubblewrap(Path executable, String version, List<Path> tools) {
        this.executable = executable;
        this.version = version;
        this.tools = List.copyOf(tools);
    }

    /**
     * {@code bwrap} from {@code searchPath}, once it has run a command in a sandbox here; empty with the reason
     * when it is missing or refuses (a kernel without unprivileged user namespaces, a container without them).
     *
     * @param tools host folders of Node.js and npm outside {@code /usr} (an nvm install), bound read-only
     */
    static Result detect(String searchPath, List<Path> tools, Map<String, String> environment,
            ProcessLauncher launcher) {
        Optional<Path> found = Executables.find("bwrap", searchPath);
        if (found.isEmpty()) {
            return new Result(Optional.empty(), "bubblewrap is not installed: no 'bwrap' on PATH (" + searchPath
                    + "); install Debian's bubblewrap");
        }
        Bubblewrap candidate = new Bubblewrap(found.get(), "", tools);
        List<String> lines = new CopyOnWriteArrayList<>();
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        Launch check = candidate.wrap(Launch.builder(List.of("/usr/bin/env", "true")).directory(temp)
                .environment(environment).build(), new SandboxPolicy(false, List.of(), List.of()),
                List.of(), List.of());
        try (TimedContext context = TimedContext.builder("sandbox-probe", PhaseTimeout.of(Duration.ofSeconds(20),
                Duration.ofSeconds(20))).scratchDirectory(temp).output((stream, line) -> lines.add(line)).start()) {
            int versionExit = launcher.launch(Launch.builder(List.of(found.get().toString(), "--version"))
                    .directory(temp).environment(environment).build(), context);
            String version = lines.isEmpty() ? "" : lines.get(0).strip();
            lines.clear();
            int exit = launcher.launch(check, context);
            if (versionExit != 0 || exit != 0) {
                return new Result(Optional.empty(), found.get() + " cannot make a sandbox here (exit " + exit + "): "
                        + String.join(" ", lines));
            }
            return new Result(Optional.of(new Bubblewrap(found.get(), version, tools)), version);
        } catch (StepFailedException e) {
            return new Result(Optional.empty(), found.get() + " does not work: " + e.getMessage());
        }
    }

    /** What {@link #detect} found: the sandbox, or why there is none. */
    record Result(Optional<Bubblewrap> sandbox, String detail) {}

    /** Such as {@code bubblewrap 0.8.0}. */
    String version() {
        return version;
    }

    /**
     * {@code launch} inside the sandbox: {@code bwrap <namespaces, binds> -- prlimit <limits> -- <command>}, or,
     * with cgroups, first a fixed {@code /bin/sh} line that writes its own pid into each {@code procsFiles} entry
     * and then executes {@code bwrap} with the arguments as given (they are never interpreted by the shell).
     */
    Launch wrap(Launch launch, SandboxPolicy policy, List<String> limits, List<Path> procsFiles) {
        List<String> command = new ArrayList<>();
        if (!procsFiles.isEmpty()) {
            command.addAll(List.of("/bin/sh", "-c",
                    "while [ \"$1\" != -- ]; do echo $$ > \"$1\" || exit 125; shift; done; shift; exec \"$@\"",
                    "previewkit-sandbox"));
            procsFiles.forEach(file -> command.add(file.toString()));
            command.add("--");
        }
        command.add(executable.toString());
        command.addAll(List.of("--die-with-parent", "--new-session", "--unshare-all", "--unshare-user",
                "--uid", UID, "--gid", UID, "--cap-drop", "ALL"));
        if (policy.network()) {
            command.add("--share-net");
        }
        for (String folder : SYSTEM) {
            Path path = Path.of(folder);
            if (Files.isSymbolicLink(path)) {
                command.addAll(List.of("--symlink", readLink(path), folder));
            } else if (Files.isDirectory(path)) {
                command.addAll(List.of("--ro-bind", folder, folder));
            }
        }
        command.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--dir", HOME,
                "--setenv", "HOME", HOME));
        Set<String> readOnly = new LinkedHashSet<>(ETC);
        tools.forEach(tool -> readOnly.add(tool.toString()));
        for (String variable : CA_VARIABLES) {
            String value = launch.environment().get(variable);
            if (value != null && !value.isBlank() && Path.of(value).isAbsolute()) {
                readOnly.add(value);
            }
        }
        policy.readable().forEach(path -> readOnly.add(path.toString()));
        for (String path : readOnly) {
            command.addAll(List.of("--ro-bind-try", path, path));
        }
        for (Path path : policy.writable()) {
            command.addAll(List.of("--bind", path.toString(), path.toString()));
        }
        policy.npmCache().ifPresent(cache -> command.addAll(List.of("--bind", cache.toString(), cache.toString(),
                "--setenv", "npm_config_cache", cache.toString())));
        command.addAll(List.of("--chdir", launch.directory().toString(), "--"));
        if (!limits.isEmpty()) {
            command.add("/usr/bin/prlimit");
            command.addAll(limits);
            command.add("--");
        }
        command.addAll(launch.command());
        Launch.Builder wrapped = Launch.builder(command).directory(launch.directory())
                .environment(launch.environment());
        launch.stdin().ifPresent(wrapped::stdin);
        launch.stdout().ifPresent(wrapped::stdout);
        launch.onStop().ifPresent(wrapped::onStop);
        return wrapped.build();
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + link, e);
        }
    }

    /** The host folders a policy binds must exist, as folders, before {@code bwrap} binds them. */
    static void ensureFolders(SandboxPolicy policy) {
        List<Path> folders = new ArrayList<>(policy.writable());
        policy.npmCache().ifPresent(folders::add);
        for (Path path : folders) {
            try {
                if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(path);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot create " + path + " for the sandbox", e);
            }
        }
    }
}
