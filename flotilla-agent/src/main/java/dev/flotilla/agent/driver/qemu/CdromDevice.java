package dev.flotilla.agent.driver.qemu;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.VmDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The VM's CD-ROM drive. Every VM gets one ({@code ide-cd} with id {@value #DEVICE_ID} on the q35
 * AHCI controller), empty or holding the ISO the spec names as its last disk (bus
 * {@value #BUS}), so a running guest can have a CD inserted, changed or ejected through QMP
 * without a device hot-plug. A CD to boot from gets boot index 0, ahead of every disk.
 */
final class CdromDevice {

    static final String BUS = "ide-cd";
    static final String DEVICE_ID = "cdrom0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CdromDevice() {
    }

    /** The VM's disks without its CD. */
    static List<VmDefinition.Disk> disks(List<VmDefinition.Disk> all) {
        return all.stream().filter(d -> !BUS.equals(d.bus())).toList();
    }

    static Optional<VmDefinition.Disk> cd(List<VmDefinition.Disk> all) {
        return all.stream().filter(d -> BUS.equals(d.bus())).findFirst();
    }

    static List<String> argv(List<VmDefinition.Disk> all) throws DriverException {
        List<String> argv = new ArrayList<>();
        String device = "ide-cd,id=" + DEVICE_ID + ",bus=ide.2";
        Optional<VmDefinition.Disk> cd = cd(all);
        if (cd.isPresent()) {
            ObjectNode protocol = BlockDevices.protocol(cd.get(), cd.get().location(), -1).put("node-name", "cdrom-file").put("read-only", true);
            argv.addAll(List.of("-blockdev", protocol.toString()));
            argv.addAll(List.of("-blockdev", JSON.createObjectNode().put("driver", "raw").put("node-name", "cdrom")
                    .put("file", "cdrom-file").put("read-only", true).toString()));
            device += ",drive=cdrom";
            if (cd.get().bootable()) {
                device += ",bootindex=0";
            }
        }
        argv.addAll(List.of("-device", device));
        return argv;
    }

    /** Puts {@code iso} into the running VM's drive (replacing what was there), or empties the drive. */
    static void change(RunningVm vm, Optional<VmDefinition.Disk> iso) throws DriverException {
        if (iso.isEmpty()) {
            vm.command("eject", Map.of("id", DEVICE_ID, "force", true));
            return;
        }
        vm.command("blockdev-change-medium", Map.of("id", DEVICE_ID, "filename", iso.get().location(), "format", "raw",
                "read-only-mode", "read-only"));
    }
}
