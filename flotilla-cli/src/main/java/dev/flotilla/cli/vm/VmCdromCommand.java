package dev.flotilla.cli.vm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.cli.FlotillaCli;
import dev.flotilla.cli.api.ApiException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code flotilla vm cdrom VM ISO [--boot] | --eject}: the ISO in a VM's CD-ROM drive, changed live while it runs. */
@Command(name = "cdrom", description = "Insert an ISO into a VM's CD-ROM drive (--boot: boot from it), or --eject it; live while the VM runs.")
final class VmCdromCommand implements Callable<Integer> {

    record Insert(String isoId, boolean boot) {}

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "VM", description = "id or name")
    String vm;

    @Parameters(index = "1", paramLabel = "ISO", arity = "0..1", description = "id or name of an ISO image")
    String iso;

    @Option(names = "--boot", description = "Boot from the CD, before the disks.")
    boolean boot;

    @Option(names = "--eject", description = "Empty the drive.")
    boolean eject;

    @Override
    public Integer call() {
        FlotillaCli cli = FlotillaCli.of(spec);
        String id = cli.resolve(VmCommand.VMS, "VM", vm);
        String path = VmCommand.VMS + "/" + id + "/cdrom";
        if (eject == (iso != null)) {
            throw new ApiException("give an ISO to insert, or --eject (not both)");
        }
        if (eject) {
            cli.api().delete(path);
            cli.printer().message("CD-ROM drive of VM " + vm + " ejected", null);
            return 0;
        }
        String isoId = cli.resolve("/disks", "ISO", iso);
        JsonNode in = cli.api().put(path, new Insert(isoId, boot));
        cli.printer().message("ISO " + in.path("isoName").asText() + " in the CD-ROM drive of VM " + vm + (boot ? " (boots from it)" : ""), in);
        return 0;
    }
}
