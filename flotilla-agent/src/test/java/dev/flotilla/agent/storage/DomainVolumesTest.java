package dev.flotilla.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A posix domain (a directory) read back as an import sees it, with real qcow2 files made by
 * qemu-img: a one-volume disk, a chain (base + overlay), and broken entries named with their problem.
 */
class DomainVolumesTest {

    private static final long MIB = 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    final VolumeTool tool = new VolumeTool(ToolRunner.direct(), TIMEOUT);
    final VolumeStore store = new VolumeStore(tool, TIMEOUT, TIMEOUT);
    final VolumeChains chains = new VolumeChains(tool, TIMEOUT, TIMEOUT);
    final DomainVolumes listing = new DomainVolumes(tool);

    @Test
    void listsVolumesWithTheirMetadataAndNamesBrokenEntries() throws Exception {
        var domain = new StorageConnection.Posix(dir);
        UUID single = UUID.randomUUID();
        VolumeRef alone = new VolumeRef(single, UUID.randomUUID(), VolumeFormat.QCOW2, 0);
        store.create(domain, alone, 16 * MIB, "data disk");

        UUID chained = UUID.randomUUID();
        VolumeRef base = new VolumeRef(chained, UUID.randomUUID(), VolumeFormat.QCOW2, 0);
        store.create(domain, base, 8 * MIB, "chained");
        VolumeRef top = new VolumeRef(chained, UUID.randomUUID(), VolumeFormat.QCOW2, 0);
        chains.overlay(domain, top, base, "after a snapshot");

        // broken: a .meta whose image is not an image qemu-img can open
        UUID broken = UUID.randomUUID();
        VolumeRef bad = new VolumeRef(broken, UUID.randomUUID(), VolumeFormat.QCOW2, 0);
        store.create(domain, bad, 8 * MIB, "soon broken");
        Files.writeString(dir.resolve(bad.imagePath()), "not a qcow2 image");
        // an image without metadata, and a directory that is no disk id
        UUID orphan = UUID.randomUUID();
        Files.createDirectories(dir.resolve("images/" + orphan));
        Files.writeString(dir.resolve("images/" + orphan + "/" + UUID.randomUUID() + ".qcow2"), "x");
        Files.createDirectories(dir.resolve("images/lost+found"));

        List<DomainVolumes.Found> found = listing.list(domain);

        assertThat(found).hasSize(6);
        DomainVolumes.Found one = only(found, alone.volumeId());
        assertThat(one.problem()).isEmpty();
        assertThat(one.diskId()).isEqualTo(single.toString());
        assertThat(one.format()).isEqualTo("qcow2");
        assertThat(one.sizeBytes()).isEqualTo(16 * MIB);
        assertThat(one.parent()).isEmpty();
        assertThat(one.description()).isEqualTo("data disk");
        assertThat(only(found, base.volumeId()).parent()).isEmpty();
        assertThat(only(found, top.volumeId()).parent()).isEqualTo(chained + "/" + base.volumeId());
        assertThat(only(found, top.volumeId()).problem()).isEmpty();
        assertThat(only(found, bad.volumeId()).problem()).startsWith("qemu-img info fails on");
        assertThat(found).filteredOn(f -> f.diskId().equals(orphan.toString())).singleElement()
                .satisfies(f -> assertThat(f.problem()).endsWith("has no .meta file"));
        assertThat(found).filteredOn(f -> f.diskId().equals("lost+found")).singleElement()
                .satisfies(f -> assertThat(f.problem()).contains("not named by a disk id"));
    }

    @Test
    void anOverlayInACopiedDomainStillBacksOntoTheOriginalAndIsNamedNotListedAsUsable() throws Exception {
        Path original = Files.createDirectories(dir.resolve("original"));
        var domain = new StorageConnection.Posix(original);
        UUID disk = UUID.randomUUID();
        VolumeRef base = new VolumeRef(disk, UUID.randomUUID(), VolumeFormat.QCOW2, 0);
        store.create(domain, base, 8 * MIB, "chained");
        VolumeRef top = new VolumeRef(disk, UUID.randomUUID(), VolumeFormat.QCOW2, 0);
        chains.overlay(domain, top, base, "after a snapshot");
        Path copy = dir.resolve("copy");
        assertThat(new ProcessBuilder("cp", "-a", original.toString(), copy.toString()).inheritIO().start().waitFor()).isZero();

        List<DomainVolumes.Found> found = listing.list(new StorageConnection.Posix(copy));

        assertThat(only(found, base.volumeId()).problem()).isEmpty();
        assertThat(only(found, top.volumeId()).problem()).contains("backs onto " + original.resolve(base.imagePath()),
                "not onto " + copy.resolve(base.imagePath()));
        assertThat(listing.list(domain)).allSatisfy(f -> assertThat(f.problem()).isEmpty());
    }

    @Test
    void aDomainWithoutImagesHoldsNothingAndIscsiIsRefused() throws Exception {
        assertThat(listing.list(new StorageConnection.Local(dir))).isEmpty();
        assertThatThrownBy(() -> listing.list(new StorageConnection.Iscsi("192.0.2.1", "iqn.2026-01.dev.flotilla:t", java.util.Optional.empty())))
                .isInstanceOf(StorageException.class).hasMessageContaining("iSCSI domains cannot be imported");
    }

    @Test
    void metadataLinesAreReadAsKeysAndValues() {
        assertThat(DomainVolumes.parse("# Flotilla volume metadata\nDISK=a\nPARENT=\nDESCRIPTION=x = y\n"))
                .containsEntry("DISK", "a").containsEntry("PARENT", "").containsEntry("DESCRIPTION", "x = y");
    }

    private static DomainVolumes.Found only(List<DomainVolumes.Found> found, UUID volume) {
        return found.stream().filter(f -> f.volumeId().equals(volume.toString())).findFirst().orElseThrow();
    }
}
