package dev.flotilla.agent.driver.qemu;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.agent.driver.VmDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The files of one VM under {@code <stateDir>/vms/<vm-id>/}. */
record VmFiles(Path dir) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ExecutorService WRITERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "vm-definition-writer");
        t.setDaemon(true);
        return t;
    });

    /** Builds the JSON mapper's view of a VM definition once, so the first VM does not wait for it. */
    static void warmUp() {
        try {
            JSON.writeValueAsBytes(JSON.readValue("{\"name\":\"warm-up\",\"cpus\":1,\"memoryMiB\":1}", VmDefinition.class));
        } catch (IOException | RuntimeException e) {
            // only a warm-up: the first real definition pays instead
        }
    }

    static VmFiles of(Path stateDir, UUID vmId) {
        return new VmFiles(stateDir.resolve("vms").resolve(vmId.toString()));
    }

    Path qmpSocket() { return dir.resolve("qmp.sock"); }
    /** QEMU's VNC server; the agent tunnels console sessions to it. */
    Path vncSocket() { return dir.resolve("vnc.sock"); }
    Path pidFile() { return dir.resolve("qemu.pid"); }
    Path serialLog() { return dir.resolve("serial.log"); }
    /** QEMU's stdout and stderr, appended across starts. */
    Path qemuLog() { return dir.resolve("qemu.log"); }
    /** A fresh name for one screendump: QEMU writes it, the driver reads and deletes it. */
    Path newScreendump() { return dir.resolve("screendump-" + UUID.randomUUID() + ".png"); }
    /** The CHAP secret of disk {@code index}, for QEMU to read at start; removed once QEMU runs. */
    Path chapSecret(int index) { return dir.resolve("chap" + index + ".secret"); }
    /** The VM as it was started, so a restarted agent knows its name and spec. */
    Path definitionJson() { return dir.resolve("definition.json"); }

    void writeDefinition(VmDefinition definition) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve("definition.json.tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), definition.withoutSecrets());
        Files.move(tmp, definitionJson(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * {@link #writeDefinition} on a thread of its own, so it overlaps QEMU's start (QEMU does not
     * read it; an agent restarted later does). {@link #await} it before the VM counts as started.
     */
    CompletableFuture<Void> writeDefinitionMeanwhile(VmDefinition definition) {
        return CompletableFuture.runAsync(() -> {
            try {
                writeDefinition(definition);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, WRITERS);
    }

    static void await(CompletableFuture<Void> written) throws IOException {
        try {
            written.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof UncheckedIOException u ? u.getCause() : new IOException(e.getCause());
        }
    }

    VmDefinition readDefinition() throws IOException {
        return JSON.readValue(definitionJson().toFile(), VmDefinition.class);
    }

    /** The pid QEMU wrote, if the pidfile exists and holds a number. */
    OptionalLong readPid() {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(pidFile()).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Writes each disk's CHAP secret into a file only the agent's user can read. */
    void writeSecrets(VmDefinition definition) throws IOException {
        Files.createDirectories(dir);
        for (int i = 0; i < definition.disks().size(); i++) {
            VmDefinition.Disk disk = definition.disks().get(i);
            if (disk.hasChap()) {
                Path file = chapSecret(i);
                Files.deleteIfExists(file);
                Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, disk.chapSecret(), StandardCharsets.UTF_8);
            }
        }
    }

    /** Removes the secret files: QEMU read them when it started. */
    void removeSecrets(VmDefinition definition) {
        for (int i = 0; i < definition.disks().size(); i++) {
            try {
                Files.deleteIfExists(chapSecret(i));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Removes what only a running QEMU needs; the logs stay for whoever investigates. */
    void removeRuntimeFiles() {
        for (Path p : List.of(qmpSocket(), vncSocket(), pidFile())) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    long qemuLogSize() {
        try {
            return Files.exists(qemuLog()) ? Files.size(qemuLog()) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** What QEMU wrote after {@code offset} (the log size before a start), trimmed; empty when nothing. */
    String qemuLogSince(long offset) {
        try {
            byte[] all = Files.readAllBytes(qemuLog());
            int from = (int) Math.min(Math.max(offset, 0), all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** The last {@code lines} non-blank lines of qemu.log joined by " | ", for a one-line reason. */
    String qemuLogTail(int lines) {
        List<String> all;
        try {
            all = Files.readAllLines(qemuLog(), StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            return "";
        }
        // only what QEMU wrote since its last start: the agent's own "=== started by flotilla" line carries the whole command line
        int start = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).startsWith("=== started by flotilla")) {
                start = i + 1;
            }
        }
        String tail = String.join(" | ", all.subList(Math.max(start, all.size() - lines), all.size()));
        return tail.length() > 1000 ? tail.substring(tail.length() - 1000) : tail;
    }
}
