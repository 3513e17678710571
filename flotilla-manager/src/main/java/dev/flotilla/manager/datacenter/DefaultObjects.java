package dev.flotilla.manager.datacenter;

import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import java.time.Instant;
import java.util.UUID;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** On the very first start (no data center at all) creates {@code Default} data center and cluster, as oVirt does. */
@Component
@Order(0)
class DefaultObjects implements ApplicationRunner {

    static final String DEFAULT = "Default";

    private final DataCenterRepository dcs;
    private final ClusterRepository clusters;
    private final EventLog events;
    private final TransactionTemplate tx;

    DefaultObjects(DataCenterRepository dcs, ClusterRepository clusters, EventLog events, TransactionTemplate tx) {
        this.dcs = dcs;
        this.clusters = clusters;
        this.events = events;
        this.tx = tx;
    }

    @Override
    public void run(ApplicationArguments args) {
        tx.executeWithoutResult(s -> {
            if (dcs.list(new dev.flotilla.manager.api.PageRequest(0, 1)).total() > 0) {
                return;
            }
            DataCenter dc = new DataCenter(UUID.randomUUID(), DEFAULT, "The default data center", 0, Instant.now());
            dcs.insert(dc);
            Cluster cluster = new Cluster(UUID.randomUUID(), dc.id(), DEFAULT, "The default cluster", 100, 400, "none", null, null, 0, Instant.now());
            clusters.insert(cluster);
            events.info(ObjectRef.dataCenter(dc.id(), dc.name()), "First start: created data center Default and cluster Default");
        });
    }
}
