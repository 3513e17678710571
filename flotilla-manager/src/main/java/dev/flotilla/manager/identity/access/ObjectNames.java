package dev.flotilla.manager.identity.access;

import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.events.ObjectType;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Names objects for permission answers and events, and says whether an object exists. */
@Component
public class ObjectNames {

    private static final Map<SecuredType, String> TABLES = Map.of(SecuredType.DATACENTER, "datacenter",
            SecuredType.CLUSTER, "cluster", SecuredType.HOST, "host", SecuredType.STORAGE_DOMAIN, "storage_domain",
            SecuredType.VM, "vm", SecuredType.DISK, "disk", SecuredType.TEMPLATE, "template");

    private final JdbcClient jdbc;

    ObjectNames(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The object's name; empty when it does not exist. */
    public Optional<String> nameOf(SecuredObject o) {
        if (o.type() == SecuredType.SYSTEM) {
            return Optional.of("system");
        }
        try {
            return jdbc.sql("select name from " + TABLES.get(o.type()) + " where id = :id").param("id", o.id())
                    .query(String.class).optional();
        } catch (org.springframework.dao.DataAccessException e) {
            return Optional.empty();   // templates arrive with their own feature and table
        }
    }

    /** The event-log reference of a secured object (templates are logged against System until events know them). */
    public ObjectRef ref(SecuredObject o) {
        String name = nameOf(o).orElse(String.valueOf(o.id()));
        return switch (o.type()) {
            case SYSTEM, TEMPLATE -> new ObjectRef(ObjectType.SYSTEM, o.id(), name);
            case DATACENTER -> ObjectRef.dataCenter(o.id(), name);
            case CLUSTER -> ObjectRef.cluster(o.id(), name);
            case HOST -> ObjectRef.host(o.id(), name);
            case STORAGE_DOMAIN -> ObjectRef.storageDomain(o.id(), name);
            case VM -> ObjectRef.vm(o.id(), name);
            case DISK -> ObjectRef.disk(o.id(), name);
        };
    }
}
