package dev.flotilla.manager.storage;

import dev.flotilla.manager.api.PageRequest;
import dev.flotilla.manager.datacenter.DataCenterContents;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** A data center with storage domains attached is not deleted: detach them first. */
@Component
class StorageInDataCenter implements DataCenterContents {

    private final StorageDomainRepository domains;

    StorageInDataCenter(StorageDomainRepository domains) {
        this.domains = domains;
    }

    @Override
    public Optional<String> blocksDeletion(UUID dataCenterId) {
        long n = domains.list(dataCenterId, null, new PageRequest(0, 1)).total();
        return n == 0 ? Optional.empty() : Optional.of("it still has %d storage domain(s); detach them first".formatted(n));
    }
}
