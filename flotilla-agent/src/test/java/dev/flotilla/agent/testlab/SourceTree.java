package dev.flotilla.agent.testlab;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the source tree (scripts under tools/) for test fixtures; tests run from a module directory. */
public final class SourceTree {

    private SourceTree() {}

    /**
     * {@code relative} (e.g. {@code tools/storage-lab/lab.sh}) in the nearest directory above the
     * working directory that has it, or the path in system property {@code property} when set.
     */
    public static Path find(String relative, String property) {
        String configured = System.getProperty(property);
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find " + relative + " above " + Path.of("").toAbsolutePath()
                + "; set -D" + property + "=PATH");
    }
}
