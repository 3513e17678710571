package dev.flotilla.manager.datacenter;

import java.util.Optional;
import java.util.UUID;

/**
 * Something of another feature that lives in a data center (storage domains) and keeps it from
 * being deleted. Implemented there, so this package depends on none of those features.
 */
public interface DataCenterContents {

    /** Why the data center cannot be deleted yet, e.g. "it still has 2 storage domain(s)", or empty. */
    Optional<String> blocksDeletion(UUID dataCenterId);
}
