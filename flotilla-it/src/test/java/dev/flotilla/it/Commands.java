package dev.flotilla.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the end-to-end tests run on this machine: a host tool that must succeed, the CLI jar against a manager, a file read whole. */
final class Commands {

    private Commands() {
    }

    /** Runs a command that must succeed within a minute. */
    static void run(Map<String, String> env, String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process p = builder.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs a clean-up command whose failure does not matter (it may have nothing to do). */
    static void runQuietly(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            // nothing to clean up then
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs the CLI jar against the manager as the admin; it must succeed. Returns what it printed. */
    static String cli(ManagerProcess manager, String password, Path logs, String prefix, String... args) {
        List<String> all = new ArrayList<>(List.of("--url", "http://127.0.0.1:" + manager.httpPort(), "--user", ManagerProcess.ADMIN,
                "--password", password));
        all.addAll(List.of(args));
        Path log = logs.resolve(prefix + "-cli-" + System.nanoTime() + ".log");
        JavaProcess cli = JavaProcess.start("flotilla " + String.join(" ", args), Repo.cliJar(), all, Map.of(), log);
        Await.until("flotilla " + String.join(" ", args) + " to end", Duration.ofSeconds(120), cli::alive, alive -> !alive, () -> read(log));
        String output = read(log);
        assertThat(output).as("flotilla %s", String.join(" ", args)).doesNotContain("error:");
        return output;
    }

    /** The file's bytes as ISO-8859-1 text ("" when it does not exist yet). */
    static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
