package dev.flotilla.agent.domainmonitor;

import dev.flotilla.agent.storage.StorageConnection;
import dev.flotilla.agent.storage.StorageException;
import dev.flotilla.agent.storage.StorageProbe;
import dev.flotilla.agent.storage.StorageReport;
import java.time.Duration;

/** One read of a domain; throws with the reason when the domain cannot be read. */
@FunctionalInterface
public interface DomainCheck {

    StorageReport check(StorageConnection domain, Duration timeout) throws StorageException;

    /**
     * The read-only probe also used before a domain is made: NFS through libnfs (rpcbind, the
     * export list, a mount and FSSTAT of the export), iSCSI through libiscsi (a login and the LUN
     * list with their capacities), posix and local a stat of the directory and its file system.
     * Its tools get the check's timeout, so a hung server ends in a killed tool, not a hung thread.
     */
    static DomainCheck probe() {
        return (domain, timeout) -> {
            Duration connect = timeout.compareTo(StorageProbe.DEFAULT_CONNECT_TIMEOUT) < 0 ? timeout : StorageProbe.DEFAULT_CONNECT_TIMEOUT;
            return new StorageProbe(connect, timeout).probe(domain);
        };
    }
}
