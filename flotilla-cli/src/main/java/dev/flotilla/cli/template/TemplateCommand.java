package dev.flotilla.cli.template;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.cli.FlotillaCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flotilla template list|show|create|delete|new-vm}. */
@Command(name = "template", description = "Templates: a stopped VM's configuration and copies of its disks; VMs made from them thin or cloned.")
public final class TemplateCommand {

    static final String TEMPLATES = "/templates";

    @Spec
    CommandSpec spec;

    record CreateRequest(String vmId, String name, String description) {}

    record NewVmRequest(String name, String mode) {}

    @Command(name = "list", description = "List templates.")
    int list() {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.printer().list(cli.api().get(TEMPLATES), Template.class, Template.COLUMNS);
        return 0;
    }

    @Command(name = "show", description = "One template with its disks.")
    int show(@Parameters(paramLabel = "TEMPLATE", description = "id or name") String template) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.printer().details(cli.api().get(TEMPLATES + "/" + id(cli, template)), Template.class, Template::details);
        return 0;
    }

    @Command(name = "create", description = "Make a template from a VM that is Down (its disks are copied by a job).")
    int create(@Option(names = "--vm", required = true, paramLabel = "VM", description = "id or name") String vm,
               @Option(names = "--name", required = true, paramLabel = "NAME") String name,
               @Option(names = "--description", paramLabel = "TEXT") String description) {
        FlotillaCli cli = FlotillaCli.of(spec);
        JsonNode made = cli.api().post(TEMPLATES, new CreateRequest(cli.resolve("/vms", "VM", vm), name, description));
        String job = made.path("jobId").asText();
        cli.printer().message("template " + name + " is being made: job " + job + " (flotilla job show " + job + ")", made);
        return 0;
    }

    @Command(name = "delete", description = "Delete a template (refused while thin VMs read from it; they are named).")
    int delete(@Parameters(paramLabel = "TEMPLATE", description = "id or name") String template) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.api().delete(TEMPLATES + "/" + id(cli, template));
        cli.printer().message("template " + template + " deleted", null);
        return 0;
    }

    @Command(name = "new-vm", description = "Make a VM from a template: thin (overlays on its volumes, at once) or clone (full copies, a job).")
    int newVm(@Parameters(paramLabel = "TEMPLATE", description = "id or name") String template,
              @Option(names = "--name", required = true, paramLabel = "NAME") String name,
              @Option(names = "--mode", paramLabel = "MODE", defaultValue = "thin", description = "thin (default) or clone.") String mode) {
        FlotillaCli cli = FlotillaCli.of(spec);
        JsonNode made = cli.api().post(TEMPLATES + "/" + id(cli, template) + "/vms", new NewVmRequest(name, mode));
        String job = made.path("jobId").isTextual() ? made.path("jobId").asText() : null;
        cli.printer().message("VM " + name + " made " + mode + " from template " + template
                + (job == null ? "" : "; its disks are being copied: job " + job), made);
        return 0;
    }

    private static String id(FlotillaCli cli, String template) {
        return cli.resolve(TEMPLATES, "template", template);
    }
}
