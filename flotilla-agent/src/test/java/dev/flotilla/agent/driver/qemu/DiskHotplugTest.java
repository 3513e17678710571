package dev.flotilla.agent.driver.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.VmDefinition;
import dev.flotilla.agent.driver.VmState;
import dev.flotilla.agent.testguest.TestGuest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk hot-plug against a real QEMU and a real Linux guest that prints its virtio disks whenever
 * they change: a plugged disk appears in the guest as vdb and in the VM's definition, an unplugged
 * one leaves both and leaves no block node behind, a plug QEMU refuses changes nothing, and a disk
 * another running VM writes is refused.
 */
class DiskHotplugTest {

    private static final String QEMU = "qemu-system-x86_64";
    private static final Duration GUEST = Duration.ofSeconds(180);
    private static TestGuest guest;

    @TempDir
    Path stateDir;
    private QemuDriver driver;

    @BeforeAll
    static void buildGuest() {
        assertThat(QemuDriver.isAvailable(QEMU)).as("%s is installed and runs", QEMU).isTrue();
        guest = TestGuest.build().watchingDisks();
    }

    @AfterEach
    void stopEverything() {
        for (VmState vm : driver.vms()) {
            try {
                driver.powerOff(vm.id());
            } catch (DriverException e) {
                // already going away
            }
        }
        driver.close();
    }

    @Test
    void aDiskPluggedIntoARunningGuestAppearsAsVdbAndLeavesWhenUnplugged() throws Exception {
        driver = new QemuDriver(new QemuDriverConfig(stateDir, 5900, 5999, "tcg", QEMU));
        VmDefinition.Disk vda = disk("d1", qcow2("vda.qcow2"));
        VmDefinition.Disk vdb = disk("d2", qcow2("vdb.qcow2"));
        UUID id = UUID.randomUUID();
        driver.start(new VmDefinition(id, "plug-" + id.toString().substring(0, 8), 1, 256,
                new VmDefinition.Boot(guest.kernel().toString(), guest.initrd().toString(), guest.cmdline()), List.of(vda)));
        Path dir = stateDir.resolve("vms").resolve(id.toString());
        awaitDisks(dir, "vda");

        // a volume QEMU cannot open: refused, and the VM is exactly as before
        List<String> nodesBefore = nodeNames(id);
        assertThatThrownBy(() -> driver.plugDisk(id, disk("bad", stateDir.resolve("missing.qcow2"))))
                .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.getMessage()).contains("missing.qcow2"));
        assertThat(nodeNames(id)).containsExactlyInAnyOrderElementsOf(nodesBefore);
        assertThat(driver.vm(id).definition().disks()).extracting(VmDefinition.Disk::id).containsExactly("d1");

        driver.plugDisk(id, vdb);
        awaitDisks(dir, "vda vdb");
        assertThat(driver.vm(id).definition().disks()).extracting(VmDefinition.Disk::id).containsExactly("d1", "d2");
        assertThat(Files.readString(dir.resolve("definition.json"))).contains("d2", "vdb.qcow2");

        // the read-write guard: another VM of the host may not open what this one writes
        UUID other = UUID.randomUUID();
        driver.start(new VmDefinition(other, "other-" + other.toString().substring(0, 8), 1, 64, VmDefinition.Boot.NONE));
        assertThatThrownBy(() -> driver.plugDisk(other, vdb)).isInstanceOfSatisfying(DriverException.class, e -> {
            assertThat(e.code()).isEqualTo(DriverException.Code.WRONG_STATE);
            assertThat(e.getMessage()).contains("read-write", "vdb.qcow2");
        });

        driver.unplugDisk(id, "d2");
        awaitDisks(dir, "vda");
        assertThat(driver.vm(id).definition().disks()).extracting(VmDefinition.Disk::id).containsExactly("d1");
        assertThat(Files.readString(dir.resolve("definition.json"))).doesNotContain("vdb.qcow2");
        assertThat(nodeNames(id)).as("the unplugged disk's nodes are gone").containsExactlyInAnyOrderElementsOf(nodesBefore);

        // once released, the other VM may have it
        driver.plugDisk(other, vdb);
        assertThat(driver.vm(other).definition().disks()).extracting(VmDefinition.Disk::id).containsExactly("d2");
    }

    private List<String> nodeNames(UUID id) throws DriverException {
        List<String> names = new ArrayList<>();
        for (JsonNode n : driver.vm(id).command("query-named-block-nodes", Map.of("flat", true))) {
            names.add(n.path("node-name").asText());
        }
        return names;
    }

    private static VmDefinition.Disk disk(String id, Path image) {
        return new VmDefinition.Disk(id, "v-" + id, image.toString(), "qcow2", "", "", "virtio-blk", false, false);
    }

    private Path qcow2(String name) throws Exception {
        Path image = stateDir.resolve(name);
        Process p = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), "16M").redirectErrorStream(true).start();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
        return image;
    }

    private static void awaitDisks(Path vmDir, String disks) throws Exception {
        Path serial = vmDir.resolve("serial.log");
        long deadline = System.nanoTime() + GUEST.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(serial) && TestGuest.lastDisks(Files.readString(serial)).equals(disks)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the guest did not show disks '" + disks + "' within " + GUEST.toSeconds() + " s:\n"
                + (Files.exists(serial) ? Files.readString(serial) : "(no serial.log)"));
    }
}
