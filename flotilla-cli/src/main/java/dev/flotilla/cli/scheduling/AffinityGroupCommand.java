package dev.flotilla.cli.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.cli.FlotillaCli;
import dev.flotilla.cli.api.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flotilla affinity-group list|show|create|update|delete CLUSTER ...}: oVirt's affinity
 * groups. Members are given by name or id; a change moves no VM (it applies from the next
 * placement).
 */
@Command(name = "affinity-group", description = "Affinity groups of a cluster: VMs kept together or apart, on or off some hosts.")
public final class AffinityGroupCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "List a cluster's affinity groups.")
    int list(@Parameters(paramLabel = "CLUSTER", description = "id or name") String cluster) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.printer().list(cli.api().get(groups(cli, cluster)), AffinityGroup.class, AffinityGroup.COLUMNS);
        return 0;
    }

    @Command(name = "show", description = "Show an affinity group with its members by name.")
    int show(@Parameters(index = "0", paramLabel = "CLUSTER") String cluster, @Parameters(index = "1", paramLabel = "GROUP") String group) {
        FlotillaCli cli = FlotillaCli.of(spec);
        JsonNode g = cli.api().get(group(cli, cluster, group));
        cli.printer().details(g, AffinityGroup.class, a -> a.details(name(cli, "/vms"), name(cli, "/hosts")));
        return 0;
    }

    /** The members and rule options create and update share. */
    static final class Members {
        @Option(names = "--vm", paramLabel = "VM", description = "Member VM, id or name (repeatable; on update replaces the VMs).")
        List<String> vms;

        @Option(names = "--host", paramLabel = "HOST", description = "Member host, id or name (repeatable; on update replaces the hosts).")
        List<String> hosts;

        @Option(names = "--positive", negatable = true, description = "Together and on the hosts (--no-positive: apart and off them).")
        Boolean positive;

        @Option(names = "--enforcing", negatable = true, description = "Hard rule (--no-enforcing: a preference).")
        Boolean enforcing;

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        void putInto(FlotillaCli cli, Map<String, Object> body) {
            putIfSet(body, "description", description);
            putIfSet(body, "positive", positive);
            putIfSet(body, "enforcing", enforcing);
            if (vms != null) {
                body.put("vmIds", vms.stream().map(v -> cli.resolve("/vms", "VM", v)).toList());
            }
            if (hosts != null) {
                body.put("hostIds", hosts.stream().map(h -> cli.resolve("/hosts", "host", h)).toList());
            }
        }
    }

    @Command(name = "create", description = "Create an affinity group (positive and enforcing unless told otherwise).")
    int create(@Parameters(index = "0", paramLabel = "CLUSTER") String cluster, @Parameters(index = "1", paramLabel = "NAME") String name,
               @picocli.CommandLine.Mixin Members members) {
        FlotillaCli cli = FlotillaCli.of(spec);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        members.putInto(cli, body);
        cli.printer().row(cli.api().post(groups(cli, cluster), body), AffinityGroup.class, AffinityGroup.COLUMNS);
        return 0;
    }

    @Command(name = "update", description = "Change an affinity group; options left out keep their value.")
    int update(@Parameters(index = "0", paramLabel = "CLUSTER") String cluster, @Parameters(index = "1", paramLabel = "GROUP") String group,
               @Option(names = "--name", paramLabel = "NAME", description = "New name.") String newName,
               @Option(names = "--no-vms", description = "Remove every VM.") boolean noVms,
               @Option(names = "--no-hosts", description = "Remove every host.") boolean noHosts,
               @picocli.CommandLine.Mixin Members members) {
        FlotillaCli cli = FlotillaCli.of(spec);
        String path = group(cli, cluster, group);
        Map<String, Object> body = new LinkedHashMap<>();
        putIfSet(body, "name", newName);
        if (noVms) {
            body.put("vmIds", List.of());
        }
        if (noHosts) {
            body.put("hostIds", List.of());
        }
        members.putInto(cli, body);
        body.put("version", cli.api().get(path).path("version").asLong());
        cli.printer().row(cli.api().patch(path, body), AffinityGroup.class, AffinityGroup.COLUMNS);
        return 0;
    }

    @Command(name = "delete", description = "Delete an affinity group.")
    int delete(@Parameters(index = "0", paramLabel = "CLUSTER") String cluster, @Parameters(index = "1", paramLabel = "GROUP") String group) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.api().delete(group(cli, cluster, group));
        cli.printer().message("Affinity group " + group + " was deleted.", null);
        return 0;
    }

    private static String groups(FlotillaCli cli, String cluster) {
        return "/clusters/" + cli.resolve("/clusters", "cluster", cluster) + "/affinitygroups";
    }

    /** The group's path; a group is named within its cluster, so the name is looked up in the cluster's list. */
    private static String group(FlotillaCli cli, String cluster, String group) {
        String groups = groups(cli, cluster);
        for (JsonNode g : cli.api().get(groups).path("items")) {
            if (group.equals(g.path("name").asText()) || group.equals(g.path("id").asText())) {
                return groups + "/" + g.path("id").asText();
            }
        }
        throw new ApiException(404, "no affinity group '" + group + "' in cluster " + cluster, List.of());
    }

    /** A member id's name, or the id itself when the object is gone. */
    private static Function<String, String> name(FlotillaCli cli, String collection) {
        return id -> {
            try {
                return cli.api().get(collection + "/" + id).path("name").asText(id);
            } catch (ApiException e) {
                return id;
            }
        };
    }

    static void putIfSet(Map<String, Object> body, String key, Object value) {
        if (value != null) {
            body.put(key, value);
        }
    }
}
