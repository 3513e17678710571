package dev.flotilla.cli.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.cli.FlotillaCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flotilla snapshot list|create|show|delete|preview|undo|commit|restore|clone --vm VM}. */
@Command(name = "snapshot", description = "Snapshots of a VM: take (live when it runs), preview, commit or undo, restore, delete (a merge job).")
public final class SnapshotCommand {

    @Spec
    CommandSpec spec;

    record CreateRequest(String description) {}

    record CloneRequest(String name) {}

    @Command(name = "list", description = "The VM's snapshots, oldest first (the order of its disks' chains).")
    int list(@Option(names = "--vm", required = true, paramLabel = "VM", description = "id or name") String vm) {
        FlotillaCli cli = FlotillaCli.of(spec);
        JsonNode chain = cli.api().get(path(cli, vm));
        cli.printer().list(chain, Snapshot.class, Snapshot.COLUMNS);
        if (chain.path("previewing").isTextual()) {
            cli.printer().note("previewing snapshot " + chain.path("previewing").asText() + ": commit or undo it");
        }
        return 0;
    }

    @Command(name = "create", description = "Take a snapshot of every disk of the VM at once.")
    int create(@Option(names = "--vm", required = true, paramLabel = "VM") String vm,
               @Option(names = "--description", paramLabel = "TEXT", defaultValue = "") String description) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.printer().row(cli.api().post(path(cli, vm), new CreateRequest(description)), Snapshot.class, Snapshot.COLUMNS);
        return 0;
    }

    @Command(name = "show", description = "One snapshot, with the volume that keeps its state on each disk and the VM's configuration it kept.")
    int show(@Option(names = "--vm", required = true, paramLabel = "VM") String vm, @Parameters(paramLabel = "SNAPSHOT") String id) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.printer().details(cli.api().get(path(cli, vm) + "/" + id), Snapshot.class, Snapshot::details);
        return 0;
    }

    @Command(name = "delete", description = "Delete a snapshot, merging its volumes (a job; live when the VM runs). Run again to retry a failed merge.")
    int delete(@Option(names = "--vm", required = true, paramLabel = "VM") String vm, @Parameters(paramLabel = "SNAPSHOT") String id) {
        FlotillaCli cli = FlotillaCli.of(spec);
        JsonNode accepted = cli.api().delete(path(cli, vm) + "/" + id);
        String job = accepted == null ? "" : accepted.path("jobId").asText();
        cli.printer().message("deleting snapshot " + id + ": job " + job + " (flotilla job show " + job + ")", accepted);
        return 0;
    }

    @Command(name = "preview", description = "Run the VM from a snapshot (the VM must be Down); then commit or undo.")
    int preview(@Option(names = "--vm", required = true, paramLabel = "VM") String vm, @Parameters(paramLabel = "SNAPSHOT") String id) {
        return op(vm, id, "preview");
    }

    @Command(name = "undo", description = "Leave the preview: back to the volumes the VM had before it.")
    int undo(@Option(names = "--vm", required = true, paramLabel = "VM") String vm, @Parameters(paramLabel = "SNAPSHOT") String id) {
        return op(vm, id, "undo");
    }

    @Command(name = "commit", description = "Keep the preview: the VM goes on from the snapshot; later snapshots are dropped.")
    int commit(@Option(names = "--vm", required = true, paramLabel = "VM") String vm, @Parameters(paramLabel = "SNAPSHOT") String id) {
        return op(vm, id, "commit");
    }

    @Command(name = "restore", description = "Go back to a snapshot (preview and commit in one; the VM must be Down).")
    int restore(@Option(names = "--vm", required = true, paramLabel = "VM") String vm, @Parameters(paramLabel = "SNAPSHOT") String id) {
        return op(vm, id, "restore");
    }

    @Command(name = "clone", description = "A new VM with the VM's configuration and full copies of its disks as they were at the snapshot (a job).")
    int cloneVm(@Option(names = "--vm", required = true, paramLabel = "VM") String vm, @Parameters(paramLabel = "SNAPSHOT") String id,
                @Option(names = "--name", required = true, paramLabel = "NAME", description = "The new VM's name.") String name) {
        FlotillaCli cli = FlotillaCli.of(spec);
        JsonNode started = cli.api().post(path(cli, vm) + "/" + id + "/clone", new CloneRequest(name));
        String job = started.path("jobId").asText();
        cli.printer().message("cloning VM " + name + " from snapshot " + id + ": job " + job + " (flotilla job show " + job + ")", started);
        return 0;
    }

    private int op(String vm, String id, String op) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.printer().row(cli.api().post(path(cli, vm) + "/" + id + "/" + op, null), Snapshot.class, Snapshot.COLUMNS);
        return 0;
    }

    private static String path(FlotillaCli cli, String vm) {
        return "/vms/" + cli.resolve("/vms", "VM", vm) + "/snapshots";
    }
}
