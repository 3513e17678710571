package dev.flotilla.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's test guest (tools/test-guest/build.sh: Debian kernel + busybox initramfs), in the
 * same cache the tests use (~/.cache/flotilla/test-guest/&lt;first 12 hex of the script's SHA-256&gt;),
 * booted with {@code flotilla.tick} so it prints "FLOTILLA-TICK n" on its serial console every second.
 */
record TestGuestImage(Path kernel, Path initrd, String cmdline) {

    static final String READY = "FLOTILLA-GUEST-READY";
    private static final Pattern TICK = Pattern.compile("FLOTILLA-TICK (\\d+)");

    /** Builds the guest unless the cache holds it (the script itself does nothing then). */
    static TestGuestImage build(Path script) throws IOException, InterruptedException {
        if (!Files.isRegularFile(script)) {
            throw new IllegalArgumentException("no test guest script at " + script + " (run from the repository root or pass --guest-script)");
        }
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "flotilla", "test-guest", hash(script));
        Files.createDirectories(cache);
        Process p = new ProcessBuilder("sh", script.toString(), cache.toString()).redirectErrorStream(true)
                .redirectOutput(cache.resolve("build.log").toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(script + " failed; see " + cache.resolve("build.log"));
        }
        return new TestGuestImage(cache.resolve("vmlinuz"), cache.resolve("initramfs.cpio.gz"), "console=ttyS0 quiet flotilla.tick");
    }

    /** The highest tick in a serial log, 0 before the first (or when there is no log). */
    static int lastTick(Path serialLog) {
        try {
            Matcher m = TICK.matcher(Files.readString(serialLog));
            int last = 0;
            while (m.find()) {
                last = Math.max(last, Integer.parseInt(m.group(1)));
            }
            return last;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Waits until the guest writing {@code serialLog} has booted and counted to at least {@code tick}. */
    static int awaitTick(Path serialLog, int tick, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        int last;
        while ((last = lastTick(serialLog)) < tick) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the guest did not count to " + tick + " within " + timeoutSeconds + " s (last "
                        + last + "); see " + serialLog);
            }
            Thread.sleep(200);
        }
        return last;
    }

    /**
     * After the last migration: the tick the guest had reached on its source, and whether on its
     * new host it went on from there for a few more seconds.
     */
    static String checkTicking(Path sourceSerial, int tickBefore, Path targetSerial, String targetName) throws InterruptedException {
        int after;
        try {
            after = awaitTick(targetSerial, tickBefore + 3, 30);
        } catch (IllegalStateException e) {
            return "**no**: tick %d before the last migration, %d on %s 30 s later".formatted(tickBefore, lastTick(targetSerial), targetName);
        }
        return "yes: FLOTILLA-TICK %d on the source when the last migration began, %d on %s after it (serial logs %s, %s)"
                .formatted(tickBefore, after, targetName, sourceSerial, targetSerial);
    }

    private static String hash(Path script) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(script)), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
