package dev.flotilla.manager.identity.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Inheritance down System → data center → cluster → VM / host, through users and groups. */
class PermissionResolverTest {

    static final Map<UUID, Role> ROLES = PredefinedRoles.ALL.stream().collect(Collectors.toMap(Role::id, Function.identity()));
    final UUID user = UUID.randomUUID();
    final UUID group = UUID.randomUUID();
    final UUID otherGroup = UUID.randomUUID();
    final SecuredObject dc = SecuredObject.of(SecuredType.DATACENTER, UUID.randomUUID());
    final SecuredObject cluster = SecuredObject.of(SecuredType.CLUSTER, UUID.randomUUID());
    final SecuredObject otherCluster = SecuredObject.of(SecuredType.CLUSTER, UUID.randomUUID());
    final SecuredObject vm = SecuredObject.of(SecuredType.VM, UUID.randomUUID());
    final SecuredObject otherVm = SecuredObject.of(SecuredType.VM, UUID.randomUUID());
    final Caller caller = new Caller("ann@internal", user, Set.of(group));

    List<SecuredObject> lineage(SecuredObject o) {
        if (o.equals(vm)) {
            return List.of(vm, cluster, dc, SecuredObject.SYSTEM);
        }
        if (o.equals(otherVm)) {
            return List.of(otherVm, otherCluster, dc, SecuredObject.SYSTEM);
        }
        if (o.equals(cluster) || o.equals(otherCluster)) {
            return List.of(o, dc, SecuredObject.SYSTEM);
        }
        return o.equals(dc) ? List.of(dc, SecuredObject.SYSTEM) : List.of(o, SecuredObject.SYSTEM);
    }

    Access access(Grant... grants) {
        return new Access(caller, List.of(grants), ROLES, this::lineage);
    }

    Grant toUser(Role role, SecuredObject on) {
        return new Grant(UUID.randomUUID(), Grant.PrincipalType.USER, user, role.id(), on);
    }

    Grant toGroup(UUID g, Role role, SecuredObject on) {
        return new Grant(UUID.randomUUID(), Grant.PrincipalType.GROUP, g, role.id(), on);
    }

    @Test
    void aRoleOnAVmCoversThatVmOnly() {
        Access a = access(toUser(PredefinedRoles.USER_ROLE, vm));

        assertThat(a.may(ActionGroup.RUN_VM, vm)).isTrue();
        assertThat(a.sees(vm)).isTrue();
        assertThat(a.may(ActionGroup.DELETE_VM, vm)).isFalse();
        assertThat(a.sees(otherVm)).isFalse();
        assertThat(a.sees(cluster)).isFalse();
        assertThat(a.seesEverything()).isFalse();
        assertThat(a.holdsAnywhere(ActionGroup.LOGIN)).isTrue();
        assertThat(a.isAdmin()).isFalse();
    }

    @Test
    void aRoleOnAClusterIsInheritedByItsVmsNotByTheNeighbours() {
        Access a = access(toUser(PredefinedRoles.CLUSTER_ADMIN, cluster));

        assertThat(a.may(ActionGroup.MIGRATE_VM, vm)).isTrue();
        assertThat(a.may(ActionGroup.CHANGE_CLUSTER, cluster)).isTrue();
        assertThat(a.sees(otherVm)).isFalse();
        assertThat(a.sees(dc)).isFalse();
        assertThat(a.isAdmin()).isTrue();
    }

    @Test
    void aRoleOnTheDataCenterReachesEveryClusterAndVmInIt() {
        Access a = access(toUser(PredefinedRoles.DATA_CENTER_ADMIN, dc));

        assertThat(a.may(ActionGroup.DELETE_VM, otherVm)).isTrue();
        assertThat(a.may(ActionGroup.CHANGE_CLUSTER, otherCluster)).isTrue();
        assertThat(a.may(ActionGroup.CONFIGURE_SYSTEM, SecuredObject.SYSTEM)).isFalse();
        assertThat(a.seesEverything()).isFalse();
    }

    @Test
    void systemReachesEverything() {
        Access a = access(toUser(PredefinedRoles.READ_ONLY_ADMIN, SecuredObject.SYSTEM));

        assertThat(a.sees(otherVm)).isTrue();
        assertThat(a.seesEverything()).isTrue();
        assertThat(a.may(ActionGroup.RUN_VM, otherVm)).isFalse();
    }

    @Test
    void rolesOfTheCallersGroupsCountAndOtherGroupsDoNot() {
        Access a = access(toGroup(group, PredefinedRoles.USER_ROLE, cluster),
                toGroup(otherGroup, PredefinedRoles.SUPER_USER, SecuredObject.SYSTEM));

        assertThat(a.may(ActionGroup.RUN_VM, vm)).isTrue();
        assertThat(a.may(ActionGroup.RUN_VM, otherVm)).isFalse();
        assertThat(a.may(ActionGroup.CONFIGURE_SYSTEM, SecuredObject.SYSTEM)).isFalse();
    }

    @Test
    void rolesAddUpAcrossLevels() {
        Access a = access(toUser(PredefinedRoles.USER_ROLE, cluster), toUser(PredefinedRoles.USER_VM_MANAGER, vm));

        assertThat(a.on(vm)).contains(ActionGroup.RUN_VM, ActionGroup.DELETE_VM, ActionGroup.MANAGE_PERMISSIONS);
        assertThat(a.on(otherVm)).isEmpty();
    }

    @Test
    void aRoleWithoutLoginDoesNotLetTheCallerIn() {
        Role noLogin = new Role(UUID.randomUUID(), "Starter", "", false, false, Set.of(ActionGroup.RUN_VM));
        Map<UUID, Role> roles = new java.util.HashMap<>(ROLES);
        roles.put(noLogin.id(), noLogin);
        Access a = new Access(caller, List.of(toUser(noLogin, vm)), roles, this::lineage);

        assertThat(a.holdsAnywhere(ActionGroup.LOGIN)).isFalse();
        assertThat(a.may(ActionGroup.RUN_VM, vm)).isTrue();
    }
}
