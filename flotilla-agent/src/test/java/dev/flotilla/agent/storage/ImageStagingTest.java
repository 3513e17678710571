package dev.flotilla.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads staged in ranges, verified with the real qemu-img and placed on a local domain; a
 * download copies the image file back byte for byte.
 */
class ImageStagingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private ImageStaging staging() {
        VolumeTool tool = new VolumeTool(ToolRunner.direct(), TIMEOUT);
        return new ImageStaging(dir.resolve("transfers"), tool, new VolumeStore(tool, TIMEOUT, TIMEOUT), TIMEOUT, TIMEOUT);
    }

    private Path qcow2WithData() throws Exception {
        Path image = dir.resolve("source.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), "8M");
        run("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 1M 512k", image.toString());
        return image;
    }

    @Test
    void aQcow2UploadedInTwoRangesIsVerifiedPlacedAndDownloadedByteForByte() throws Exception {
        byte[] bytes = Files.readAllBytes(qcow2WithData());
        ImageStaging staging = staging();
        UUID transfer = UUID.randomUUID();
        int half = bytes.length / 2;
        assertThat(staging.write(transfer, 0, bytes.length, new ByteArrayInputStream(bytes, 0, half))).isEqualTo(half);
        assertThatThrownBy(() -> staging.write(transfer, half + 1, bytes.length, InputStream.nullInputStream()))
                .isInstanceOf(StorageException.class).hasMessageContaining("cannot start at " + (half + 1));
        // a resumed range may repeat bytes already staged
        assertThat(staging.write(transfer, half - 100, bytes.length,
                new ByteArrayInputStream(bytes, half - 100, bytes.length - half + 100))).isEqualTo(bytes.length);

        StorageConnection.Local domain = new StorageConnection.Local(dir.resolve("domain"));
        Files.createDirectories(domain.path());
        VolumeRef volume = new VolumeRef(UUID.randomUUID(), UUID.randomUUID(), VolumeFormat.QCOW2, 0);
        VolumeInfo placed = staging.place(transfer, domain, volume, false, bytes.length, "uploaded");

        assertThat(placed.virtualSize()).isEqualTo(8L * 1024 * 1024);
        assertThat(Files.readAllBytes(domain.path().resolve(volume.imagePath()))).isEqualTo(bytes);
        assertThat(domain.path().resolve(volume.metadataPath())).content().contains("FORMAT=qcow2", "DESCRIPTION=uploaded");
        assertThat(staging.staged(transfer)).isZero();

        Path copy = staging.export(domain, volume);
        assertThat(Files.readAllBytes(copy)).isEqualTo(bytes);
    }

    @Test
    void aQcow2DeclaredRawFailsAndLeavesNothing() throws Exception {
        byte[] bytes = Files.readAllBytes(qcow2WithData());
        ImageStaging staging = staging();
        UUID transfer = UUID.randomUUID();
        staging.write(transfer, 0, bytes.length, new ByteArrayInputStream(bytes));
        StorageConnection.Local domain = new StorageConnection.Local(dir.resolve("domain"));
        Files.createDirectories(domain.path());
        VolumeRef volume = new VolumeRef(UUID.randomUUID(), UUID.randomUUID(), VolumeFormat.RAW, 0);

        assertThatThrownBy(() -> staging.place(transfer, domain, volume, false, bytes.length, ""))
                .isInstanceOf(StorageException.class).hasMessageContaining("declared raw but qemu-img reads it as qcow2");
        assertThat(domain.path().resolve(volume.directory())).doesNotExist();
        assertThat(staging.staged(transfer)).isZero();
    }

    @Test
    void anIsoMustCarryTheIso9660Signature() throws Exception {
        byte[] notIso = new byte[64 * 1024];
        Arrays.fill(notIso, (byte) 7);
        ImageStaging staging = staging();
        UUID transfer = UUID.randomUUID();
        staging.write(transfer, 0, notIso.length, new ByteArrayInputStream(notIso));
        StorageConnection.Local domain = new StorageConnection.Local(dir.resolve("iso-domain"));
        Files.createDirectories(domain.path());
        VolumeRef volume = new VolumeRef(UUID.randomUUID(), UUID.randomUUID(), VolumeFormat.RAW, 0);

        assertThatThrownBy(() -> staging.place(transfer, domain, volume, true, notIso.length, ""))
                .hasMessageContaining("not an ISO 9660 image");

        byte[] iso = notIso.clone();
        System.arraycopy("CD001".getBytes(), 0, iso, 32769, 5);
        staging.write(transfer, 0, iso.length, new ByteArrayInputStream(iso));
        staging.place(transfer, domain, volume, true, iso.length, "an iso");
        assertThat(Files.readAllBytes(domain.path().resolve(volume.imagePath()))).isEqualTo(iso);
    }

    @Test
    void moreBytesThanDeclaredAreRefused() {
        ImageStaging staging = staging();
        assertThatThrownBy(() -> staging.write(UUID.randomUUID(), 0, 10, new ByteArrayInputStream(new byte[11])))
                .hasMessageContaining("declared 10 bytes long");
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }
}
