package dev.flotilla.manager.identity.access;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Where an object sits: the object, everything above it, System last. A VM and a host hang under
 * their cluster, a cluster and a storage domain under their data center, a disk under its storage
 * domain and under the VMs it is attached to (the VM's owner manages its disks). An object that
 * does not exist has only System above it.
 */
@Component
public class ObjectTree {

    private final JdbcClient jdbc;

    ObjectTree(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<SecuredObject> lineage(SecuredObject object) {
        LinkedHashSet<SecuredObject> chain = new LinkedHashSet<>();
        add(chain, object);
        chain.add(SecuredObject.SYSTEM);
        return new ArrayList<>(chain);
    }

    private void add(LinkedHashSet<SecuredObject> chain, SecuredObject object) {
        if (object.type() == SecuredType.SYSTEM || !chain.add(object)) {
            return;
        }
        switch (object.type()) {
            case VM -> parent(chain, SecuredType.CLUSTER, "select cluster_id from vm where id = :id", object.id());
            case HOST -> parent(chain, SecuredType.CLUSTER, "select cluster_id from host where id = :id", object.id());
            case CLUSTER -> parent(chain, SecuredType.DATACENTER, "select datacenter_id from cluster where id = :id", object.id());
            case STORAGE_DOMAIN -> parent(chain, SecuredType.DATACENTER,
                    "select datacenter_id from storage_domain where id = :id and datacenter_id is not null", object.id());
            case DISK -> {
                parent(chain, SecuredType.STORAGE_DOMAIN, "select storage_domain_id from disk where id = :id", object.id());
                parent(chain, SecuredType.VM, "select vm_id from vm_disk where disk_id = :id", object.id());
            }
            default -> {
                // data centers sit under System; templates too until they know their data center
            }
        }
    }

    private void parent(LinkedHashSet<SecuredObject> chain, SecuredType type, String sql, UUID id) {
        for (UUID parent : jdbc.sql(sql).param("id", id).query(UUID.class).list()) {
            add(chain, SecuredObject.of(type, parent));
        }
    }
}
