package dev.flotilla.manager.identity.access;

import dev.flotilla.manager.action.ActionRunner;
import dev.flotilla.manager.identity.pages.AdminPage;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Console pages for roles and permissions (all of them, or one object's: {@code ?objectType=vm&objectId=...}). */
@Controller
class PermissionPages {

    private final RoleStore roles;
    private final RoleActions roleActions;
    private final PermissionController permissions;
    private final ActionRunner runner;

    PermissionPages(RoleStore roles, RoleActions roleActions, PermissionController permissions, ActionRunner runner) {
        this.roles = roles;
        this.roleActions = roleActions;
        this.permissions = permissions;
        this.runner = runner;
    }

    @GetMapping("/admin/roles")
    String roles(Model model, Principal principal) {
        model.addAttribute("user", principal.getName());
        model.addAttribute("roles", roles.all().values().stream().map(RoleResponse::of).toList());
        model.addAttribute("actionGroups", Arrays.stream(ActionGroup.values()).map(ActionGroup::label).toList());
        return "admin-roles";
    }

    @PostMapping("/admin/roles")
    String createRole(@RequestParam String name, @RequestParam(defaultValue = "false") boolean admin,
                      @RequestParam(required = false) List<String> actionGroups, RedirectAttributes redirect) {
        return AdminPage.run("/admin/roles", redirect, () -> "Role %s was created".formatted(runner.run(roleActions.create,
                new RoleInput(name, "", admin, actionGroups == null ? List.of() : actionGroups)).name()));
    }

    @PostMapping("/admin/roles/{id}/delete")
    String deleteRole(@PathVariable UUID id, RedirectAttributes redirect) {
        return AdminPage.run("/admin/roles", redirect, () -> "Role %s was deleted".formatted(runner.run(roleActions.delete, id).name()));
    }

    @GetMapping("/admin/permissions")
    String permissions(@RequestParam(required = false) String objectType, @RequestParam(required = false) UUID objectId,
                       Model model, Principal principal) {
        model.addAttribute("user", principal.getName());
        model.addAttribute("permissions", permissions.list(objectType == null || objectType.isBlank() ? null : objectType, objectId, null).items());
        model.addAttribute("roles", roles.all().values().stream().map(Role::name).toList());
        model.addAttribute("objectTypes", Arrays.stream(SecuredType.values()).map(SecuredType::label).toList());
        model.addAttribute("objectType", Optional.ofNullable(objectType).orElse(""));
        model.addAttribute("objectId", objectId == null ? "" : objectId.toString());
        return "admin-permissions";
    }

    @PostMapping("/admin/permissions")
    String grant(@RequestParam String principalType, @RequestParam String principal, @RequestParam String role,
                 @RequestParam String objectType, @RequestParam(required = false) UUID objectId, RedirectAttributes redirect) {
        boolean group = "group".equals(principalType);
        return AdminPage.run("/admin/permissions", redirect, () -> {
            runner.run(permissionActions(), new PermissionInput(group ? null : principal, group ? principal : null, role, objectType, objectId));
            return "%s was granted %s".formatted(principal, role);
        });
    }

    @PostMapping("/admin/permissions/{id}/revoke")
    String revoke(@PathVariable UUID id, RedirectAttributes redirect) {
        return AdminPage.run("/admin/permissions", redirect, () -> {
            permissions.revoke(id);
            return "The permission was revoked";
        });
    }

    private PermissionActions.GrantRole permissionActions() {
        return permissions.actions().grant;
    }
}
