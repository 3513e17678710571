package dev.flotilla.cli.vm;

import dev.flotilla.cli.FlotillaCli;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", description = "Show one VM in full.")
final class VmShow implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "VM", description = "id or name")
    String vm;

    @Override
    public Integer call() {
        FlotillaCli cli = FlotillaCli.of(spec);
        String id = cli.resolve(VmCommand.VMS, "VM", vm);
        cli.printer().details(cli.api().get(VmCommand.VMS + "/" + id), Vm.class, Vm::details);
        return 0;
    }
}
