package dev.flotilla.manager.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.FieldError;
import org.junit.jupiter.api.Test;

class StorageDomainRulesTest {

    private static StorageDomainInput nfs(String server, String export) {
        return new StorageDomainInput("nfs1", null, "nfs", null, null, null, new StorageDomainInput.NfsInput(server, export), null, null);
    }

    private static java.util.List<String> fields(Runnable r) {
        try {
            r.run();
        } catch (BadRequestException e) {
            return e.errors().stream().map(FieldError::field).toList();
        }
        throw new AssertionError("no 400");
    }

    @Test
    void anNfsDomainIsADataDomainWithItsExportTrimmed() {
        var checked = new StorageDomainRules().check(nfs("10.0.0.5", "/export/"));

        assertThat(checked.type()).isEqualTo(StorageType.NFS);
        assertThat(checked.role()).isEqualTo(StorageRole.DATA);
        assertThat(checked.connection().export()).isEqualTo("/export");
        assertThat(checked.connection().describe(StorageType.NFS)).isEqualTo("10.0.0.5:/export");
    }

    @Test
    void serverAndExportMustBeSafeInAUrl() {
        assertThat(fields(() -> new StorageDomainRules().check(nfs("a b", "export")))).containsExactly("nfs.server", "nfs.export");
        assertThat(fields(() -> new StorageDomainRules().check(nfs("h", "/x/../etc")))).containsExactly("nfs.export");
        assertThat(fields(() -> new StorageDomainRules().check(nfs("h", "/x?y")))).containsExactly("nfs.export");
    }

    @Test
    void chapNeedsUserAndSecretTogetherAndTheSecretNeverShows() {
        var both = new StorageDomainRules().check(new StorageDomainInput("i", null, "iscsi", null, null, null, null,
                new StorageDomainInput.IscsiInput("10.0.0.5:3260", "iqn.2025-01.dev.x:t", "user", "s3cret"), null));
        assertThat(both.connection().hasChap()).isTrue();
        assertThat(both.connection().toString()).doesNotContain("s3cret");
        assertThat(both.connection().describe(StorageType.ISCSI)).doesNotContain("s3cret").contains("CHAP user user");

        assertThat(fields(() -> new StorageDomainRules().check(new StorageDomainInput("i", null, "iscsi", null, null, null, null,
                new StorageDomainInput.IscsiInput("10.0.0.5", "iqn.2025-01.dev.x:t", null, "s"), null)))).containsExactly("iscsi.chapUser");
    }

    @Test
    void fieldsOfAnotherTypeAreRefused() {
        assertThat(fields(() -> new StorageDomainRules().check(new StorageDomainInput("p", null, "posix", null, null, null,
                new StorageDomainInput.NfsInput("h", "/e"), null, "/mnt/data")))).containsExactly("nfs");
        assertThat(fields(() -> new StorageDomainRules().check(new StorageDomainInput("p", null, "tape", "backup", null, null,
                null, null, null)))).containsExactly("type", "role");
    }

    @Test
    void theHostsRefusalPointsAtTheFieldItIsAbout() {
        var nfs = new StorageConnection("h", "/e", "", "", "", "", "");
        var chap = new StorageConnection("", "", "p", "iqn.2025-01.x:t", "u", "s", "");
        var noChap = new StorageConnection("", "", "p", "iqn.2025-01.x:t", "", "", "");

        assertThat(StorageRefusals.field(StorageType.NFS, nfs, "NO_SUCH_EXPORT")).isEqualTo("nfs.export");
        assertThat(StorageRefusals.field(StorageType.ISCSI, chap, "LOGIN_FAILED")).isEqualTo("iscsi.chapSecret");
        assertThat(StorageRefusals.field(StorageType.ISCSI, noChap, "LOGIN_FAILED")).isEqualTo("iscsi.chapUser");
        assertThat(StorageRefusals.field(StorageType.LOCAL, nfs, "NOT_FOUND")).isEqualTo("path");
        assertThat(StorageRefusals.field(StorageType.NFS, nfs, "UNREACHABLE")).isNull();
        assertThat(StorageRefusals.ofConnection(StorageType.NFS, nfs, "x", StorageAnswer.failed("UNREACHABLE", "down")))
                .isInstanceOf(ConflictException.class).hasMessage("x: down");
        assertThatThrownBy(() -> {
            throw StorageRefusals.ofConnection(StorageType.NFS, nfs, "x", StorageAnswer.failed("NO_SUCH_EXPORT", "no /e"));
        }).isInstanceOf(BadRequestException.class);
    }
}
