package dev.flotilla.manager.domainmonitor;

import dev.flotilla.manager.storage.StorageDomain;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Tells a host which storage domains to monitor; implemented by the agent link. */
public interface DomainWatchCommands {

    /**
     * The host monitors exactly {@code domains} from now on. Sent only when it differs from what the
     * host's current stream was last told, so calling it every round costs nothing; a new stream
     * (a reconnect, an agent restart) is told again.
     */
    void watch(UUID hostId, List<StorageDomain> domains, Duration checkInterval, Duration checkTimeout);
}
