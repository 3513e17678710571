package dev.flotilla.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * What the import tests list on every kind of file domain: a one-volume disk in {@code format}, a
 * chain (base + overlay), and broken entries (a .meta whose image qemu-img cannot open, an image
 * without .meta, a directory that is no disk id). Volumes are made by the product's own code; the
 * breakage is made in {@code files}, the domain's directory as the test reaches it (on NFS, the
 * server's side of the export).
 */
record SampleDomain(VolumeRef alone, VolumeRef base, VolumeRef top, VolumeRef bad, UUID orphan) {

    private static final long MIB = 1024 * 1024;

    static SampleDomain make(StorageConnection domain, Path files, VolumeFormat format, VolumeStore store, VolumeChains chains)
            throws Exception {
        VolumeRef alone = new VolumeRef(UUID.randomUUID(), UUID.randomUUID(), format, 0);
        store.create(domain, alone, 16 * MIB, "data disk");
        UUID chained = UUID.randomUUID();
        VolumeRef base = new VolumeRef(chained, UUID.randomUUID(), VolumeFormat.QCOW2, 0);
        store.create(domain, base, 8 * MIB, "chained");
        VolumeRef top = new VolumeRef(chained, UUID.randomUUID(), VolumeFormat.QCOW2, 0);
        chains.overlay(domain, top, base, "after a snapshot");
        VolumeRef bad = new VolumeRef(UUID.randomUUID(), UUID.randomUUID(), VolumeFormat.QCOW2, 0);
        store.create(domain, bad, 8 * MIB, "soon broken");
        Files.writeString(files.resolve(bad.imagePath()), "not a qcow2 image");
        UUID orphan = UUID.randomUUID();
        Files.createDirectories(files.resolve("images/" + orphan));
        Files.writeString(files.resolve("images/" + orphan + "/" + UUID.randomUUID() + ".qcow2"), "x");
        Files.createDirectories(files.resolve("images/lost+found"));
        return new SampleDomain(alone, base, top, bad, orphan);
    }

    /** The listing names each volume with its metadata and each broken entry with its problem. */
    void assertListed(List<DomainVolumes.Found> found) {
        assertThat(found).hasSize(6);
        DomainVolumes.Found one = only(found, alone.volumeId());
        assertThat(one.problem()).isEmpty();
        assertThat(one.diskId()).isEqualTo(alone.diskId().toString());
        assertThat(one.format()).isEqualTo(alone.format().qemuName());
        assertThat(one.sizeBytes()).isEqualTo(16 * MIB);
        assertThat(one.parent()).isEmpty();
        assertThat(one.description()).isEqualTo("data disk");
        assertThat(only(found, base.volumeId()).parent()).isEmpty();
        assertThat(only(found, base.volumeId()).problem()).isEmpty();
        assertThat(only(found, top.volumeId()).parent()).isEqualTo(base.diskId() + "/" + base.volumeId());
        assertThat(only(found, top.volumeId()).problem()).isEmpty();
        assertThat(only(found, top.volumeId()).description()).isEqualTo("after a snapshot");
        assertThat(only(found, bad.volumeId()).problem()).startsWith("qemu-img info fails on");
        assertThat(found).filteredOn(f -> f.diskId().equals(orphan.toString())).singleElement()
                .satisfies(f -> assertThat(f.problem()).endsWith("has no .meta file"));
        assertThat(found).filteredOn(f -> f.diskId().equals("lost+found")).singleElement()
                .satisfies(f -> assertThat(f.problem()).contains("not named by a disk id"));
    }

    static DomainVolumes.Found only(List<DomainVolumes.Found> found, UUID volume) {
        return found.stream().filter(f -> f.volumeId().equals(volume.toString())).findFirst().orElseThrow();
    }
}
