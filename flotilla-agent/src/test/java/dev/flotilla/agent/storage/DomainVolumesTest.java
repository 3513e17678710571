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
 * qemu-img ({@link SampleDomain}: a one-volume disk, a chain, broken entries named with their problem).
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
        SampleDomain sample = SampleDomain.make(domain, dir, VolumeFormat.QCOW2, store, chains);

        sample.assertListed(listing.list(domain));
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

        assertThat(SampleDomain.only(found, base.volumeId()).problem()).isEmpty();
        assertThat(SampleDomain.only(found, top.volumeId()).problem()).contains("backs onto " + original.resolve(base.imagePath()),
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
}
