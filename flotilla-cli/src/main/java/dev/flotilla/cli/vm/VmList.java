package dev.flotilla.cli.vm;

import dev.flotilla.cli.FlotillaCli;
import dev.flotilla.cli.api.Query;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "list", description = "List VMs, optionally filtered.")
final class VmList implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--status", paramLabel = "STATUS", converter = VmStatus.Converter.class,
            completionCandidates = VmStatus.Names.class, description = "One of: ${COMPLETION-CANDIDATES}.")
    VmStatus status;

    @Option(names = "--host", paramLabel = "ID", description = "Only VMs running on this host.")
    String hostId;

    @Option(names = "--cluster", paramLabel = "ID", description = "Only VMs of this cluster.")
    String clusterId;

    @Option(names = "--name", paramLabel = "NAME", description = "Only the VM with this name.")
    String name;

    @Option(names = "--page", paramLabel = "P", description = "Page number, from 0.")
    Integer page;

    @Option(names = "--size", paramLabel = "N", description = "Page size (the manager's default: 50).")
    Integer size;

    @Override
    public Integer call() {
        FlotillaCli cli = FlotillaCli.of(spec);
        Query query = Query.of()
                .with("status", status == null ? null : status.apiName())
                .with("hostId", hostId)
                .with("clusterId", clusterId)
                .with("name", name)
                .with("page", page)
                .with("size", size);
        cli.printer().list(cli.api().get(VmCommand.VMS, query), Vm.class, Vm.COLUMNS);
        return 0;
    }
}
