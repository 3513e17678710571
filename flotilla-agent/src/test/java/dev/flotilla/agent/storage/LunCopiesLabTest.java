package dev.flotilla.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.agent.storage.StorageException.Problem;
import dev.flotilla.agent.testlab.StorageLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offline copies onto and off iSCSI LUNs ({@link VolumeChains#copy} with a LUN on either side) on the
 * storage lab's real tgtd, from a host namespace: a disk of two volumes on a posix domain is copied,
 * flattened, as a qcow2 onto the LUN behind CHAP (the secret reaches qemu-img through libiscsi's
 * environment, never its command line), reads the same there and once copied back into a file
 * domain; from that LUN onto one behind another CHAP login, each side logging in with its own user
 * and secret object (files of mode 600, removed afterwards), neither secret on a command line; an
 * image the LUN cannot hold is refused with both sizes, and the LUN's start is left clear.
 */
class LunCopiesLabTest {

    private static final long MIB = 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static StorageLab lab;
    private static StorageConnection.Iscsi chap;

    @TempDir
    Path dir;

    @BeforeAll
    static void lab() {
        lab = StorageLab.shared();
        chap = new StorageConnection.Iscsi(lab.iscsiPortal(), lab.iscsiChapIqn(),
                Optional.of(new ChapCredentials(lab.chapUser(), lab.chapSecret())));
    }

    @Test
    void aDiskWithASnapshotIsCopiedFlattenedOntoAChapLunAndBackIntoAFileDomain() throws Exception {
        VolumeTool tool = new VolumeTool(ToolRunner.prefixed(lab.host(1).command()), TIMEOUT);
        VolumeChains chains = new VolumeChains(tool, TIMEOUT, TIMEOUT);
        StorageConnection.Posix files = new StorageConnection.Posix(dir);
        UUID disk = UUID.randomUUID();
        VolumeRef base = new VolumeRef(disk, UUID.randomUUID(), VolumeFormat.QCOW2, 0);
        new VolumeStore(tool, TIMEOUT, TIMEOUT).create(files, base, 64 * MIB, "base");
        qemuIo(base.location(files), "write -P 0x5a 0 1M");
        VolumeRef top = new VolumeRef(disk, UUID.randomUUID(), VolumeFormat.QCOW2, 0);
        chains.overlay(files, top, base, "after a snapshot");
        qemuIo(top.location(files), "write -P 0xa5 63M 1M");

        int number = lab.iscsiChapLuns().get(0);
        VolumeRef lun = new VolumeRef(UUID.randomUUID(), UUID.randomUUID(), VolumeFormat.QCOW2, number);
        List<Double> progress = new CopyOnWriteArrayList<>();
        VolumeInfo onLun = chains.copy(files, top, chap, lun, "copy onto a LUN", TIMEOUT, progress::add);

        assertThat(onLun.virtualSize()).isEqualTo(64 * MIB);
        assertThat(onLun.backingFile()).as("flattened").isEmpty();
        assertThat(onLun.location()).doesNotContain(lab.chapSecret());
        assertThat(progress).isNotEmpty().isSorted();
        assertThat(progress.get(progress.size() - 1)).isEqualTo(100.0);
        compare(top.location(files), lun.location(chap));

        VolumeRef back = new VolumeRef(UUID.randomUUID(), UUID.randomUUID(), VolumeFormat.QCOW2, 0);
        chains.copy(chap, lun, files, back, "copy off a LUN", TIMEOUT, p -> { });
        compare(top.location(files), back.location(files));
        assertThat(java.nio.file.Files.readString(dir.resolve(back.metadataPath()))).contains("DISK=" + back.diskId(), "SIZE=" + 64 * MIB);
        new VolumeStore(tool, TIMEOUT, TIMEOUT).delete(chap, lun);
    }

    @Test
    void aDiskIsCopiedBetweenLunsBehindTwoChapLoginsWithNoSecretOnACommandLineOrInTheOtherLoginsEnvironment() throws Exception {
        StorageLab.SecondChapTarget second = lab.chap2();
        StorageConnection.Iscsi chap2 = new StorageConnection.Iscsi(lab.iscsiPortal(), second.iqn(),
                Optional.of(new ChapCredentials(second.user(), second.secret())));
        Path tools = Files.createTempDirectory("recorder");
        Path log = tools.resolve("commands.log");
        List<String> prefix = new ArrayList<>(lab.host(1).command());
        prefix.add(recorder(tools, log).toString());
        VolumeTool tool = new VolumeTool(ToolRunner.prefixed(prefix), TIMEOUT);
        VolumeChains chains = new VolumeChains(tool, TIMEOUT, TIMEOUT);
        StorageConnection.Posix files = new StorageConnection.Posix(dir);
        VolumeRef disk = new VolumeRef(UUID.randomUUID(), UUID.randomUUID(), VolumeFormat.QCOW2, 0);
        new VolumeStore(tool, TIMEOUT, TIMEOUT).create(files, disk, 64 * MIB, "two logins");
        qemuIo(disk.location(files), "write -P 0x5a 0 1M");
        qemuIo(disk.location(files), "write -P 0xa5 63M 1M");
        VolumeRef first = new VolumeRef(UUID.randomUUID(), UUID.randomUUID(), VolumeFormat.QCOW2, lab.iscsiChapLuns().get(0));
        VolumeRef other = new VolumeRef(UUID.randomUUID(), UUID.randomUUID(), VolumeFormat.QCOW2, second.luns().get(0));
        try {
            chains.copy(files, disk, chap, first, "onto the first login's LUN", TIMEOUT, p -> { });
            Files.deleteIfExists(log);

            List<Double> progress = new CopyOnWriteArrayList<>();
            VolumeInfo copied = chains.copy(chap, first, chap2, other, "LUN to LUN", TIMEOUT, progress::add);

            assertThat(copied.virtualSize()).isEqualTo(64 * MIB);
            assertThat(progress).isNotEmpty().last().isEqualTo(100.0);
            List<String> runs = List.of(Files.readString(log).split("(?m)^--$"));
            assertThat(runs).allSatisfy(r -> assertThat(r.lines().filter(l -> l.startsWith("ARG ")).toList())
                    .noneMatch(a -> a.contains(lab.chapSecret()) || a.contains(second.secret())));
            String convert = runs.stream().filter(r -> r.contains("ARG convert")).findFirst().orElseThrow();
            assertThat(convert).as("each side logs in with its own user and secret object")
                    .contains("ARG --image-opts", "ARG --target-image-opts", "file.user=" + lab.chapUser(), "file.user=" + second.user())
                    .doesNotContain("LIBISCSI");
            List<String> secretFiles = convert.lines().filter(l -> l.startsWith("MODE ")).toList();
            assertThat(secretFiles).hasSize(2).allMatch(l -> l.startsWith("MODE 600 "));
            assertThat(secretFiles).allSatisfy(l -> assertThat(Path.of(l.substring("MODE 600 ".length()))).as("removed afterwards").doesNotExist());

            VolumeRef back = new VolumeRef(UUID.randomUUID(), UUID.randomUUID(), VolumeFormat.QCOW2, 0);
            chains.copy(chap2, other, files, back, "off the second login's LUN", TIMEOUT, p -> { });
            compare(disk.location(files), back.location(files));
        } finally {
            new VolumeStore(tool, TIMEOUT, TIMEOUT).delete(chap, first);
            new VolumeStore(tool, TIMEOUT, TIMEOUT).delete(chap2, other);
        }
    }

    /**
     * A prefix that writes down what each tool is run with — its arguments one a line, the libiscsi
     * variables of its environment, the mode of each file named by a {@code file=} option — then runs it.
     */
    private static Path recorder(Path dir, Path log) throws Exception {
        Path script = dir.resolve("record.sh");
        Files.writeString(script, """
                #!/bin/sh
                {
                  for a in "$@"; do
                    printf 'ARG %%s\n' "$a"
                    case "$a" in *file=*) stat -c 'MODE %%a %%n' "${a##*file=}" ;; esac
                  done
                  env | grep '^LIBISCSI' || true
                  echo --
                } >>'%s'
                exec "$@"
                """.formatted(log));
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    @Test
    void anImageTheLunCannotHoldIsRefusedWithBothSizesAndLeavesTheLunClear() throws Exception {
        VolumeTool tool = new VolumeTool(ToolRunner.direct(), TIMEOUT);
        VolumeChains chains = new VolumeChains(tool, TIMEOUT, TIMEOUT);
        StorageConnection.Posix files = new StorageConnection.Posix(dir);
        VolumeRef big = new VolumeRef(UUID.randomUUID(), UUID.randomUUID(), VolumeFormat.QCOW2, 0);
        new VolumeStore(tool, TIMEOUT, TIMEOUT).create(files, big, 2 * lab.lunBytes(), "too big");
        int number = lab.iscsiChapLuns().get(0);
        VolumeRef lun = new VolumeRef(UUID.randomUUID(), UUID.randomUUID(), VolumeFormat.QCOW2, number);

        assertThatThrownBy(() -> chains.copy(files, big, chap, lun, "too big", TIMEOUT, p -> { }))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.problem()).isEqualTo(Problem.INVALID_REQUEST))
                .hasMessageContaining("LUN %d holds 1 GiB (%d bytes); the qcow2 image needs 2 GiB (%d bytes)".formatted(number,
                        lab.lunBytes(), 2 * lab.lunBytes()))
                .message().doesNotContain(lab.chapSecret());
        StorageLab.Run start = StorageLab.run(List.of("env", "LIBISCSI_CHAP_USERNAME=" + lab.chapUser(), "LIBISCSI_CHAP_PASSWORD=" + lab.chapSecret(),
                "qemu-io", "-f", "raw", "-c", "read -P 0 0 64k", lun.location(chap).uri()), TIMEOUT);
        assertThat(start.ok() && !start.output().contains("Pattern verification failed")).as("the LUN's start is clear: " + start.output()).isTrue();
    }

    private static void qemuIo(VolumeLocation where, String command) {
        StorageLab.Run r = StorageLab.run(List.of("qemu-io", "-f", "qcow2", "-c", command, where.uri()), TIMEOUT);
        assertThat(r.ok() && !r.output().contains("failed")).as(r.output()).isTrue();
    }

    /** qemu-img compare of the guest's view of both (a LUN read with the CHAP login from the environment). */
    private static void compare(VolumeLocation a, VolumeLocation b) {
        Map<String, String> env = b.environment().isEmpty() ? a.environment() : b.environment();
        List<String> command = new java.util.ArrayList<>(List.of("env"));
        env.forEach((k, v) -> command.add(k + "=" + v));
        command.addAll(List.of("qemu-img", "compare", "-f", "qcow2", "-F", "qcow2", a.uri(), b.uri()));
        StorageLab.Run r = StorageLab.run(command, TIMEOUT);
        assertThat(r.ok()).as(r.output()).isTrue();
    }
}
