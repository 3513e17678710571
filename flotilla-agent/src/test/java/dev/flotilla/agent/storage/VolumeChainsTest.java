package dev.flotilla.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Volume chains with the real qemu-img and qemu-io on a posix domain (a directory): overlays,
 * an offline merge of a middle and of the active layer, and merges cut short — by a failing
 * rebase and by a qemu-img commit killed mid-way — after which the chain still reads the same and
 * the same merge, run again, finishes.
 */
class VolumeChainsTest {

    private static final long MIB = 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    StorageConnection.Posix domain;
    final VolumeTool tool = new VolumeTool(ToolRunner.direct(), TIMEOUT);
    final VolumeStore store = new VolumeStore(tool, TIMEOUT, TIMEOUT);
    final VolumeChains chains = new VolumeChains(tool, TIMEOUT, TIMEOUT);
    final UUID disk = UUID.randomUUID();
    VolumeRef base;
    VolumeRef s1;
    VolumeRef active;

    @BeforeEach
    void chainOfThree() throws Exception {
        domain = new StorageConnection.Posix(dir);
        base = volume();
        store.create(domain, base, 16 * MIB, "base");
        write(base, "MARK-ONE", 0);
        s1 = volume();
        chains.overlay(domain, s1, base, "after snapshot 1");
        write(s1, "MARK-TWO", MIB);
        active = volume();
        chains.overlay(domain, active, s1, "after snapshot 2");
        write(active, "MARK-THREE", 2 * MIB);
        write(active, "MARK-ONE-NEW", 0);   // overwrites what base holds at 0
    }

    @Test
    void overlaysRecordTheirParentAndReadThroughTheChain() throws Exception {
        assertThat(Files.readString(dir.resolve(active.metadataPath()))).contains("PARENT=" + disk + "/" + s1.volumeId());
        assertThat(read(active, 0, 12)).isEqualTo("MARK-ONE-NEW");
        assertThat(read(active, MIB, 8)).isEqualTo("MARK-TWO");
        assertThat(read(s1, 0, 8)).as("the snapshot keeps its own state").isEqualTo("MARK-ONE");
        assertThat(read(s1, 2 * MIB, 10)).doesNotContain("MARK");
    }

    @Test
    void mergingAMiddleVolumePointsTheChildAtItsParent() throws Exception {
        List<Double> progress = new ArrayList<>();
        chains.merge(domain, s1, base, Optional.of(active), TIMEOUT, progress::add);

        assertThat(Files.exists(dir.resolve(s1.imagePath()))).isFalse();
        assertThat(Files.exists(dir.resolve(s1.metadataPath()))).isFalse();
        assertThat(tool.info(active.location(domain), VolumeFormat.QCOW2).backingFile()).contains(base.location(domain).uri());
        assertThat(Files.readString(dir.resolve(active.metadataPath()))).contains("PARENT=" + disk + "/" + base.volumeId());
        assertThat(read(active, 0, 12)).isEqualTo("MARK-ONE-NEW");
        assertThat(read(active, MIB, 8)).isEqualTo("MARK-TWO");
        assertThat(read(active, 2 * MIB, 10)).isEqualTo("MARK-THREE");
        assertThat(progress).last().isEqualTo(100.0);
    }

    @Test
    void mergingTheActiveLayerLeavesItsParentHoldingEverything() throws Exception {
        chains.merge(domain, active, s1, Optional.empty(), TIMEOUT, p -> { });

        assertThat(Files.exists(dir.resolve(active.imagePath()))).isFalse();
        assertThat(read(s1, 0, 12)).isEqualTo("MARK-ONE-NEW");
        assertThat(read(s1, 2 * MIB, 10)).isEqualTo("MARK-THREE");
    }

    @Test
    void aMergeWhoseRebaseFailsLeavesTheChainReadableAndARetryFinishesIt() throws Exception {
        VolumeTool failingRebase = new VolumeTool(ToolRunner.prefixed(List.of("sh", "-c",
                "case \"$*\" in *rebase*) echo 'injected: the storage went away' >&2; exit 1;; esac; exec \"$@\"", "wrap")), TIMEOUT);
        VolumeChains broken = new VolumeChains(failingRebase, TIMEOUT, TIMEOUT);

        assertThatThrownBy(() -> broken.merge(domain, s1, base, Optional.of(active), TIMEOUT, p -> { }))
                .isInstanceOf(StorageException.class).hasMessageContaining("injected");

        // the commit into base went through, the child still reads through s1: the same data
        assertThat(Files.readString(dir.resolve(s1.metadataPath()))).contains("STATE=MERGING:" + disk + "/" + base.volumeId());
        assertThat(read(active, 0, 12)).isEqualTo("MARK-ONE-NEW");
        assertThat(read(active, MIB, 8)).isEqualTo("MARK-TWO");
        assertThat(read(active, 2 * MIB, 10)).isEqualTo("MARK-THREE");

        chains.merge(domain, s1, base, Optional.of(active), TIMEOUT, p -> { });
        assertThat(Files.exists(dir.resolve(s1.imagePath()))).isFalse();
        assertThat(read(active, MIB, 8)).isEqualTo("MARK-TWO");
        // and once more: nothing left to do, still fine
        chains.merge(domain, s1, base, Optional.of(active), TIMEOUT, p -> { });
        assertThat(read(active, 2 * MIB, 10)).isEqualTo("MARK-THREE");
    }

    @Test
    void aCommitKilledMidwayLeavesTheChainReadableAndARetryFinishesIt() throws Exception {
        write(s1, "X".repeat(4096), 4 * MIB);    // something for the commit to chew on
        VolumeTool killedCommit = new VolumeTool(ToolRunner.prefixed(List.of("sh", "-c",
                "case \"$*\" in *commit*) \"$@\" & pid=$!; kill -9 $pid; wait $pid; exit 137;; esac; exec \"$@\"", "wrap")), TIMEOUT);

        assertThatThrownBy(() -> new VolumeChains(killedCommit, TIMEOUT, TIMEOUT)
                .merge(domain, s1, base, Optional.of(active), TIMEOUT, p -> { })).isInstanceOf(StorageException.class);

        assertThat(read(active, MIB, 8)).isEqualTo("MARK-TWO");
        assertThat(read(active, 0, 12)).isEqualTo("MARK-ONE-NEW");
        chains.merge(domain, s1, base, Optional.of(active), TIMEOUT, p -> { });
        assertThat(read(active, MIB, 8)).isEqualTo("MARK-TWO");
        assertThat(read(active, 4 * MIB, 4)).isEqualTo("XXXX");
        assertThat(tool.info(active.location(domain), VolumeFormat.QCOW2).backingFile()).contains(base.location(domain).uri());
    }

    @Test
    void aCopyFlattensTheChainIntoOneVolumeWithoutBacking() throws Exception {
        VolumeRef copy = new VolumeRef(UUID.randomUUID(), UUID.randomUUID(), VolumeFormat.QCOW2, 0);
        List<Double> progress = new ArrayList<>();

        chains.copy(domain, active, copy, "template disk", TIMEOUT, progress::add);

        assertThat(tool.info(copy.location(domain), VolumeFormat.QCOW2).backingFile()).isEmpty();
        assertThat(read(copy, 0, 12)).isEqualTo("MARK-ONE-NEW");
        assertThat(read(copy, MIB, 8)).isEqualTo("MARK-TWO");
        assertThat(read(copy, 2 * MIB, 10)).isEqualTo("MARK-THREE");
        assertThat(Files.readString(dir.resolve(copy.metadataPath()))).contains("PARENT=\n", "DESCRIPTION=template disk");
        assertThatThrownBy(() -> chains.copy(domain, active, copy, "again", TIMEOUT, p -> { }))
                .as("never over an existing volume").isInstanceOf(StorageException.class);
        assertThat(read(copy, MIB, 8)).as("the existing copy is left alone").isEqualTo("MARK-TWO");
    }

    @Test
    void aVolumeIsMergedOnlyIntoItsOwnBacking() {
        assertThatThrownBy(() -> chains.merge(domain, active, base, Optional.empty(), TIMEOUT, p -> { }))
                .isInstanceOf(StorageException.class).hasMessageContaining("not its backing volume");
    }

    private VolumeRef volume() {
        return new VolumeRef(disk, UUID.randomUUID(), VolumeFormat.QCOW2, 0);
    }

    private void write(VolumeRef v, String text, long offset) throws Exception {
        Path data = Files.writeString(dir.resolve("data-" + UUID.randomUUID()), text);
        run("qemu-io", "-f", "qcow2", "-c", "write -s " + data + " " + offset + " " + text.length(), v.location(domain).uri());
    }

    /** The guest's view of the volume (the whole chain), as a raw copy read at the offset. */
    private String read(VolumeRef v, long offset, int length) throws Exception {
        Path out = dir.resolve("read-" + UUID.randomUUID() + ".raw");
        run("qemu-img", "convert", "-U", "-f", "qcow2", "-O", "raw", v.location(domain).uri(), out.toString());
        byte[] bytes = new byte[length];
        try (var file = new java.io.RandomAccessFile(out.toFile(), "r")) {
            file.seek(offset);
            file.readFully(bytes);
        }
        Files.delete(out);
        return new String(bytes).replace("\0", "");
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0 || output.contains("failed")) {
            throw new AssertionError(String.join(" ", command) + ": " + output);
        }
    }
}
