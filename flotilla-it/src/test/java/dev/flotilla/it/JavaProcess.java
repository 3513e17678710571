package dev.flotilla.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One {@code java -jar} process with its output appended to a log file that outlives it. */
final class JavaProcess {

    private final String name;
    private final Process process;
    private final Path log;

    private JavaProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static JavaProcess start(String name, Path jar, List<String> args, Map<String, String> env, Path log) {
        return start(name, List.of(), jar, args, env, log);
    }

    /** With {@code prefix} before {@code java}, e.g. {@code ip netns exec NS} to run it in a network namespace. */
    static JavaProcess start(String name, List<String> prefix, Path jar, List<String> args, Map<String, String> env, Path log) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Repo.java(), "-jar", jar.toString()));
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            // appendTo: a restarted process writes after its earlier life, so one file tells the whole story
            Files.writeString(log, "==== " + String.join(" ", command) + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(env);
            return new JavaProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, as an init system stops a service; SIGKILL for it and its children if it hangs. */
    void stop() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                children.forEach(ProcessHandle::destroyForcibly);
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL to this process alone: its detached children (QEMU) must live on. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of the log, for failure messages. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return "---- " + name + " (" + log + (alive() ? "" : ", exited " + process.exitValue()) + ") ----\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "---- " + name + ": cannot read " + log + ": " + e.getMessage();
        }
    }
}
