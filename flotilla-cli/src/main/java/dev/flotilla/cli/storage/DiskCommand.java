package dev.flotilla.cli.storage;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.cli.FlotillaCli;
import dev.flotilla.cli.api.ApiException;
import dev.flotilla.cli.api.Query;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flotilla disk}: disks on storage domains, and attaching them to VMs. */
@Command(name = "disk", description = "Disks (qcow2 thin or raw preallocated) on data storage domains.")
public final class DiskCommand {

    static final String DISKS = "/disks";

    @Spec
    CommandSpec spec;

    record CreateRequest(String name, String description, String storageDomainId, long sizeBytes, String format, Integer lun) {}

    record GrowRequest(long sizeBytes) {}

    record CopyRequest(String storageDomainId, String name) {}

    record AttachRequest(String diskId, @JsonProperty("interface") String diskInterface, boolean bootable, boolean readOnly) {}

    @Command(name = "list", description = "List disks, or the disks of one VM with --vm.")
    int list(@Option(names = "--storage", paramLabel = "DOMAIN", description = "Only the disks on this storage domain.") String domain,
             @Option(names = "--vm", paramLabel = "VM", description = "The disks of this VM, in the order its guest sees them.") String vm,
             @Option(names = "--page", paramLabel = "P") Integer page,
             @Option(names = "--size", paramLabel = "N") Integer size) {
        FlotillaCli cli = FlotillaCli.of(spec);
        if (vm != null) {
            cli.printer().list(cli.api().get("/vms/" + cli.resolve("/vms", "VM", vm) + "/disks"), VmDisk.class, VmDisk.COLUMNS);
            return 0;
        }
        String domainId = domain == null ? null : StorageCommand.id(cli, domain);
        cli.printer().list(cli.api().get(DISKS, Query.of().with("storageDomainId", domainId).with("page", page).with("size", size)),
                Disk.class, Disk.COLUMNS);
        return 0;
    }

    @Command(name = "show", description = "Show one disk in full.")
    int show(@Parameters(paramLabel = "DISK", description = "id or name") String disk) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.printer().details(cli.api().get(DISKS + "/" + id(cli, disk)), Disk.class, Disk::details);
        return 0;
    }

    @Command(name = "create", description = "Create a disk on a data domain (its free space is checked first).")
    int create(@Option(names = "--name", required = true, paramLabel = "NAME") String name,
               @Option(names = "--storage", required = true, paramLabel = "DOMAIN", description = "id or name of an Active data domain.") String domain,
               @Option(names = "--size", required = true, paramLabel = "SIZE", converter = Size.class,
                       description = "e.g. 10G, 512M, or bytes.") long sizeBytes,
               @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "qcow2",
                       description = "qcow2 (thin, default) or raw (preallocated).") String format,
               @Option(names = "--lun", paramLabel = "N", description = "iscsi: the LUN to use (default: the smallest free one that holds it).") Integer lun,
               @Option(names = "--description", paramLabel = "TEXT") String description) {
        FlotillaCli cli = FlotillaCli.of(spec);
        var body = new CreateRequest(name, description, StorageCommand.id(cli, domain), sizeBytes, format, lun);
        cli.printer().row(cli.api().post(DISKS, body), Disk.class, Disk.COLUMNS);
        return 0;
    }

    @Command(name = "upload", description = "Upload a qcow2 or raw image file as a new disk (the host verifies its format).")
    int upload(@Parameters(paramLabel = "FILE") java.nio.file.Path file,
               @Option(names = "--name", required = true, paramLabel = "NAME") String name,
               @Option(names = "--storage", required = true, paramLabel = "DOMAIN", description = "id or name of an Active data domain; on iscsi the image goes onto the smallest free LUN that holds it.") String domain,
               @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "qcow2 or raw: what the file is.") String format,
               @Option(names = "--description", paramLabel = "TEXT") String description) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.printer().row(ImageUpload.run(cli, file, name, StorageCommand.id(cli, domain), format, description), Disk.class, Disk.COLUMNS);
        return 0;
    }

    @Command(name = "download", description = "Download a disk's image file (qcow2 or raw, as stored; a disk on an iSCSI LUN is read out in its format).")
    int download(@Parameters(paramLabel = "DISK", description = "id or name") String disk,
                 @Option(names = "--to", required = true, paramLabel = "FILE", description = "Where to write the image.") java.nio.file.Path output) {
        FlotillaCli cli = FlotillaCli.of(spec);
        long bytes = cli.api().download(DISKS + "/" + id(cli, disk) + "/download", output);
        cli.printer().message("disk " + disk + " downloaded to " + output + " (" + bytes + " bytes)", null);
        return 0;
    }

    @Command(name = "grow", description = "Grow a disk (never shrinks; its VM must be Down).")
    int grow(@Parameters(paramLabel = "DISK", description = "id or name") String disk,
             @Option(names = "--size", required = true, paramLabel = "SIZE", converter = Size.class, description = "The new size, e.g. 20G.")
             long sizeBytes) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.printer().row(cli.api().post(DISKS + "/" + id(cli, disk) + "/grow", new GrowRequest(sizeBytes)), Disk.class, Disk.COLUMNS);
        return 0;
    }

    @Command(name = "attach", description = "Attach a disk to a VM; to a running VM it is plugged in live (the guest sees a new disk).")
    int attach(@Parameters(paramLabel = "DISK", description = "id or name") String disk,
               @Option(names = "--vm", required = true, paramLabel = "VM", description = "id or name") String vm,
               @Option(names = "--interface", paramLabel = "BUS", defaultValue = "virtio-blk",
                       description = "virtio-blk (default) or virtio-scsi.") String diskInterface,
               @Option(names = "--bootable", description = "Boot from it (it comes first: vda).") boolean bootable,
               @Option(names = "--read-only", description = "The guest may only read it.") boolean readOnly) {
        FlotillaCli cli = FlotillaCli.of(spec);
        String vmId = cli.resolve("/vms", "VM", vm);
        var body = new AttachRequest(id(cli, disk), diskInterface, bootable, readOnly);
        cli.printer().row(cli.api().post("/vms/" + vmId + "/disks", body), VmDisk.class, VmDisk.COLUMNS);
        return 0;
    }

    @Command(name = "detach", description = "Detach a disk from its VM; from a running VM it is unplugged live once the guest releases it.")
    int detach(@Parameters(paramLabel = "DISK", description = "id or name") String disk) {
        FlotillaCli cli = FlotillaCli.of(spec);
        String diskId = id(cli, disk);
        JsonNode found = cli.api().get(DISKS + "/" + diskId);
        String vmId = found.path("vmId").asText(null);
        if (vmId == null || vmId.isEmpty() || found.path("vmId").isNull()) {
            throw new ApiException("disk " + disk + " is not attached to any VM");
        }
        cli.api().delete("/vms/" + vmId + "/disks/" + diskId);
        cli.printer().message("disk " + disk + " detached from VM " + found.path("vmName").asText(vmId), null);
        return 0;
    }

    @Command(name = "move", description = "Move a disk to another storage domain; a disk of a running VM moves live (a job: see `flotilla job show`).")
    int move(@Parameters(paramLabel = "DISK", description = "id or name") String disk,
             @Option(names = "--storage", required = true, paramLabel = "DOMAIN", description = "id or name of the Active data domain to move it to.") String domain) {
        FlotillaCli cli = FlotillaCli.of(spec);
        JsonNode started = cli.api().post(DISKS + "/" + id(cli, disk) + "/move", new CopyRequest(StorageCommand.id(cli, domain), null));
        cli.printer().message("moving disk " + disk + " to " + domain + ": job " + started.path("jobId").asText(), null);
        return 0;
    }

    @Command(name = "cancel-move", description = "Stop a disk's live move: its VM stays on the source volumes and the job ends cancelled.")
    int cancelMove(@Parameters(paramLabel = "DISK", description = "id or name") String disk) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.api().post(DISKS + "/" + id(cli, disk) + "/move/cancel", null);
        cli.printer().message("cancelling the live move of disk " + disk, null);
        return 0;
    }

    @Command(name = "copy", description = "Copy a disk (flattened: snapshots included) into a new disk on a storage domain; a job.")
    int copy(@Parameters(paramLabel = "DISK", description = "id or name") String disk,
             @Option(names = "--storage", required = true, paramLabel = "DOMAIN", description = "id or name of an Active data domain.") String domain,
             @Option(names = "--name", required = true, paramLabel = "NAME", description = "The new disk's name.") String name) {
        FlotillaCli cli = FlotillaCli.of(spec);
        JsonNode started = cli.api().post(DISKS + "/" + id(cli, disk) + "/copy", new CopyRequest(StorageCommand.id(cli, domain), name));
        cli.printer().message("copying disk " + disk + " into " + name + ": job " + started.path("jobId").asText(), null);
        return 0;
    }

    @Command(name = "delete", description = "Delete a disk and its data (refused while its VM runs).")
    int delete(@Parameters(paramLabel = "DISK", description = "id or name") String disk) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.api().delete(DISKS + "/" + id(cli, disk));
        cli.printer().message("disk " + disk + " deleted", null);
        return 0;
    }

    private static String id(FlotillaCli cli, String disk) {
        return cli.resolve(DISKS, "disk", disk);
    }
}
