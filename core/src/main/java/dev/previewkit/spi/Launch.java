package dev.previewkit.spi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One command for a {@link ProcessLauncher} to run: what to run, where, with which environment, what to feed
 * it and what to do with its output. Immutable; build one with {@link #builder(List)}.
 *
 * @param command     the executable and its arguments, passed as they are (no shell, no globbing)
 * @param directory   the working directory
 * @param environment the complete environment of the process; nothing is inherited from the JVM
 * @param stdin       opens what the process reads on standard input, once per launch; empty closes its
 *                    standard input at once
 * @param stdout      reads standard output as bytes (a tar stream, say); empty sends it to the context line by
 *                    line. Standard error always goes to the context line by line.
 * @param onStop      runs when the launch ends by throwing after the process started (the phase was stopped,
 *                    the thread interrupted, or {@code stdin}/{@code stdout} failed), after the process tree is
 *                    gone, such as removing a container by name; never when the command exits by itself
 */
public record Launch(List<String> command, Path directory, Map<String, String> environment,
        Optional<Supplier<InputStream>> stdin, Optional<OutputReader> stdout, Optional<Runnable> onStop) {

    /** Reads a process's standard output as bytes. */
    @FunctionalInterface
    public interface OutputReader {
        /**
         * Reads {@code stdout} on a thread of the launcher, while the process runs. What it leaves unread is
         * discarded; the launcher closes the stream.
         *
         * @throws IOException when the output cannot be used: the launch then fails (see
         *     {@link ProcessLauncher#launch})
         */
        void read(InputStream stdout) throws IOException;
    }

    public Launch {
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command must name an executable");
        }
        Objects.requireNonNull(directory, "directory");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(onStop, "onStop");
    }

    /** Starts describing a launch of {@code command} (the executable, then its arguments). */
    public static Builder builder(List<String> command) {
        return new Builder(command);
    }

    /** The executable as given, for messages. */
    public String executable() {
        return command.get(0);
    }

    /** How to build a {@link Launch}. Not thread-safe. */
    public static final class Builder {
        private final List<String> command;
        private Path directory;
        private final Map<String, String> environment = new HashMap<>();
        private Supplier<InputStream> stdin;
        private OutputReader stdout;
        private Runnable onStop;

        private Builder(List<String> command) {
            this.command = List.copyOf(command);
        }

        /** The working directory; required. */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** The complete environment (replacing what was set before); empty unless set. */
        public Builder environment(Map<String, String> environment) {
            this.environment.clear();
            this.environment.putAll(environment);
            return this;
        }

        /** Feeds {@code bytes} (copied now) to standard input, then closes it. */
        public Builder stdin(byte[] bytes) {
            byte[] copy = bytes.clone();
            this.stdin = () -> new ByteArrayInputStream(copy);
            return this;
        }

        /**
         * Feeds the stream {@code source} opens to standard input, then closes both. A failure to read it fails
         * the launch; the process closing its standard input early does not.
         */
        public Builder stdin(Supplier<InputStream> source) {
            this.stdin = Objects.requireNonNull(source, "source");
            return this;
        }

        /** Hands standard output to {@code reader} as bytes instead of to the context as lines. */
        public Builder stdout(OutputReader reader) {
            this.stdout = Objects.requireNonNull(reader, "reader");
            return this;
        }

        /** Copies standard output byte for byte into {@code target}, which is left open. */
        public Builder stdout(OutputStream target) {
            Objects.requireNonNull(target, "target");
            this.stdout = in -> in.transferTo(target);
            return this;
        }

        /** The action run when the launch ends by throwing after the process started; see {@link Launch}. */
        public Builder onStop(Runnable action) {
            this.onStop = Objects.requireNonNull(action, "action");
            return this;
        }

        /**
         * The launch described.
         *
         * @throws IllegalArgumentException when the command is empty
         * @throws NullPointerException     when no directory was set
         */
        public Launch build() {
            return new Launch(command, directory, environment, Optional.ofNullable(stdin),
                    Optional.ofNullable(stdout), Optional.ofNullable(onStop));
        }
    }
}
