package dev.flotilla.agent.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One qemu-img copy between two iSCSI LUNs behind different CHAP logins. libiscsi's environment
 * variables give a process one login, so here neither side logs in through them: each side is
 * opened with its own options ({@code --image-opts} / {@code --target-image-opts},
 * {@code file.driver=iscsi,…,file.user=U,file.password-secret=ID}) and each secret reaches qemu-img
 * as {@code --object secret,id=ID,file=F}, F a file only the agent's user reads (0600, in a
 * directory of its own, 0700), removed when qemu-img has ended, whatever happened. So no secret is
 * on a command line, and neither login is in the environment of the other's connection.
 *
 * <p>{@code --target-image-opts} writes into an existing image ({@code -n}): a qcow2 target is made
 * on its LUN first, of the source's virtual size, by a qemu-img that holds the target's login alone.
 */
final class CrossLoginCopy {

    private final ToolRunner runner;

    CrossLoginCopy(ToolRunner runner) {
        this.runner = runner;
    }

    /** Whether {@code from} and {@code to} need two logins, which the environment cannot give one process. */
    static boolean needed(VolumeLocation from, VolumeLocation to) {
        return from.chap().isPresent() && to.chap().isPresent() && !from.chap().equals(to.chap());
    }

    /**
     * Copies {@code from} onto the LUN {@code to} in {@code toFormat}; {@code virtualBytes} is the
     * source's virtual size (a qcow2 target is made of that size). Failures name {@code action}.
     */
    void convert(String action, VolumeLocation from, VolumeFormat fromFormat, VolumeLocation to, VolumeFormat toFormat, long virtualBytes,
                 Duration timeout, Consumer<String> pieces) throws StorageException {
        if (toFormat == VolumeFormat.QCOW2) {
            run(action, List.of("qemu-img", "create", "-q", "-f", "qcow2", to.uri(), Long.toString(virtualBytes)), to.environment(), List.of(to),
                    timeout, piece -> { });
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("flotilla-logins", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            List<String> command = new ArrayList<>(List.of("qemu-img", "convert", "-p", "-n"));
            command.addAll(secretObject(dir, "login0", from));
            command.addAll(secretObject(dir, "login1", to));
            command.addAll(List.of("--image-opts", imageOpts(from, fromFormat, "login0"), "--target-image-opts", imageOpts(to, toFormat, "login1")));
            run(action, command, Map.of(), List.of(from, to), timeout, pieces);
        } catch (IOException e) {
            throw new StorageException(StorageException.Problem.TOOL_FAILED, action + ": cannot write the CHAP secrets for qemu-img: " + e.getMessage(), e);
        } finally {
            removeQuietly(dir);
        }
    }

    /** {@code --object secret,…} for the login of {@code where}, its secret in a 0600 file of {@code dir}. */
    private static List<String> secretObject(Path dir, String id, VolumeLocation where) throws IOException {
        Path file = dir.resolve(id);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, where.chap().orElseThrow().secret(), StandardCharsets.UTF_8);
        return List.of("--object", "secret,id=" + id + ",format=raw,file=" + escape(file.toString()));
    }

    /** The options of a LUN's image: {@code iscsi://portal/target/lun} taken apart, logged in with secret {@code secretId}. */
    static String imageOpts(VolumeLocation lun, VolumeFormat format, String secretId) {
        String rest = lun.kind() == VolumeLocation.Kind.ISCSI && lun.uri().startsWith("iscsi://") ? lun.uri().substring("iscsi://".length()) : "";
        int first = rest.indexOf('/');
        int last = rest.lastIndexOf('/');
        if (first < 0 || last <= first || lun.chap().isEmpty()) {
            throw new IllegalArgumentException(lun.uri() + " is not an iSCSI LUN behind CHAP");
        }
        return String.join(",", "driver=" + format.qemuName(), "file.driver=iscsi", "file.transport=tcp",
                "file.portal=" + escape(rest.substring(0, first)), "file.target=" + escape(rest.substring(first + 1, last)),
                "file.lun=" + Integer.parseInt(rest.substring(last + 1)), "file.user=" + escape(lun.chap().orElseThrow().user()),
                "file.password-secret=" + secretId);
    }

    /** QEMU's option syntax: a comma inside a value is written twice. */
    private static String escape(String value) {
        return value.replace(",", ",,");
    }

    /** Runs a qemu-img; its failure names {@code action}, with the secret of each of {@code logins} masked. */
    private void run(String action, List<String> command, Map<String, String> env, List<VolumeLocation> logins, Duration timeout,
                     Consumer<String> pieces) throws StorageException {
        ToolErrors.runOrThrow(runner, action, command, env, timeout, pieces, text -> {
            for (VolumeLocation login : logins) {
                text = login.redact(text);
            }
            return text;
        });
    }

    private static void removeQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a directory only the agent's user reads; the next boot's /tmp cleaning takes it
        }
    }
}
