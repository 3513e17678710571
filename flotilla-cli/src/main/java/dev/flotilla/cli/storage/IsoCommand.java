package dev.flotilla.cli.storage;

import dev.flotilla.cli.FlotillaCli;
import dev.flotilla.cli.api.Query;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flotilla iso}: ISO images on iso storage domains. */
@Command(name = "iso", description = "ISO images on iso storage domains.")
public final class IsoCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "List the ISO images of every iso domain, or of one with --storage.")
    int list(@Option(names = "--storage", paramLabel = "DOMAIN", description = "id or name of an iso domain.") String domain) {
        FlotillaCli cli = FlotillaCli.of(spec);
        String path = domain == null ? "/isos" : "/storagedomains/" + StorageCommand.id(cli, domain) + "/isos";
        cli.printer().list(cli.api().get(path, Query.of()), Disk.class, Disk.COLUMNS);
        return 0;
    }

    @Command(name = "upload", description = "Upload an ISO file to an iso domain (its ISO 9660 signature is checked by the host).")
    int upload(@Parameters(paramLabel = "FILE") Path file,
               @Option(names = "--storage", required = true, paramLabel = "DOMAIN", description = "id or name of an Active iso domain.") String domain,
               @Option(names = "--name", paramLabel = "NAME", description = "Default: the file's name.") String name,
               @Option(names = "--description", paramLabel = "TEXT") String description) {
        FlotillaCli cli = FlotillaCli.of(spec);
        String isoName = name != null ? name : file.getFileName().toString();
        cli.printer().row(ImageUpload.run(cli, file, isoName, StorageCommand.id(cli, domain), "iso", description), Disk.class, Disk.COLUMNS);
        return 0;
    }

    @Command(name = "delete", description = "Delete an ISO image.")
    int delete(@Parameters(paramLabel = "ISO", description = "id or name") String iso) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.api().delete("/isos/" + cli.resolve(DiskCommand.DISKS, "ISO", iso));
        cli.printer().message("ISO " + iso + " deleted", null);
        return 0;
    }
}
