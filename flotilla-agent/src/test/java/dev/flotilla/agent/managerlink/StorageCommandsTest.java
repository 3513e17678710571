package dev.flotilla.agent.managerlink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.driver.simulated.SimulatedDriver;
import dev.flotilla.agent.driver.simulated.SimulatedDriverConfig;
import dev.flotilla.agent.storage.StorageProbe;
import dev.flotilla.agent.storage.VolumeStore;
import dev.flotilla.protocol.v1.Command;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.CreateVolume;
import dev.flotilla.protocol.v1.DeleteVolume;
import dev.flotilla.protocol.v1.ImageFormat;
import dev.flotilla.protocol.v1.ProbeStorage;
import dev.flotilla.protocol.v1.ResizeVolume;
import dev.flotilla.protocol.v1.StorageDomainSpec;
import dev.flotilla.protocol.v1.VolumeRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Storage commands through the command runner, on a local domain (a directory of this machine). */
class StorageCommandsTest {

    @TempDir
    Path dir;

    private final java.util.concurrent.ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private CommandResult run(Command.Builder command) {
        SimulatedDriver driver = new SimulatedDriver(SimulatedDriverConfig.defaults(dir.resolve("sim")), timer);
        return new CommandRunner(driver, null, new StorageCommands(new StorageProbe(), new VolumeStore(), new dev.flotilla.agent.storage.VolumeChains()), null, message -> { }, Runnable::run)
                .run(command.setCommandId("c-1").build());
    }

    private StorageDomainSpec local(Path path) {
        return StorageDomainSpec.newBuilder().setDomainId(UUID.randomUUID().toString()).setLocalPath(path.toString()).build();
    }

    @Test
    void aProbeOfAMissingDirectoryFailsWithTheKindOfProblemForTheManager() {
        CommandResult r = run(Command.newBuilder().setProbeStorage(ProbeStorage.newBuilder().setDomain(local(dir.resolve("nope")))));

        assertThat(r.getOk()).isFalse();
        assertThat(r.getErrorCode()).isEqualTo("INVALID_SPEC");
        assertThat(r.getErrorMessage()).contains(dir.resolve("nope").toString());
        assertThat(r.getStorage().getProblem()).isEqualTo("NOT_FOUND");
    }

    @Test
    void aVolumeIsMadeGrownAndRemovedInTheImagesLayoutWithItsMetadata() throws Exception {
        StorageDomainSpec domain = local(dir);
        String disk = UUID.randomUUID().toString();
        String volume = UUID.randomUUID().toString();
        VolumeRef ref = VolumeRef.newBuilder().setDomain(domain).setDiskId(disk).setVolumeId(volume).setFormat(ImageFormat.QCOW2).build();

        CommandResult probe = run(Command.newBuilder().setProbeStorage(ProbeStorage.newBuilder().setDomain(domain)));
        CommandResult made = run(Command.newBuilder().setCreateVolume(CreateVolume.newBuilder().setVolume(ref)
                .setSizeBytes(64L << 20).setDescription("data of web1")));

        assertThat(probe.getOk()).as(probe.getErrorMessage()).isTrue();
        assertThat(probe.getStorage().getFreeBytes()).isPositive();
        assertThat(made.getOk()).as(made.getErrorMessage()).isTrue();
        assertThat(made.getStorage().getVolume().getVirtualBytes()).isEqualTo(64L << 20);
        assertThat(made.getStorage().hasFreeBytes()).isTrue();
        Path image = dir.resolve("images").resolve(disk).resolve(volume + ".qcow2");
        assertThat(image).isRegularFile();
        assertThat(Files.readString(dir.resolve("images").resolve(disk).resolve(volume + ".meta")))
                .contains("DISK=" + disk, "VOLUME=" + volume, "FORMAT=qcow2", "SIZE=" + (64L << 20), "DESCRIPTION=data of web1");

        CommandResult grown = run(Command.newBuilder().setResizeVolume(ResizeVolume.newBuilder().setVolume(ref).setSizeBytes(128L << 20)
                .setDescription("data of web1")));
        assertThat(grown.getStorage().getVolume().getVirtualBytes()).isEqualTo(128L << 20);
        assertThat(Files.readString(dir.resolve("images").resolve(disk).resolve(volume + ".meta"))).contains("SIZE=" + (128L << 20));

        CommandResult removed = run(Command.newBuilder().setDeleteVolume(DeleteVolume.newBuilder().setVolume(ref)));
        CommandResult again = run(Command.newBuilder().setDeleteVolume(DeleteVolume.newBuilder().setVolume(ref)));
        assertThat(removed.getOk()).as(removed.getErrorMessage()).isTrue();
        assertThat(again.getOk()).as("removing a volume that is gone is not an error").isTrue();
        assertThat(dir.resolve("images").resolve(disk)).doesNotExist();
    }

    @Test
    void aVolumeThatExistsIsNotOverwritten() {
        StorageDomainSpec domain = local(dir);
        VolumeRef ref = VolumeRef.newBuilder().setDomain(domain).setDiskId(UUID.randomUUID().toString())
                .setVolumeId(UUID.randomUUID().toString()).setFormat(ImageFormat.RAW).build();
        Command.Builder create = Command.newBuilder().setCreateVolume(CreateVolume.newBuilder().setVolume(ref).setSizeBytes(1 << 20));
        assertThat(run(create).getOk()).isTrue();

        CommandResult second = run(create);

        assertThat(second.getOk()).isFalse();
        assertThat(second.getStorage().getProblem()).isEqualTo("ALREADY_EXISTS");
        assertThat(second.getErrorMessage()).contains("exists already");
    }

    @Test
    void aLiveMoveTheDriverRefusesLeavesNothingOnTheTargetDomain() throws Exception {
        Path from = Files.createDirectories(dir.resolve("from"));
        Path to = Files.createDirectories(dir.resolve("to"));
        StorageDomainSpec source = local(from);
        StorageDomainSpec target = local(to);
        String disk = UUID.randomUUID().toString();
        VolumeRef.Builder top = VolumeRef.newBuilder().setDiskId(disk).setVolumeId(UUID.randomUUID().toString()).setFormat(ImageFormat.QCOW2);
        VolumeRef.Builder base = VolumeRef.newBuilder().setDiskId(disk).setVolumeId(UUID.randomUUID().toString()).setFormat(ImageFormat.QCOW2);
        CommandResult made = run(Command.newBuilder().setCreateVolume(CreateVolume.newBuilder().setVolume(base.setDomain(source)).setSizeBytes(16L << 20)));
        assertThat(made.getOk()).as(made.getErrorMessage()).isTrue();
        CommandResult overlay = run(Command.newBuilder().setCreateOverlays(dev.flotilla.protocol.v1.CreateOverlays.newBuilder()
                .addOverlays(dev.flotilla.protocol.v1.ChainOverlay.newBuilder().setVolume(top.setDomain(source)).setBacking(base.setDomain(source)))));
        assertThat(overlay.getOk()).as(overlay.getErrorMessage()).isTrue();

        // the simulated driver mirrors nothing: the target volumes were made, then must go again
        CommandResult moved = run(Command.newBuilder().setLiveMove(dev.flotilla.protocol.v1.LiveMove.newBuilder()
                .setVmId(UUID.randomUUID().toString()).setDiskId(disk)
                .addFrom(top.setDomain(source).build()).addFrom(base.setDomain(source).build())
                .addTo(top.setDomain(target).build()).addTo(base.setDomain(target).build())));

        assertThat(moved.getOk()).isFalse();
        assertThat(moved.getErrorMessage()).contains("moves no disks live");
        assertThat(to.resolve("images").resolve(disk)).doesNotExist();
        assertThat(from.resolve("images").resolve(disk).resolve(top.getVolumeId() + ".qcow2")).isRegularFile();
    }
}
