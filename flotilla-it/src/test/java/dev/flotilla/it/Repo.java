package dev.flotilla.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the packaged manager and agent are: the tests run them as the user would, from their jars. */
final class Repo {

    private static final String VERSION = "0.1.0-SNAPSHOT";

    private Repo() {
    }

    /** Surefire runs in flotilla-it/, an IDE perhaps at the top: look upwards for the reactor's root. */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("flotilla-manager")) && Files.isDirectory(dir.resolve("flotilla-agent"))) {
                return dir;
            }
        }
        throw new AssertionError("cannot find the Flotilla source tree above " + Path.of("").toAbsolutePath());
    }

    static Path managerJar() {
        return jar("flotilla-manager/target/flotilla-manager-" + VERSION + "-exec.jar");
    }

    static Path agentJar() {
        return jar("flotilla-agent/target/flotilla-agent-" + VERSION + "-all.jar");
    }

    static Path cliJar() {
        return jar("flotilla-cli/target/flotilla-cli-" + VERSION + "-all.jar");
    }

    /** A missing jar fails the test: an end-to-end test that skips proves nothing. */
    private static Path jar(String relative) {
        Path jar = root().resolve(relative);
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " is missing: build it first (mvn -B package -DskipTests, or run the tests"
                    + " through 'mvn -B verify' from the top, which packages it before flotilla-it)");
        }
        return jar;
    }

    /** The java that runs the tests runs the processes too, whatever is first on PATH. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
