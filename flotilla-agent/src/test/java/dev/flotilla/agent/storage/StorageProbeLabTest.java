package dev.flotilla.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.agent.storage.StorageException.Problem;
import dev.flotilla.agent.testlab.StorageLab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe against real nfs-ganesha and tgtd in the storage lab, from this JVM's (the root) namespace. */
class StorageProbeLabTest {

    private static StorageLab lab;
    private final StorageProbe probe = new StorageProbe(Duration.ofSeconds(5), Duration.ofSeconds(20));
    private List<String> exportBefore;

    @BeforeAll
    static void lab() {
        lab = StorageLab.shared();
    }

    @BeforeEach
    void rememberTheExport() throws IOException {
        exportBefore = listing(lab.nfsExportDir());
    }

    @AfterEach
    void probesWriteNothing() throws IOException {
        assertThat(listing(lab.nfsExportDir())).isEqualTo(exportBefore);
    }

    @Test
    void nfsExportWithItsSizeAndFreeSpace() throws Exception {
        StorageReport report = probe.probe(new StorageConnection.Nfs(lab.storageAddress(), lab.nfsExport()));
        long total = Files.getFileStore(lab.nfsExportDir()).getTotalSpace();
        assertThat(report.totalBytes()).hasValue(total);
        assertThat(report.freeBytes().orElseThrow()).isPositive().isLessThanOrEqualTo(total);
        assertThat(report.summary()).startsWith("nfs " + lab.storageAddress() + ":/export: ").contains(" free of ");
        assertThat(probe.probe(new StorageConnection.Nfs(lab.storageAddress(), lab.nfsIsoExport())).totalBytes()).isPresent();
    }

    @Test
    void wrongExportNamesTheExportsThereAre() {
        assertThatThrownBy(() -> probe.probe(new StorageConnection.Nfs(lab.storageAddress(), "/wrong")))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NO_SUCH_EXPORT))
                .hasMessage("the NFS server " + lab.storageAddress() + " exports no path /wrong (exports: " + exportsInServerOrder() + ")");
        assertThat(exportsInServerOrder()).contains("/export", "/iso");
    }

    @Test
    void aDirectoryInsideAnExportIsADomainTooButALookAlikePathIsNot() throws Exception {
        Path dir = Files.createDirectories(lab.nfsExportDir().resolve("probe-sub"));
        try {
            StorageReport report = probe.probe(new StorageConnection.Nfs(lab.storageAddress(), lab.nfsExport() + "/probe-sub"));
            assertThat(report.summary()).startsWith("nfs " + lab.storageAddress() + ":/export/probe-sub: ");
            assertThatThrownBy(() -> probe.probe(new StorageConnection.Nfs(lab.storageAddress(), lab.nfsExport() + "x")))
                    .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NO_SUCH_EXPORT))
                    .hasMessageContaining("exports no path /exportx");
        } finally {
            Files.delete(dir);
        }
    }

    @Test
    void unreachableNfsServerWithinTheDeadline() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> probe.probe(new StorageConnection.Nfs(lab.unusedAddress(), "/export")))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.problem()).isEqualTo(Problem.UNREACHABLE))
                .hasMessageStartingWith("the NFS server " + lab.unusedAddress() + " ")
                .message().satisfiesAnyOf(m -> assertThat(m).contains("unreachable"), m -> assertThat(m).contains("does not answer"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void iscsiTargetWithItsLuns() throws Exception {
        StorageReport report = probe.probe(new StorageConnection.Iscsi(lab.iscsiPortal(), lab.iscsiIqn()));
        assertThat(report.luns()).containsExactly(new StorageReport.Lun(1, lab.lunBytes()), new StorageReport.Lun(2, lab.lunBytes()));
        assertThat(report.totalBytes()).hasValue(2 * lab.lunBytes());
        assertThat(report.freeBytes()).isEmpty();
        assertThat(report.summary()).contains(": 2 disk LUNs, 2 GiB in all");
    }

    @Test
    void iscsiTargetWithChap() throws Exception {
        StorageReport report = probe.probe(chapTarget(lab.chapSecret()));
        assertThat(report.luns()).containsExactly(new StorageReport.Lun(1, lab.lunBytes()));
    }

    @Test
    void wrongChapSecretIsALoginFailureThatDoesNotShowTheSecret() {
        String wrong = "not-the-secret-42";
        assertThatThrownBy(() -> probe.probe(chapTarget(wrong)))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.problem()).isEqualTo(Problem.LOGIN_FAILED))
                .hasMessageStartingWith("the iSCSI target " + lab.iscsiChapIqn() + " at " + lab.iscsiPortal()
                        + " refused the CHAP login of user " + lab.chapUser() + ": check the user and the secret")
                .message().doesNotContain(wrong);
    }

    @Test
    void chapTargetWithoutChapSaysItNeedsIt() {
        assertThatThrownBy(() -> probe.probe(new StorageConnection.Iscsi(lab.iscsiPortal(), lab.iscsiChapIqn())))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.problem()).isEqualTo(Problem.LOGIN_FAILED))
                .hasMessageContaining("it requires CHAP, give the CHAP user and secret");
    }

    @Test
    void unknownTargetNamesTheTargetsThereAre() {
        String missing = "iqn.2025-01.dev.flotilla.lab:nope";
        assertThatThrownBy(() -> probe.probe(new StorageConnection.Iscsi(lab.iscsiPortal(), missing)))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NO_SUCH_TARGET))
                .hasMessage("the iSCSI portal " + lab.iscsiPortal() + " offers no target " + missing
                        + " (targets: " + lab.chap2().iqn() + ", " + lab.iscsiChapIqn() + ", " + lab.iscsiIqn() + ")");
    }

    @Test
    void unreachablePortalAndAPortalWhereNothingListens() {
        assertThatThrownBy(() -> probe.probe(new StorageConnection.Iscsi(lab.unusedAddress(), lab.iscsiIqn())))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.problem()).isEqualTo(Problem.UNREACHABLE))
                .hasMessageStartingWith("the iSCSI portal " + lab.unusedAddress() + ":3260 ");
        // a host of the lab exists but serves no iSCSI
        assertThatThrownBy(() -> probe.probe(new StorageConnection.Iscsi(lab.host(1).address(), lab.iscsiIqn())))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.problem()).isEqualTo(Problem.UNREACHABLE))
                .hasMessageContaining("refuses connections on port 3260");
    }

    @Test
    void posixAndLocalDirectories(@TempDir Path dir) throws Exception {
        assertThat(probe.probe(new StorageConnection.Local(dir)).freeBytes()).isPresent();
        assertThatThrownBy(() -> probe.probe(new StorageConnection.Posix(dir.resolve("not-mounted"))))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NOT_FOUND))
                .hasMessageContaining("mount the shared file system there");
    }

    private StorageConnection.Iscsi chapTarget(String secret) {
        return new StorageConnection.Iscsi(lab.iscsiPortal(), lab.iscsiChapIqn(), Optional.of(new ChapCredentials(lab.chapUser(), secret)));
    }

    /** ganesha lists its exports newest first; the message keeps the server's order. */
    private String exportsInServerOrder() {
        StorageLab.Run r = StorageLab.run(List.of("nfs-ls", "-D", "nfs://" + lab.storageAddress()), Duration.ofSeconds(20));
        return String.join(", ", ProbeOutput.nfsExports(r.output()));
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
