package dev.flotilla.manager.identity.access;

import static dev.flotilla.manager.identity.access.ActionGroup.*;
import static dev.flotilla.manager.identity.access.Target.anywhere;
import static dev.flotilla.manager.identity.access.Target.body;
import static dev.flotilla.manager.identity.access.Target.cluster;
import static dev.flotilla.manager.identity.access.Target.host;
import static dev.flotilla.manager.identity.access.Target.open;
import static dev.flotilla.manager.identity.access.Target.path;
import static dev.flotilla.manager.identity.access.Target.system;
import static dev.flotilla.manager.identity.access.Target.vm;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Every route of the manager (REST API and console) and what it needs: one line per route. When
 * several lines match a request the most specific pattern wins, so the prefix defaults at the end
 * (for features still being built) give way to exact lines. A route without a line fails
 * {@code RouteTableCoverageTest}, whose message is the line to add here.
 */
public final class RouteTable {

    private static final PathPatternParser PARSER = new PathPatternParser();
    private static final Map<String, ActionGroup> VM_BUTTONS = Map.of("start", RUN_VM, "shutdown", RUN_VM, "stop", RUN_VM,
            "reboot", RUN_VM, "pause", RUN_VM, "resume", RUN_VM, "migrate", MIGRATE_VM, "cancelmigration", MIGRATE_VM,
            "delete", DELETE_VM);
    private static final Map<String, ActionGroup> HOST_BUTTONS = Map.of("approve", CREATE_HOST, "maintenance", MANIPULATE_HOST,
            "activate", MANIPULATE_HOST, "delete", DELETE_HOST);

    private static final List<RouteRule> RULES = List.of(
            // --- REST API: data centers and clusters
            list("/api/v1/datacenters", SecuredType.DATACENTER),
            get("/api/v1/datacenters/{id}", VIEW, path(SecuredType.DATACENTER, "id")),
            rule("POST", "/api/v1/datacenters", CREATE_DATACENTER, system()),
            rule("PATCH", "/api/v1/datacenters/{id}", CHANGE_DATACENTER, path(SecuredType.DATACENTER, "id")),
            rule("DELETE", "/api/v1/datacenters/{id}", DELETE_DATACENTER, path(SecuredType.DATACENTER, "id")),
            list("/api/v1/clusters", SecuredType.CLUSTER),
            get("/api/v1/clusters/{id}", VIEW, cluster("id")),
            rule("POST", "/api/v1/clusters", CREATE_CLUSTER, body(SecuredType.DATACENTER, "dataCenterId")),
            rule("PATCH", "/api/v1/clusters/{id}", CHANGE_CLUSTER, cluster("id")),
            rule("DELETE", "/api/v1/clusters/{id}", DELETE_CLUSTER, cluster("id")),
            get("/api/v1/clusters/{id}/migrationdefaults", VIEW, cluster("id")),
            rule("PUT", "/api/v1/clusters/{id}/migrationdefaults", CHANGE_CLUSTER, cluster("id")),
            get("/api/v1/clusters/{id}/powersaving", VIEW, cluster("id")),
            get("/api/v1/clusters/{clusterId}/affinitygroups/**", VIEW, cluster("clusterId")),
            rule(null, "/api/v1/clusters/{clusterId}/affinitygroups/**", CHANGE_CLUSTER, cluster("clusterId")),
            get("/api/v1/schedulingpolicyunits", LOGIN, anywhere()),
            get("/api/v1/schedulingpolicies/**", LOGIN, anywhere()),
            rule(null, "/api/v1/schedulingpolicies/**", CONFIGURE_SYSTEM, system()),
            // --- hosts
            list("/api/v1/hosts", SecuredType.HOST),
            get("/api/v1/hosts/{id}", VIEW, host("id")),
            get("/api/v1/hosts/{id}/stats/history", VIEW, host("id")),
            rule("POST", "/api/v1/hosts/enrollment-tokens", CREATE_HOST, system()),
            rule("POST", "/api/v1/hosts/{id}/approve", CREATE_HOST, host("id")),
            rule("POST", "/api/v1/hosts/{id}/maintenance", MANIPULATE_HOST, host("id")),
            rule("POST", "/api/v1/hosts/{id}/activate", MANIPULATE_HOST, host("id")),
            rule("POST", "/api/v1/hosts/{id}/fence", MANIPULATE_HOST, host("id")),
            get("/api/v1/hosts/{id}/powermanagement", VIEW, host("id")),   // the BMC password is never in it
            rule("PUT", "/api/v1/hosts/{id}/powermanagement", CHANGE_HOST, host("id")),
            rule("DELETE", "/api/v1/hosts/{id}/powermanagement", CHANGE_HOST, host("id")),
            rule("POST", "/api/v1/hosts/{id}/powermanagement/test", MANIPULATE_HOST, host("id")),
            rule("DELETE", "/api/v1/hosts/{id}", DELETE_HOST, host("id")),
            // --- VMs
            list("/api/v1/vms", SecuredType.VM),
            rule("POST", "/api/v1/vms", CREATE_VM, body(SecuredType.CLUSTER, "clusterId")),
            get("/api/v1/vms/{id}/**", VIEW, vm("id")),
            rule("PATCH", "/api/v1/vms/{id}", CHANGE_VM, vm("id")),
            rule("DELETE", "/api/v1/vms/{id}", DELETE_VM, vm("id")),
            rule("POST", "/api/v1/vms/{id}/{action:start|shutdown|stop|reboot|pause|resume}", RUN_VM, vm("id")),
            rule("POST", "/api/v1/vms/{id}/{action:migrate|cancelmigration}", MIGRATE_VM, vm("id")),
            rule("POST", "/api/v1/vms/{id}/console", CONNECT_TO_VM, vm("id")),
            rule("PUT", "/api/v1/vms/{id}/cdrom", CHANGE_VM, vm("id")),
            rule("DELETE", "/api/v1/vms/{id}/cdrom", CHANGE_VM, vm("id")),
            rule("PUT", "/api/v1/vms/{id}/highavailability", CHANGE_VM, vm("id")),
            list("/api/v1/ha/restarts", SecuredType.VM),
            get("/api/v1/vms/{id}/screenshot", CONNECT_TO_VM, vm("id")),
            rule(null, "/api/v1/vms/{id}/pinnedhosts", CHANGE_VM, vm("id")),
            rule(null, "/api/v1/vms/{id}/disks/**", CHANGE_VM, vm("id")),
            rule(null, "/api/v1/vms/{id}/snapshots/**", MANAGE_SNAPSHOTS, vm("id")),
            rule("POST", "/api/v1/vms/{id}/snapshots/{sid}/clone", CREATE_VM, vm("id")),
            get("/api/v1/consoles", LOGIN, anywhere()),
            // --- storage
            list("/api/v1/storagedomains", SecuredType.STORAGE_DOMAIN),
            rule("POST", "/api/v1/storagedomains", MANAGE_STORAGE, body(SecuredType.DATACENTER, "dataCenterId")),
            get("/api/v1/storagedomains/{id}/**", VIEW, path(SecuredType.STORAGE_DOMAIN, "id")),
            rule(null, "/api/v1/storagedomains/{id}/**", MANAGE_STORAGE, path(SecuredType.STORAGE_DOMAIN, "id")),
            list("/api/v1/disks", SecuredType.DISK),
            rule("POST", "/api/v1/disks", CREATE_DISK, body(SecuredType.STORAGE_DOMAIN, "storageDomainId")),
            get("/api/v1/disks/{id}/**", VIEW, path(SecuredType.DISK, "id")),
            rule("DELETE", "/api/v1/disks/{id}", DELETE_DISK, path(SecuredType.DISK, "id")),
            rule(null, "/api/v1/disks/{id}/**", CHANGE_DISK, path(SecuredType.DISK, "id")),
            get("/api/v1/isos/**", LOGIN, anywhere()),
            rule(null, "/api/v1/isos/**", MANAGE_STORAGE, system()),
            get("/api/v1/imagetransfers/**", LOGIN, anywhere()),
            rule(null, "/api/v1/imagetransfers/**", CREATE_DISK, system()),
            // --- templates, jobs, events
            list("/api/v1/templates", SecuredType.TEMPLATE),
            rule("POST", "/api/v1/templates", MANAGE_TEMPLATES, system()),
            get("/api/v1/templates/{id}/**", VIEW, path(SecuredType.TEMPLATE, "id")),
            rule(null, "/api/v1/templates/{id}/**", MANAGE_TEMPLATES, path(SecuredType.TEMPLATE, "id")),
            list("/api/v1/jobs", null),
            get("/api/v1/jobs/**", LOGIN, anywhere()),
            rule(null, "/api/v1/jobs/**", CONFIGURE_SYSTEM, system()),
            list("/api/v1/events", null),
            // --- identity
            rule("POST", "/api/v1/auth/token", LOGIN, anywhere()),
            rule(null, "/api/v1/auth/tokens/**", LOGIN, anywhere()),
            get("/api/v1/users/**", MANAGE_PERMISSIONS, anywhere()),
            rule(null, "/api/v1/users/**", MANAGE_USERS, system()),
            get("/api/v1/groups/**", MANAGE_PERMISSIONS, anywhere()),
            rule(null, "/api/v1/groups/**", MANAGE_USERS, system()),
            get("/api/v1/roles/**", LOGIN, anywhere()),
            rule(null, "/api/v1/roles/**", MANAGE_USERS, system()),
            list("/api/v1/permissions", null),
            rule("POST", "/api/v1/permissions", MANAGE_PERMISSIONS, Target.bodyObject()),
            rule("DELETE", "/api/v1/permissions/{id}", MANAGE_PERMISSIONS, Target.permission("id")),
            rule("POST", "/api/v1/vms/{id}/permissions", MANAGE_PERMISSIONS, vm("id")),
            rule("POST", "/api/v1/hosts/{id}/permissions", MANAGE_PERMISSIONS, host("id")),
            rule("POST", "/api/v1/clusters/{id}/permissions", MANAGE_PERMISSIONS, cluster("id")),
            rule("POST", "/api/v1/datacenters/{id}/permissions", MANAGE_PERMISSIONS, path(SecuredType.DATACENTER, "id")),
            rule("POST", "/api/v1/storagedomains/{id}/permissions", MANAGE_PERMISSIONS, path(SecuredType.STORAGE_DOMAIN, "id")),
            rule("POST", "/api/v1/disks/{id}/permissions", MANAGE_PERMISSIONS, path(SecuredType.DISK, "id")),
            get("/api/v1/hosts/{id}/permissions", VIEW, host("id")),
            get("/api/v1/clusters/{id}/permissions", VIEW, cluster("id")),
            get("/api/v1/datacenters/{id}/permissions", VIEW, path(SecuredType.DATACENTER, "id")),
            get("/api/v1/domains/**", LOGIN, anywhere()),
            rule("POST", "/api/v1/domains/{id}/test", CONFIGURE_SYSTEM, system()),
            rule(null, "/api/v1/domains/**", CONFIGURE_SYSTEM, system()),
            // --- the console (pages and form posts)
            rule(null, "/login", LOGIN, open()),
            rule(null, "/logout", LOGIN, open()),
            rule(null, "/error", LOGIN, open()),
            get("/webjars/**", LOGIN, open()),
            get("/css/**", LOGIN, open()),
            get("/js/**", LOGIN, open()),
            get("/favicon.ico", LOGIN, open()),
            get("/actuator/**", LOGIN, open()),
            get("/swagger-ui/**", LOGIN, open()),
            get("/v3/api-docs/**", LOGIN, open()),
            get("/api/v1/openapi.json/**", LOGIN, open()),
            get("/api/v1/swagger-ui/**", LOGIN, open()),
            get("/api/v1/swagger-ui.html", LOGIN, open()),
            get("/api/v1/openapi.json.yaml", LOGIN, open()),
            rule(null, "/console/websocket", LOGIN, open()),   // a console ticket is this one's credential
            page("/"),
            get("/live", LOGIN, anywhere()),
            get("/portal/**", LOGIN, anywhere()),
            rule("POST", "/portal/vms/{id}/{action}", RUN_VM, vm("id")),
            page("/events/**"),
            page("/vms"),
            page("/vms/table"),
            rule("POST", "/vms", CREATE_VM, body(SecuredType.CLUSTER, "clusterId")),
            get("/vms/{id}/**", VIEW, vm("id")),
            get("/vms/{id}/screenshot.png", CONNECT_TO_VM, vm("id")),
            get("/vms/{id}/console/**", CONNECT_TO_VM, vm("id")),
            rule("POST", "/vms/{id}/console/ticket", CONNECT_TO_VM, vm("id")),
            rule("POST", "/vms/{id}/{action}", Target.byVariable("action", VM_BUTTONS, CHANGE_VM), vm("id")),
            rule("POST", "/vms/{id}/disks/**", CHANGE_VM, vm("id")),
            rule("POST", "/vms/{id}/cdrom/eject", CHANGE_VM, vm("id")),
            rule(null, "/vms/{id}/snapshots/**", MANAGE_SNAPSHOTS, vm("id")),
            rule("POST", "/vms/{id}/snapshots/{sid}/clone", CREATE_VM, vm("id")),
            page("/hosts"),
            page("/hosts/table"),
            get("/hosts/{id}/**", VIEW, host("id")),
            rule("POST", "/hosts/enrollment-token", CREATE_HOST, system()),
            rule("POST", "/hosts/{id}/{action}", Target.byVariable("action", HOST_BUTTONS, CHANGE_HOST), host("id")),
            rule("POST", "/hosts/{id}/power/fence", MANIPULATE_HOST, host("id")),
            page("/clusters"),
            get("/clusters/{id}/**", VIEW, cluster("id")),
            rule("POST", "/clusters", CREATE_CLUSTER, body(SecuredType.DATACENTER, "dataCenterId")),
            rule("POST", "/clusters/{id}/delete", DELETE_CLUSTER, cluster("id")),
            rule("POST", "/clusters/{id}/{part:scheduling|migration}", CHANGE_CLUSTER, cluster("id")),
            rule("POST", "/clusters/{id}/affinitygroups/**", CHANGE_CLUSTER, cluster("id")),
            get("/schedulingpolicies", LOGIN, anywhere()),
            rule("POST", "/schedulingpolicies/**", CONFIGURE_SYSTEM, system()),
            page("/storage"),
            page("/storage/table"),
            rule("POST", "/storage", MANAGE_STORAGE, body(SecuredType.DATACENTER, "dataCenterId")),
            get("/storage/{id}/**", VIEW, path(SecuredType.STORAGE_DOMAIN, "id")),
            rule("POST", "/storage/{id}/**", MANAGE_STORAGE, path(SecuredType.STORAGE_DOMAIN, "id")),
            page("/disks/**"),
            rule("POST", "/disks", CREATE_DISK, body(SecuredType.STORAGE_DOMAIN, "storageDomainId")),
            rule("POST", "/disks/{id}/delete", DELETE_DISK, path(SecuredType.DISK, "id")),
            rule("POST", "/disks/{id}/cancel-move", CHANGE_DISK, path(SecuredType.DISK, "id")),
            rule("POST", "/disks/move", CHANGE_DISK, body(SecuredType.DISK, "diskId")),
            rule("POST", "/disks/copy", CHANGE_DISK, body(SecuredType.DISK, "diskId")),
            page("/templates/**"),
            rule(null, "/templates/**", MANAGE_TEMPLATES, system()),
            get("/isos/**", LOGIN, anywhere()),
            rule(null, "/isos/**", MANAGE_STORAGE, system()),
            rule("POST", "/imagetransfers", CREATE_DISK, body(SecuredType.STORAGE_DOMAIN, "storageDomainId")),
            rule(null, "/imagetransfers/{id}/**", CREATE_DISK, system()),
            page("/jobs/**"),
            page("/ha/restarts"),
            rule(null, "/jobs/**", CONFIGURE_SYSTEM, system()),
            // --- each object's Permissions tab (ObjectPermissionPages): seen with view, changed with manage_permissions there
            get("/datacenters/{id}/permissions", VIEW, path(SecuredType.DATACENTER, "id")),
            get("/templates/{id}/permissions", VIEW, path(SecuredType.TEMPLATE, "id")),
            rule("POST", "/vms/{id}/permissions", MANAGE_PERMISSIONS, vm("id")),
            rule("POST", "/vms/{id}/permissions/{permissionId}/revoke", MANAGE_PERMISSIONS, vm("id")),
            rule("POST", "/hosts/{id}/permissions", MANAGE_PERMISSIONS, host("id")),
            rule("POST", "/hosts/{id}/permissions/{permissionId}/revoke", MANAGE_PERMISSIONS, host("id")),
            rule("POST", "/clusters/{id}/permissions", MANAGE_PERMISSIONS, cluster("id")),
            rule("POST", "/clusters/{id}/permissions/{permissionId}/revoke", MANAGE_PERMISSIONS, cluster("id")),
            rule("POST", "/datacenters/{id}/permissions", MANAGE_PERMISSIONS, path(SecuredType.DATACENTER, "id")),
            rule("POST", "/datacenters/{id}/permissions/{permissionId}/revoke", MANAGE_PERMISSIONS, path(SecuredType.DATACENTER, "id")),
            rule("POST", "/storage/{id}/permissions", MANAGE_PERMISSIONS, path(SecuredType.STORAGE_DOMAIN, "id")),
            rule("POST", "/storage/{id}/permissions/{permissionId}/revoke", MANAGE_PERMISSIONS, path(SecuredType.STORAGE_DOMAIN, "id")),
            rule("POST", "/templates/{id}/permissions", MANAGE_PERMISSIONS, path(SecuredType.TEMPLATE, "id")),
            rule("POST", "/templates/{id}/permissions/{permissionId}/revoke", MANAGE_PERMISSIONS, path(SecuredType.TEMPLATE, "id")),
            get("/admin/**", MANAGE_PERMISSIONS, anywhere()),
            rule("POST", "/admin/permissions", MANAGE_PERMISSIONS, Target.bodyObject()),
            rule("POST", "/admin/permissions/{id}/revoke", MANAGE_PERMISSIONS, Target.permission("id")),
            rule("POST", "/admin/domains/**", CONFIGURE_SYSTEM, system()),
            rule(null, "/admin/**", MANAGE_USERS, system()));

    /** A rule and the variables its pattern took from the path. */
    public record Match(RouteRule rule, Map<String, String> variables) {

        public ActionGroup group() {
            return rule.groupFor(variables);
        }
    }

    private RouteTable() {
    }

    public static List<RouteRule> rules() {
        return RULES;
    }

    /** The most specific rule for this request, if any. */
    public static Optional<Match> match(String method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        return RULES.stream()
                .filter(r -> r.method() == null || r.method().equalsIgnoreCase(method) || isHeadOfGet(r, method))
                .filter(r -> r.pattern().matches(container))
                .min(Comparator.comparing(RouteRule::pattern, PathPattern.SPECIFICITY_COMPARATOR)
                        .thenComparing(r -> r.method() == null ? 1 : 0))
                .map(r -> new Match(r, r.pattern().matchAndExtract(container).getUriVariables()));
    }

    private static boolean isHeadOfGet(RouteRule r, String method) {
        return "GET".equals(r.method()) && "HEAD".equalsIgnoreCase(method);
    }

    private static RouteRule rule(String method, String pattern, ActionGroup group, Target target) {
        return new RouteRule(method, PARSER.parse(pattern), vars -> group, target, false, null);
    }

    private static RouteRule rule(String method, String pattern, java.util.function.Function<Map<String, String>, ActionGroup> group,
                                  Target target) {
        return new RouteRule(method, PARSER.parse(pattern), group, target, false, null);
    }

    private static RouteRule get(String pattern, ActionGroup group, Target target) {
        return rule("GET", pattern, group, target);
    }

    /** A console page of lists: any signed-in caller may ask; its lists show only what it may see (see ConsoleLists). */
    private static RouteRule page(String pattern) {
        return new RouteRule("GET", PARSER.parse(pattern), vars -> LOGIN, anywhere(), true, null);
    }

    /** A list: any signed-in caller may ask; the answer holds only what it may see ({@code listed}: the items' type, null when each item says). */
    private static RouteRule list(String pattern, SecuredType listed) {
        return new RouteRule("GET", PARSER.parse(pattern), vars -> LOGIN, anywhere(), true, listed);
    }
}
