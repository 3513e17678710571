package dev.flotilla.agent.testguest;

import dev.flotilla.agent.testlab.SourceTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A small Linux guest for tests that boot real VMs: the Debian kernel plus a busybox initramfs,
 * built by {@code tools/test-guest/build.sh}. The guest prints {@link #READY_MARKER} on its
 * serial console once booted, and {@link #POWEROFF_MARKER} before it powers off on the ACPI
 * power button. It boots in about 10 s under TCG with 256 MiB.
 *
 * <pre>{@code
 * TestGuest guest = TestGuest.build();
 * new VmDefinition(id, "vm1", 1, 256, new VmDefinition.Boot(guest.kernel().toString(),
 *         guest.initrd().toString(), guest.cmdline()));
 * }</pre>
 *
 * <p>The result is cached under {@code ~/.cache/flotilla/test-guest/<hash of build.sh>} (or
 * {@code -Dflotilla.testGuest.cache=DIR}), so a changed script builds a fresh guest. Anything
 * missing fails loudly: tests that need a guest must not skip.
 */
public record TestGuest(Path kernel, Path initrd, String cmdline) {

    public static final String READY_MARKER = "FLOTILLA-GUEST-READY";
    public static final String POWEROFF_MARKER = "FLOTILLA-GUEST-POWEROFF";
    /** Followed by what the first 64 bytes of /dev/vda held at boot (NULs left out), when {@link #cmdline(String)} asked. */
    public static final String DISK_FOUND_MARKER = "FLOTILLA-DISK-FOUND:";
    /** Followed by the first 64 bytes of /dev/vda after the guest wrote its mark there. */
    public static final String DISK_WROTE_MARKER = "FLOTILLA-DISK-WROTE:";
    /** What the guest writes at the start of /dev/vda, followed by the mark and a newline. */
    public static final String DISK_MARK_PREFIX = "FLOTILLA-MARK:";
    /** With {@link #ticking()}, the guest prints this and a count every second: "FLOTILLA-TICK 12". */
    public static final String TICK_MARKER = "FLOTILLA-TICK";

    /** With {@link #watchingDisks()}, the guest prints this and its virtio disks whenever they change: "FLOTILLA-DISKS: vda vdb ". */
    /** Printed once a filling guest ({@link #filling(int)}) wrote all it was asked to. */
    public static final String FILLED_MARKER = "FLOTILLA-FILLED";
    public static final String DISKS_MARKER = "FLOTILLA-DISKS:";

    /** With {@link #readingDisks()}, the guest prints this, a round number and what each virtio disk starts with: "FLOTILLA-READ 7 vda:… vdb:…". */
    public static final String READ_MARKER = "FLOTILLA-READ";

    private static final String SCRIPT = "tools/test-guest/build.sh";
    // "quiet": every console line costs time under TCG, and the markers are all tests look for.
    private static final String CMDLINE = "console=ttyS0 quiet";

    /**
     * The command line that makes the guest write {@code FLOTILLA-MARK:<mark>\n} at the start of
     * its first disk (/dev/vda) while it boots, printing what it found there before.
     *
     * @param mark letters, digits, '-' and '_' only
     */
    public String cmdline(String mark) {
        if (!mark.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("a disk mark is letters, digits, '-' and '_', not '" + mark + "'");
        }
        return cmdline + " flotilla.mark=" + mark;
    }

    /** Builds the guest if the cache does not hold it yet; safe to call from several JVMs at once. */
    public static synchronized TestGuest build() {
        Path script = SourceTree.find(SCRIPT, "flotilla.testGuest.script");
        Path cache = cacheRoot().resolve(hash(script));
        try {
            Files.createDirectories(cache);
            try (FileChannel lockFile = FileChannel.open(cache.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                run(script, cache);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the test guest into " + cache, e);
        }
        TestGuest guest = new TestGuest(cache.resolve("vmlinuz"), cache.resolve("initramfs.cpio.gz"), CMDLINE);
        for (Path p : new Path[] {guest.kernel(), guest.initrd()}) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException(SCRIPT + " ran but " + p + " is missing");
            }
        }
        return guest;
    }

    private static void run(Path script, Path out) throws IOException {
        Path log = out.resolve("build.log");
        Process p = new ProcessBuilder("sh", script.toString(), out.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(script + " did not finish within 10 minutes; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the test guest", e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(script + " failed (exit " + p.exitValue() + "):\n" + Files.readString(log));
        }
    }

    private static Path cacheRoot() {
        String configured = System.getProperty("flotilla.testGuest.cache");
        return configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "flotilla", "test-guest");
    }

    private static String hash(Path script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(script));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same guest, counting seconds on its serial console ({@link #TICK_MARKER}). */
    public TestGuest ticking() {
        return new TestGuest(kernel, initrd, cmdline + " flotilla.tick");
    }

    /** The same guest, writing {@code mib} MiB to its first disk once booted, then printing {@link #FILLED_MARKER}. */
    public TestGuest filling(int mib) {
        return new TestGuest(kernel, initrd, cmdline + " flotilla.fill=" + mib);
    }

    /** The same guest, printing its disks ({@link #DISKS_MARKER}) whenever one is plugged or unplugged. */
    public TestGuest watchingDisks() {
        return new TestGuest(kernel, initrd, cmdline + " flotilla.watchdisks");
    }

    /** The same guest, reading the start of each virtio disk every 2 s ({@link #READ_MARKER}). */
    public TestGuest readingDisks() {
        return new TestGuest(kernel, initrd, cmdline + " flotilla.readdisks");
    }

    /**
     * What a guest reading its disks read last from {@code disk} (NULs and blanks left out), with
     * the round it was read in; empty before the disk was first read.
     */
    public static java.util.Optional<Map.Entry<Integer, String>> lastRead(String serialLog, String disk) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(READ_MARKER + " (\\d+) ([^\\r\\n]*)").matcher(serialLog);
        Map.Entry<Integer, String> last = null;
        while (m.find()) {
            for (String part : m.group(2).trim().split(" ")) {
                if (part.startsWith(disk + ":")) {
                    last = Map.entry(Integer.parseInt(m.group(1)), part.substring(disk.length() + 1));
                }
            }
        }
        return java.util.Optional.ofNullable(last);
    }

    /** The disks a guest watching them printed last in {@code serialLog}, e.g. "vda vdb"; empty before the first. */
    public static String lastDisks(String serialLog) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(DISKS_MARKER + " ([a-z ]*)").matcher(serialLog);
        String last = "";
        while (m.find()) {
            last = m.group(1).trim();
        }
        return last;
    }

    /** The highest count a ticking guest printed in {@code serialLog}, 0 before the first. */
    public static int lastTick(String serialLog) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(TICK_MARKER + " (\\d+)").matcher(serialLog);
        int last = 0;
        while (m.find()) {
            last = Math.max(last, Integer.parseInt(m.group(1)));
        }
        return last;
    }
}
