package dev.flotilla.manager.storage;

import java.util.List;
import java.util.UUID;

/** What each host's monitor last reported of a domain, for the domain's page (implemented by the domain monitor feature). */
public interface StorageDomainChecks {

    List<StorageDomainResponse.HostCheck> hostChecks(UUID domainId);
}
