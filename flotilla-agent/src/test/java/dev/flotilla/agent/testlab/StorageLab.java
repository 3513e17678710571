package dev.flotilla.agent.testlab;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The storage test lab of {@code tools/storage-lab/lab.sh}: nfs-ganesha and tgtd in a storage
 * network namespace, a few host namespaces, all on one bridge that the root namespace (this JVM)
 * reaches too. One lab per JVM: {@link #shared()} brings it up on first use (tearing down whatever
 * an earlier, crashed run left) and a shutdown hook takes it down; {@link #down()} does so earlier.
 *
 * <pre>{@code
 * StorageLab lab = StorageLab.shared();
 * new StorageConnection.Nfs(lab.storageAddress(), lab.nfsExport());
 * lab.host(1).run(Duration.ofSeconds(30), "qemu-img", "info", lab.nfsUrl() + "/disk.qcow2");
 * }</pre>
 *
 * <p>There is one lab per machine (fixed namespace names, one export directory), so a JVM that
 * uses it holds {@link #USER_LOCK} from its first {@link #shared()} until it exits: a second test
 * JVM (another worktree's build, say) waits for it instead of tearing the lab down under it.
 *
 * <p>Needs root and the lab's Debian packages; anything missing fails loudly (tests that need the
 * lab must not skip). The script is found above the working directory or at
 * {@code -Dflotilla.storageLab.script=PATH}.
 */
public record StorageLab(
        Path dir, String subnet, String rootAddress, String storageAddress, String unusedAddress,
        String nfsExport, Path nfsExportDir, String nfsUrl,
        String nfsIsoExport, Path nfsIsoExportDir, String nfsIsoUrl,
        String iscsiPortal, String iscsiIqn, List<Integer> iscsiLuns,
        String iscsiChapIqn, List<Integer> iscsiChapLuns, String chapUser, String chapSecret, long lunBytes,
        List<Host> hosts, SecondChapTarget chap2) {

    private static final String SCRIPT = "tools/storage-lab/lab.sh";
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);
    /** Held by the JVM that uses the lab; {@code lab.sh}'s own lock only covers one script run. */
    static final Path USER_LOCK = Path.of("/run/flotilla-lab.user.lock");
    private static StorageLab shared;
    private static FileLock held;

    public StorageLab {
        iscsiLuns = List.copyOf(iscsiLuns);
        iscsiChapLuns = List.copyOf(iscsiChapLuns);
        hosts = List.copyOf(hosts);
    }

    /** The lab's second CHAP target, behind a login of its own (user and secret differ from the first's). */
    public record SecondChapTarget(String iqn, List<Integer> luns, String user, String secret) {
        public SecondChapTarget {
            luns = List.copyOf(luns);
        }
    }

    /** One host namespace on the lab's bridge. */
    public record Host(String namespace, String address) {

        /** {@code command} as it runs inside this host's network namespace. */
        public List<String> command(String... command) {
            List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
            full.addAll(Arrays.asList(command));
            return full;
        }

        /** Runs {@code command} inside this host's network namespace. */
        public Run run(Duration timeout, String... command) {
            return StorageLab.run(command(command), timeout);
        }
    }

    /** How a command ended: its exit code and its output (standard error merged in). */
    public record Run(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** The lab with at least two hosts, brought up once for this JVM. */
    public static StorageLab shared() {
        return shared(2);
    }

    /** The lab with at least {@code hosts} hosts; brings it up again when the running one has fewer. */
    public static synchronized StorageLab shared(int hosts) {
        if (held == null) {
            held = lockForThisJvm();
        }
        if (shared == null) {
            Runtime.getRuntime().addShutdownHook(new Thread(StorageLab::downQuietly, "storage-lab-down"));
        }
        if (shared == null || shared.hosts().size() < hosts) {
            shared = parse(script("up", Integer.toString(Math.max(hosts, 2))));
        }
        return shared;
    }

    /** Waits until no other JVM uses the lab, then keeps it for this one (the lock goes with the process). */
    private static FileLock lockForThisJvm() {
        try {
            FileChannel channel = FileChannel.open(USER_LOCK,
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                System.err.println("storage lab: another test JVM uses the lab; waiting for it (" + USER_LOCK + ")");
                lock = channel.lock();
            }
            return lock;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + USER_LOCK, e);
        }
    }

    /** Takes the lab down now (the next {@link #shared()} brings a fresh one up). */
    public static synchronized void down() {
        script("down");
        shared = null;
    }

    /** The host with number {@code n}, counted from 1 as the script does. */
    public Host host(int n) {
        return hosts.get(n - 1);
    }

    /** Runs {@code command} in this JVM's namespace, e.g. a check of a file on the NFS server's side. */
    public static Run run(List<String> command, Duration timeout) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            // read on another thread: a full pipe must not hide the deadline
            StringBuilder out = new StringBuilder();
            Thread reader = new Thread(() -> {
                try {
                    out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // killed at the deadline
                }
            }, "storage-lab-output");
            reader.setDaemon(true);
            reader.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
            }
            reader.join(5_000);
            return new Run(p.exitValue(), out.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** Reads the script's {@code KEY=value} lines. */
    static StorageLab parse(String output) {
        Map<String, String> v = new LinkedHashMap<>();
        for (String line : output.split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).matches("[A-Z0-9_]+")) {
                v.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        int count = Integer.parseInt(get(v, "HOST_COUNT"));
        List<Host> hosts = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            hosts.add(new Host(get(v, "HOST_" + i + "_NAMESPACE"), get(v, "HOST_" + i + "_ADDRESS")));
        }
        return new StorageLab(Path.of(get(v, "LAB_DIR")), get(v, "LAB_SUBNET"), get(v, "ROOT_ADDRESS"),
                get(v, "STORAGE_ADDRESS"), get(v, "UNUSED_ADDRESS"),
                get(v, "NFS_EXPORT"), Path.of(get(v, "NFS_EXPORT_DIR")), get(v, "NFS_URL"),
                get(v, "NFS_ISO_EXPORT"), Path.of(get(v, "NFS_ISO_EXPORT_DIR")), get(v, "NFS_ISO_URL"),
                get(v, "ISCSI_PORTAL"), get(v, "ISCSI_IQN"), numbers(get(v, "ISCSI_LUNS")),
                get(v, "ISCSI_CHAP_IQN"), numbers(get(v, "ISCSI_CHAP_LUNS")), get(v, "ISCSI_CHAP_USER"),
                get(v, "ISCSI_CHAP_SECRET"), Long.parseLong(get(v, "ISCSI_LUN_BYTES")), hosts,
                new SecondChapTarget(get(v, "ISCSI_CHAP2_IQN"), numbers(get(v, "ISCSI_CHAP2_LUNS")), get(v, "ISCSI_CHAP2_USER"),
                        get(v, "ISCSI_CHAP2_SECRET")));
    }

    private static String get(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException(SCRIPT + " printed no " + key + "; it printed: " + values.keySet());
        }
        return value;
    }

    private static List<Integer> numbers(String csv) {
        return Arrays.stream(csv.split(",")).map(String::strip).map(Integer::valueOf).toList();
    }

    private static void downQuietly() {
        try {
            script("down");
        } catch (RuntimeException e) {
            System.err.println("storage lab: down failed at exit: " + e.getMessage());
        }
    }

    private static String script(String... args) {
        List<String> command = new ArrayList<>(List.of("bash", SourceTree.find(SCRIPT, "flotilla.storageLab.script").toString()));
        command.addAll(List.of(args));
        Run r = run(command, SCRIPT_TIMEOUT);
        if (!r.ok()) {
            throw new IllegalStateException(SCRIPT + " " + String.join(" ", args) + " failed (exit " + r.exitCode() + "):\n" + r.output());
        }
        return r.output();
    }
}
