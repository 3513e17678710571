package dev.flotilla.agent.storage;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one external tool with a deadline. A storage server that stops answering makes libnfs and
 * libiscsi (and so qemu-img) wait forever without an error, so nothing here waits without one.
 * Standard input is empty; each output stream is read by a thread of its own so a chatty tool
 * never blocks on a full pipe; the tool and any children are killed at the deadline.
 *
 * <p>A runner may put a prefix before every command, e.g. {@code ip netns exec NS} so that tests
 * run the tools from inside a host's network namespace.
 */
public final class ToolRunner {

    /** What a tool printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** The error output, else the standard output, trimmed: what to quote in a message. */
        public String message() {
            return (stderr.isBlank() ? stdout : stderr).strip();
        }
    }

    private static final int MAX_OUTPUT_CHARS = 4 * 1024 * 1024;
    private static final int MAX_PIECE_CHARS = 64 * 1024;
    private static final Map<String, String> PACKAGES = Map.of(
            "qemu-img", "qemu-utils", "qemu-io", "qemu-utils", "nfs-ls", "libnfs-utils", "iscsi-ls", "libiscsi-bin",
            "iscsi-readcapacity16", "libiscsi-bin", "iscsi-inq", "libiscsi-bin");

    private final List<String> prefix;

    private ToolRunner(List<String> prefix) {
        this.prefix = List.copyOf(prefix);
    }

    /** Runs tools as they are, in the agent's own namespaces. */
    public static ToolRunner direct() {
        return new ToolRunner(List.of());
    }

    /** Runs every tool behind {@code prefix}, e.g. {@code ip netns exec flotilla-lab-host1}. */
    public static ToolRunner prefixed(List<String> prefix) {
        return new ToolRunner(prefix);
    }

    public Result run(List<String> command, Map<String, String> environment, Duration timeout) throws StorageException {
        return run(command, environment, timeout, piece -> { });
    }

    /**
     * @param progress gets each piece of standard output ended by a newline or a carriage return,
     *                 as it arrives (qemu-img's {@code -p} rewrites one line with '\r')
     * @throws StorageException TOOL_MISSING when the tool cannot be started, TIMEOUT at the deadline
     */
    public Result run(List<String> command, Map<String, String> environment, Duration timeout,
                      Consumer<String> progress) throws StorageException {
        Objects.requireNonNull(progress, "progress");
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = builder.environment();
        // a login the agent's own environment happens to carry must not reach another target
        env.remove("LIBISCSI_CHAP_USERNAME");
        env.remove("LIBISCSI_CHAP_PASSWORD");
        env.put("LC_ALL", "C");
        env.putAll(environment);
        String tool = command.get(0);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new StorageException(StorageException.Problem.TOOL_MISSING, tool + " cannot be started on this host ("
                    + e.getMessage() + "); install the Debian package " + PACKAGES.getOrDefault(tool, tool), e);
        }
        Drain out = new Drain(process.getInputStream(), progress, tool + "-stdout");
        Drain err = new Drain(process.getErrorStream(), piece -> { }, tool + "-stderr");
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new StorageException(StorageException.Problem.TIMEOUT, tool + " did not finish within "
                        + seconds(timeout) + "; the storage may have stopped answering");
            }
            out.join(5_000);
            err.join(5_000);
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new StorageException(StorageException.Problem.TIMEOUT, "interrupted while " + tool + " ran", e);
        }
        String stderr = err.text();
        if (!prefix.isEmpty() && process.exitValue() != 0 && stderr.contains("exec of \"" + tool + "\" failed")) {
            // the prefix (ip netns exec) ran but could not find the tool
            throw new StorageException(StorageException.Problem.TOOL_MISSING, tool + " is not installed on this host; "
                    + "install the Debian package " + PACKAGES.getOrDefault(tool, tool));
        }
        return new Result(process.exitValue(), out.text(), stderr);
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format("%.1f s", d.toMillis() / 1000.0);
    }

    /** Reads one stream to the end, keeping at most MAX_OUTPUT_CHARS of it. */
    private static final class Drain extends Thread {
        private final InputStream in;
        private final Consumer<String> pieces;
        private final StringBuilder all = new StringBuilder();

        Drain(InputStream in, Consumer<String> pieces, String name) {
            super(name);
            this.in = in;
            this.pieces = pieces;
            setDaemon(true);
            start();
        }

        @Override
        public void run() {
            StringBuilder piece = new StringBuilder();
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                char[] buf = new char[8192];
                int n;
                while ((n = reader.read(buf)) > 0) {
                    for (int i = 0; i < n; i++) {
                        char c = buf[i];
                        if (c == '\n' || c == '\r') {
                            if (!piece.isEmpty()) {
                                pieces.accept(piece.toString());
                                piece.setLength(0);
                            }
                        } else if (piece.length() < MAX_PIECE_CHARS) {
                            piece.append(c);
                        }
                    }
                    synchronized (all) {
                        if (all.length() < MAX_OUTPUT_CHARS) {
                            all.append(buf, 0, Math.min(n, MAX_OUTPUT_CHARS - all.length()));
                        }
                    }
                }
                if (!piece.isEmpty()) {
                    pieces.accept(piece.toString());
                }
            } catch (IOException e) {
                // the process was killed; what was read so far is all there is
            }
        }

        String text() {
            synchronized (all) {
                return all.toString();
            }
        }
    }
}
