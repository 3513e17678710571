package dev.flotilla.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.agent.testlab.StorageLab;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An NFS domain read back as an import sees it, on the lab's real nfs-ganesha: the product's own
 * code makes the volumes (qemu-img on nfs:// URLs, .meta files through the Java NFS client), the
 * listing reads the directories and .meta files over NFSv3 (READDIRPLUS, READ) with no kernel
 * mount. Each test uses its own directory of the export as a domain (NFSv3 mounts a sub-directory
 * of an export), so what other tests leave in the export does not show; broken entries are made
 * on the server's side of the export.
 */
class DomainVolumesNfsLabTest {

    private static final long MIB = 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static StorageLab lab;
    /** Directories this test made in the export, removed on the server's side after each test. */
    private final List<Path> made = new java.util.ArrayList<>();
    private final VolumeTool tool = new VolumeTool(ToolRunner.direct(), TIMEOUT);
    private final VolumeStore store = new VolumeStore(tool, TIMEOUT, TIMEOUT);
    private final VolumeChains chains = new VolumeChains(tool, TIMEOUT, TIMEOUT);
    private final DomainVolumes listing = new DomainVolumes(tool, TIMEOUT, TIMEOUT);

    @BeforeAll
    static void lab() {
        lab = StorageLab.shared();
    }

    @AfterEach
    void removeWhatWasMade() {
        made.forEach(dir -> StorageLab.run(List.of("rm", "-rf", dir.toString()), TIMEOUT));
    }

    @Test
    void listsAChainOverNfsAndNamesBrokenEntries() throws Exception {
        String name = "import-" + UUID.randomUUID();
        Path onServer = directory(name);
        var domain = new StorageConnection.Nfs(lab.storageAddress(), lab.nfsExport() + "/" + name);
        SampleDomain sample = SampleDomain.make(domain, onServer, VolumeFormat.RAW, store, chains);

        sample.assertListed(listing.list(domain));
    }

    @Test
    void anOverlayOfACopiedExportStillBacksOntoTheOriginalUrlAndIsNamed() throws Exception {
        String name = "import-" + UUID.randomUUID();
        directory(name);
        var domain = new StorageConnection.Nfs(lab.storageAddress(), lab.nfsExport() + "/" + name);
        UUID disk = UUID.randomUUID();
        VolumeRef base = new VolumeRef(disk, UUID.randomUUID(), VolumeFormat.QCOW2, 0);
        store.create(domain, base, 8 * MIB, "chained");
        VolumeRef top = new VolumeRef(disk, UUID.randomUUID(), VolumeFormat.QCOW2, 0);
        chains.overlay(domain, top, base, "after a snapshot");
        String copyName = name + "-copy";
        made.add(lab.nfsExportDir().resolve(copyName));
        StorageLab.Run cp = StorageLab.run(List.of("cp", "-a", lab.nfsExportDir().resolve(name).toString(),
                lab.nfsExportDir().resolve(copyName).toString()), TIMEOUT);
        assertThat(cp.ok()).as(cp.output()).isTrue();
        var copy = new StorageConnection.Nfs(lab.storageAddress(), lab.nfsExport() + "/" + copyName);

        List<DomainVolumes.Found> found = listing.list(copy);

        assertThat(SampleDomain.only(found, base.volumeId()).problem()).isEmpty();
        assertThat(SampleDomain.only(found, top.volumeId()).problem()).contains("backs onto " + base.location(domain).uri(),
                "not onto " + base.location(copy).uri());
        assertThat(listing.list(domain)).hasSize(2).allSatisfy(f -> assertThat(f.problem()).isEmpty());
    }

    @Test
    void anExportWithoutImagesHoldsNothing() throws Exception {
        String name = "import-" + UUID.randomUUID();
        directory(name);

        assertThat(listing.list(new StorageConnection.Nfs(lab.storageAddress(), lab.nfsExport() + "/" + name))).isEmpty();
    }

    @Test
    void theNfsClientListsALargeDirectoryAcrossPagesAndReadsAFileAcrossChunks() throws Exception {
        String name = "list-" + UUID.randomUUID();
        Path dir = directory(name);
        // far more than one 64 KiB READDIRPLUS reply holds (about 200 bytes an entry): the client must go on by cookie
        for (int i = 0; i < 1200; i++) {
            Files.writeString(dir.resolve("file-%04d-%s.meta".formatted(i, "x".repeat(40))), "");
        }
        Files.createDirectories(dir.resolve("sub"));
        byte[] big = new byte[200 * 1024 + 3];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        Files.write(dir.resolve("big"), big);
        Files.writeString(dir.resolve("small"), "DISK=x\n");
        var nfs = new StorageConnection.Nfs(lab.storageAddress(), lab.nfsExport());

        try (NfsClient client = NfsClient.mount(nfs, TIMEOUT, TIMEOUT)) {
            List<DomainFiles.Entry> entries = client.list(name);

            assertThat(entries).hasSize(1203);
            assertThat(entries).extracting(DomainFiles.Entry::name).isSorted().doesNotContain(".", "..")
                    .contains("file-0000-" + "x".repeat(40) + ".meta", "file-1199-" + "x".repeat(40) + ".meta");
            assertThat(entries).filteredOn(DomainFiles.Entry::directory).extracting(DomainFiles.Entry::name).containsExactly("sub");
            assertThat(client.list(name + "/missing")).isEmpty();
            assertThat(client.read(name + "/big", 1024 * 1024)).isEqualTo(big);
            assertThat(new String(client.read(name + "/small", 100), StandardCharsets.UTF_8)).isEqualTo("DISK=x\n");
            assertThatThrownBy(() -> client.read(name + "/big", 1000)).isInstanceOf(StorageException.class)
                    .hasMessageContaining("is larger than 1000 bytes");
            assertThatThrownBy(() -> client.read(name + "/nothing", 100))
                    .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.problem()).isEqualTo(StorageException.Problem.NOT_FOUND));
        }
    }

    private Path directory(String name) throws java.io.IOException {
        Path dir = Files.createDirectories(lab.nfsExportDir().resolve(name));
        made.add(dir);
        return dir;
    }
}
