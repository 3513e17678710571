package dev.flotilla.manager.identity.access;

import dev.flotilla.manager.api.NotFoundException;
import dev.flotilla.manager.identity.pages.AdminPage;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Permissions tab of a VM, host, cluster, data center, storage domain or template in the console:
 * who holds which role on it and what it inherits from above, with add and remove forms for callers
 * holding manage_permissions there (the route table checks the posts; the page hides what they may not do).
 */
@Controller
class ObjectPermissionPages {

    /** Console collection → the kind of object and the menu entry its pages sit under. */
    private static final Map<String, SecuredType> KINDS = Map.of("vms", SecuredType.VM, "hosts", SecuredType.HOST,
            "clusters", SecuredType.CLUSTER, "datacenters", SecuredType.DATACENTER, "storage", SecuredType.STORAGE_DOMAIN,
            "templates", SecuredType.TEMPLATE);

    private final ObjectPermissions permissions;
    private final ObjectNames names;
    private final RoleStore roles;

    ObjectPermissionPages(ObjectPermissions permissions, ObjectNames names, RoleStore roles) {
        this.permissions = permissions;
        this.names = names;
        this.roles = roles;
    }

    @GetMapping({"/vms/{id}/permissions", "/hosts/{id}/permissions", "/clusters/{id}/permissions", "/datacenters/{id}/permissions",
            "/storage/{id}/permissions", "/templates/{id}/permissions"})
    String page(@PathVariable UUID id, Model model, Principal principal, HttpServletRequest request) {
        String kind = kindOf(request);
        SecuredObject object = SecuredObject.of(KINDS.get(kind), id);
        String name = names.nameOf(object).orElseThrow(() -> new NotFoundException(object.type().label(), id));
        model.addAttribute("user", principal.getName());
        model.addAttribute("kind", kind);
        model.addAttribute("active", kind.equals("datacenters") ? "clusters" : kind);
        model.addAttribute("objectId", id);
        model.addAttribute("objectLabel", object.type().label().replace('_', ' '));
        model.addAttribute("objectName", name);
        model.addAttribute("permissions", permissions.on(object, true));
        model.addAttribute("roles", roles.all().values().stream().map(Role::name).sorted().toList());
        model.addAttribute("canManage", request.getAttribute(AccessFilter.ACCESS) instanceof Access a
                && a.may(ActionGroup.MANAGE_PERMISSIONS, object));
        return "object-permissions";
    }

    @PostMapping({"/vms/{id}/permissions", "/hosts/{id}/permissions", "/clusters/{id}/permissions", "/datacenters/{id}/permissions",
            "/storage/{id}/permissions", "/templates/{id}/permissions"})
    String grant(@PathVariable UUID id, @RequestParam String principalType, @RequestParam String principal,
                 @RequestParam String role, RedirectAttributes redirect, HttpServletRequest request) {
        String kind = kindOf(request);
        boolean group = "group".equals(principalType);
        return AdminPage.run(back(kind, id), redirect, () -> {
            permissions.grant(SecuredObject.of(KINDS.get(kind), id), group ? null : principal, group ? principal : null, role);
            return "%s was granted %s".formatted(principal, role);
        });
    }

    @PostMapping({"/vms/{id}/permissions/{permissionId}/revoke", "/hosts/{id}/permissions/{permissionId}/revoke",
            "/clusters/{id}/permissions/{permissionId}/revoke", "/datacenters/{id}/permissions/{permissionId}/revoke",
            "/storage/{id}/permissions/{permissionId}/revoke", "/templates/{id}/permissions/{permissionId}/revoke"})
    String revoke(@PathVariable UUID id, @PathVariable UUID permissionId, RedirectAttributes redirect, HttpServletRequest request) {
        String kind = kindOf(request);
        return AdminPage.run(back(kind, id), redirect, () -> {
            permissions.revoke(SecuredObject.of(KINDS.get(kind), id), permissionId);
            return "The permission was revoked";
        });
    }

    /** The collection the path starts with (the mappings above name only the six). */
    private static String kindOf(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length()).split("/")[1];
    }

    private static String back(String kind, UUID id) {
        return "/" + kind + "/" + id + "/permissions";
    }
}
