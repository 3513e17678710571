package dev.flotilla.cli.vm;

import dev.flotilla.cli.FlotillaCli;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "create", description = "Create a VM (it starts Down).")
final class VmCreate implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--name", required = true, paramLabel = "NAME")
    String name;

    @Option(names = "--cluster", paramLabel = "ID", description = "Default: the manager's default cluster.")
    String clusterId;

    @Option(names = "--cpus", paramLabel = "N", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
    int cpus;

    @Option(names = "--memory", paramLabel = "MiB", defaultValue = "512", description = "Default: ${DEFAULT-VALUE}.")
    long memoryMiB;

    @Option(names = "--ha", description = "Highly available: restarted elsewhere if its host fails.")
    boolean highlyAvailable;

    @Option(names = "--description", paramLabel = "TEXT")
    String description;

    @Option(names = "--kernel", paramLabel = "PATH", description = "Kernel to boot directly, as a path on the host.")
    String kernel;

    @Option(names = "--initrd", paramLabel = "PATH", description = "Initrd for --kernel, as a path on the host.")
    String initrd;

    @Option(names = "--cmdline", paramLabel = "TEXT", description = "Kernel command line.")
    String cmdline;

    @Override
    public Integer call() {
        FlotillaCli cli = FlotillaCli.of(spec);
        Vm.Boot boot = kernel == null && initrd == null && cmdline == null ? null : new Vm.Boot(kernel, initrd, cmdline);
        var request = new CreateVmRequest(name, clusterId, cpus, memoryMiB, highlyAvailable, description, boot);
        cli.printer().row(cli.api().post(VmCommand.VMS, request), Vm.class, Vm.COLUMNS);
        return 0;
    }
}
