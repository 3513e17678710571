package dev.flotilla.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.cli.api.ApiClient;
import dev.flotilla.cli.api.ApiException;
import dev.flotilla.cli.api.IdResolver;
import dev.flotilla.cli.datacenter.ClusterCommand;
import dev.flotilla.cli.datacenter.DatacenterCommand;
import dev.flotilla.cli.event.EventCommand;
import dev.flotilla.cli.job.JobCommand;
import dev.flotilla.cli.snapshot.SnapshotCommand;
import dev.flotilla.cli.template.TemplateCommand;
import dev.flotilla.cli.host.HostCommand;
import dev.flotilla.cli.identity.AuthCommand;
import dev.flotilla.cli.identity.DomainCommand;
import dev.flotilla.cli.identity.GroupCommand;
import dev.flotilla.cli.identity.PermissionCommand;
import dev.flotilla.cli.identity.RoleCommand;
import dev.flotilla.cli.identity.UserCommand;
import dev.flotilla.cli.output.OutputFormat;
import dev.flotilla.cli.output.Printer;
import dev.flotilla.cli.scheduling.AffinityGroupCommand;
import dev.flotilla.cli.scheduling.SchedulingPolicyCommand;
import dev.flotilla.cli.storage.DiskCommand;
import dev.flotilla.cli.storage.StorageCommand;
import dev.flotilla.cli.vm.VmCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The root command. It has no action of its own: without a verb picocli reports a missing
 * subcommand (exit 2). Global options are inherited, so they may be written before or after
 * the verb ({@code flotilla -o json vm list} and {@code flotilla vm list -o json}).
 */
@Command(name = "flotilla",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT, // --help on every verb, not only the root
        version = "flotilla 0.1.0-SNAPSHOT",
        description = "Command-line client of the Flotilla manager's REST API.",
        subcommands = {VmCommand.class, HostCommand.class, StorageCommand.class, DiskCommand.class,
                dev.flotilla.cli.storage.IsoCommand.class, EventCommand.class, JobCommand.class, SnapshotCommand.class, TemplateCommand.class,
                DatacenterCommand.class, ClusterCommand.class, AffinityGroupCommand.class, SchedulingPolicyCommand.class,
                UserCommand.class, GroupCommand.class, RoleCommand.class, PermissionCommand.class, DomainCommand.class, AuthCommand.class,
                CommandLine.HelpCommand.class})
public final class FlotillaCli {

    /** Where {@code ./flotilla up} leaves the generated admin password, relative to the launcher's directory. */
    static final Path DEFAULT_PASSWORD_FILE = Path.of("data", "admin-password");

    @Spec
    CommandSpec spec;

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:FLOTILLA_URL:-http://localhost:8080}",
            description = "The manager (env FLOTILLA_URL; default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--user", scope = ScopeType.INHERIT, paramLabel = "USER",
            defaultValue = "${env:FLOTILLA_USER:-admin@internal}",
            description = "Who logs in (env FLOTILLA_USER; default: ${DEFAULT-VALUE}).")
    String user;

    // No ${DEFAULT-VALUE} in the description: help must never print the password.
    @Option(names = "--password", scope = ScopeType.INHERIT, paramLabel = "PASSWORD",
            defaultValue = "${env:FLOTILLA_PASSWORD}",
            description = "The password (env FLOTILLA_PASSWORD; else the file data/admin-password "
                    + "that ./flotilla up writes, read from the current directory).")
    String password;

    // A bearer token from `flotilla auth token`; when set, no password is needed or sent.
    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
            defaultValue = "${env:FLOTILLA_TOKEN}",
            description = "A bearer token from 'flotilla auth token' (env FLOTILLA_TOKEN); used instead of the password.")
    String token;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT",
            defaultValue = "table",
            description = "table or json (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    private final Path passwordFile;
    private final ObjectMapper json = new ObjectMapper()
            // The manager is written in parallel and will grow fields; the CLI reads what it needs.
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private ApiClient api;

    public FlotillaCli() {
        this(DEFAULT_PASSWORD_FILE);
    }

    /** @param passwordFile where to look for the password when neither option nor env gives one */
    public FlotillaCli(Path passwordFile) {
        this.passwordFile = passwordFile;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new FlotillaCli()).execute(args));
    }

    /** The configured command line: main uses it, and so do tests with their own out/err. */
    public static CommandLine commandLine(FlotillaCli root) {
        return new CommandLine(root)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(FlotillaCli::printFailure);
    }

    /** The root of the command a subcommand belongs to. */
    public static FlotillaCli of(CommandSpec spec) {
        return (FlotillaCli) spec.root().userObject();
    }

    public ApiClient api() {
        if (api == null) {
            api = token != null && !token.isBlank() ? ApiClient.withToken(url, token.strip(), json)
                    : new ApiClient(url, user, password(), json);
        }
        return api;
    }

    /** The id of a VM or host given by id or exact name. */
    public String resolve(String collection, String kind, String idOrName) {
        return new IdResolver(api()).resolve(collection, kind, idOrName);
    }

    public Printer printer() {
        CommandLine commandLine = spec.commandLine();
        return new Printer(output, json, commandLine.getOut(), commandLine.getErr());
    }

    private String password() {
        if (password != null) {
            return password;
        }
        if (Files.isReadable(passwordFile)) {
            try {
                return Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new ApiException("cannot read " + passwordFile + ": " + e.getMessage());
            }
        }
        throw new ApiException("no password: use --password or FLOTILLA_PASSWORD, or run from the directory "
                + "where ./flotilla up wrote data/admin-password");
    }

    /** Failures are expected outcomes here (a 409, a manager that is down): one line, no stack trace. */
    private static int printFailure(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
        var err = commandLine.getErr();
        if (e instanceof ApiException failure) {
            err.println("error: " + failure.getMessage());
            failure.errors().forEach(f -> err.println("  " + f.field() + ": " + f.reason()));
            failure.details().forEach(d -> err.println("  " + d));
        } else {
            err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        err.flush();
        return 1;
    }
}
