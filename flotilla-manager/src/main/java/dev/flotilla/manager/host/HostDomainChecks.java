package dev.flotilla.manager.host;

import java.util.List;
import java.util.UUID;

/** What a host's storage domain monitor last reported, for the host's page (implemented by the domain monitor feature). */
public interface HostDomainChecks {

    List<HostResponse.DomainCheck> domainChecks(UUID hostId);
}
