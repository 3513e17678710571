package dev.flotilla.manager.identity.access;

import dev.flotilla.manager.action.ActionRunner;
import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ListResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/permissions} and each object's {@code /permissions}: list, grant, revoke. */
@RestController
class PermissionController {

    private static final Map<String, SecuredType> COLLECTIONS = Map.of("vms", SecuredType.VM, "hosts", SecuredType.HOST,
            "clusters", SecuredType.CLUSTER, "datacenters", SecuredType.DATACENTER, "storagedomains", SecuredType.STORAGE_DOMAIN,
            "disks", SecuredType.DISK, "templates", SecuredType.TEMPLATE);

    private final PermissionStore store;
    private final PermissionActions actions;
    private final ActionRunner runner;
    private final ObjectPermissions objects;

    PermissionController(PermissionStore store, PermissionActions actions, ActionRunner runner, ObjectPermissions objects) {
        this.store = store;
        this.actions = actions;
        this.runner = runner;
        this.objects = objects;
    }

    @GetMapping("/api/v1/permissions")
    ListResponse<PermissionResponse> list(@RequestParam(required = false) String objectType,
                                          @RequestParam(required = false) UUID objectId,
                                          @RequestParam(required = false) UUID principalId) {
        List<Grant> grants;
        if (principalId != null) {
            grants = store.ofPrincipal(principalId);
        } else if (objectType != null) {
            SecuredType type = SecuredType.parse(objectType)
                    .orElseThrow(() -> BadRequestException.field("objectType", "no such object type"));
            grants = store.list(Optional.of(SecuredObject.of(type, objectId)));
        } else {
            grants = store.list(Optional.empty());
        }
        List<PermissionResponse> items = grants.stream().map(this::response).toList();
        return new ListResponse<>(items, items.size());
    }

    @GetMapping({"/api/v1/vms/{id}/permissions", "/api/v1/hosts/{id}/permissions", "/api/v1/clusters/{id}/permissions",
            "/api/v1/datacenters/{id}/permissions", "/api/v1/storagedomains/{id}/permissions", "/api/v1/disks/{id}/permissions"})
    ListResponse<ObjectPermissions.Shown> onObject(@PathVariable UUID id, @RequestParam(defaultValue = "false") boolean inherited,
                                                   HttpServletRequest request) {
        List<ObjectPermissions.Shown> items = objects.on(SecuredObject.of(typeOf(request), id), inherited);
        return new ListResponse<>(items, items.size());
    }

    @PostMapping({"/api/v1/vms/{id}/permissions", "/api/v1/hosts/{id}/permissions", "/api/v1/clusters/{id}/permissions",
            "/api/v1/datacenters/{id}/permissions", "/api/v1/storagedomains/{id}/permissions", "/api/v1/disks/{id}/permissions"})
    @ResponseStatus(HttpStatus.CREATED)
    PermissionResponse grantOnObject(@PathVariable UUID id, @RequestBody PermissionInput in, HttpServletRequest request) {
        return grant(new PermissionInput(in.user(), in.group(), in.role(), typeOf(request).label(), id));
    }

    @PostMapping("/api/v1/permissions")
    @ResponseStatus(HttpStatus.CREATED)
    PermissionResponse grant(@RequestBody PermissionInput in) {
        return response(runner.run(actions.grant, in));
    }

    @DeleteMapping("/api/v1/permissions/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable UUID id) {
        runner.run(actions.revoke, id);
    }

    PermissionActions actions() {
        return actions;
    }

    private static SecuredType typeOf(HttpServletRequest request) {
        String collection = request.getRequestURI().replaceFirst(".*/api/v1/([a-z]+)/.*", "$1");
        return COLLECTIONS.get(collection);
    }

    PermissionResponse response(Grant g) {
        return objects.response(g);
    }
}
