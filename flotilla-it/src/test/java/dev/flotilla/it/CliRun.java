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

/** The CLI jar run against a manager as admin; it must succeed, and what it printed is returned. */
final class CliRun {

    private CliRun() {
    }

    static String run(ManagerProcess manager, String password, Path logs, String... args) {
        List<String> all = new ArrayList<>(List.of("--url", "http://127.0.0.1:" + manager.httpPort(), "--user", ManagerProcess.ADMIN,
                "--password", password));
        all.addAll(List.of(args));
        Path log = logs.resolve("cli-" + System.nanoTime() + ".log");
        JavaProcess cli = JavaProcess.start("flotilla " + String.join(" ", args), Repo.cliJar(), all, Map.of(), log);
        Await.until("flotilla " + String.join(" ", args) + " to end", Duration.ofSeconds(120), cli::alive, alive -> !alive, () -> read(log));
        String output = read(log);
        assertThat(output).as("flotilla %s", String.join(" ", args)).doesNotContain("error:");
        return output;
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
