package dev.flotilla.cli.vm;

import dev.flotilla.cli.FlotillaCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flotilla vm}. The power actions are methods: each is one POST with nothing but the VM
 * to say, and each prints the VM as the manager left it.
 */
@Command(name = "vm", description = "Virtual machines.",
        subcommands = {VmList.class, VmShow.class, VmCreate.class, VmWait.class, VmConsole.class, VmMigrate.class,
                VmCdromCommand.class, VmPin.Pin.class, VmPin.Unpin.class, VmHa.class, VmHaQueue.class})
public final class VmCommand {

    static final String VMS = "/vms";

    @Spec
    CommandSpec spec;

    @Command(name = "start", description = "Start a VM on a host the scheduler picks.")
    int start(@Parameters(paramLabel = "VM", description = "id or name") String vm) {
        return act(vm, "start", null);
    }

    @Command(name = "stop", description = "Power a VM off at once (pull the plug).")
    int stop(@Parameters(paramLabel = "VM", description = "id or name") String vm) {
        return act(vm, "stop", null);
    }

    @Command(name = "reboot", description = "Reboot a VM.")
    int reboot(@Parameters(paramLabel = "VM", description = "id or name") String vm) {
        return act(vm, "reboot", null);
    }

    @Command(name = "pause", description = "Pause a running VM.")
    int pause(@Parameters(paramLabel = "VM", description = "id or name") String vm) {
        return act(vm, "pause", null);
    }

    @Command(name = "resume", description = "Resume a paused VM.")
    int resume(@Parameters(paramLabel = "VM", description = "id or name") String vm) {
        return act(vm, "resume", null);
    }

    @Command(name = "shutdown", description = "Ask the guest to shut down (ACPI); --force powers off after the timeout.")
    int shutdown(@Parameters(paramLabel = "VM", description = "id or name") String vm,
                 @Option(names = "--force", description = "Power off if the guest has not shut down in time.")
                 boolean force,
                 @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long the guest gets.")
                 Integer timeoutSeconds) {
        // Without options no body at all: the manager's defaults apply.
        ShutdownRequest body = force || timeoutSeconds != null ? new ShutdownRequest(force, timeoutSeconds) : null;
        return act(vm, "shutdown", body);
    }

    @Command(name = "cancel-migration", description = "Cancel a VM's live migration; it goes on running on its host.")
    int cancelMigration(@Parameters(paramLabel = "VM", description = "id or name") String vm) {
        FlotillaCli cli = FlotillaCli.of(spec);
        String id = cli.resolve(VMS, "VM", vm);
        cli.printer().row(cli.api().post(VMS + "/" + id + "/cancelmigration", null), Migration.class, Migration.COLUMNS);
        return 0;
    }

    @Command(name = "migration", description = "Show a VM's running or last live migration.")
    int migration(@Parameters(paramLabel = "VM", description = "id or name") String vm) {
        FlotillaCli cli = FlotillaCli.of(spec);
        String id = cli.resolve(VMS, "VM", vm);
        cli.printer().row(cli.api().get(VMS + "/" + id + "/migration"), Migration.class, Migration.COLUMNS);
        return 0;
    }

    @Command(name = "delete", description = "Delete a VM (it must be down).")
    int delete(@Parameters(paramLabel = "VM", description = "id or name") String vm) {
        FlotillaCli cli = FlotillaCli.of(spec);
        String id = cli.resolve(VMS, "VM", vm);
        cli.api().delete(VMS + "/" + id);
        cli.printer().message("VM " + vm + " deleted", null);
        return 0;
    }

    private int act(String vm, String action, Object body) {
        FlotillaCli cli = FlotillaCli.of(spec);
        String id = cli.resolve(VMS, "VM", vm);
        cli.printer().row(cli.api().post(VMS + "/" + id + "/" + action, body), Vm.class, Vm.COLUMNS);
        return 0;
    }
}
