package dev.flotilla.manager.agentlink;

import dev.flotilla.manager.domainmonitor.DomainWatchCommands;
import dev.flotilla.manager.storage.StorageDomain;
import dev.flotilla.protocol.v1.Command;
import dev.flotilla.protocol.v1.ManagerMessage;
import dev.flotilla.protocol.v1.WatchDomains;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Sends a host its list of domains to watch, only when it changed for the host's current stream.
 * A list of its own, not carried in every heartbeat's lease renewal: it holds CHAP secrets and
 * changes only when a domain is activated, deactivated or stops being reached by anyone.
 */
@Component
class DomainWatchSender implements DomainWatchCommands {

    private final AgentSessions sessions;

    DomainWatchSender(AgentSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public void watch(UUID hostId, List<StorageDomain> domains, Duration checkInterval, Duration checkTimeout) {
        sessions.get(hostId).ifPresent(session -> {
            WatchDomains.Builder w = WatchDomains.newBuilder().setCheckIntervalMs((int) checkInterval.toMillis())
                    .setCheckTimeoutMs((int) checkTimeout.toMillis());
            domains.forEach(d -> w.addDomains(StorageTranslation.domain(d)));
            WatchDomains next = w.build();
            if (session.watchChanged(next)) {
                session.send(ManagerMessage.newBuilder().setCommand(Command.newBuilder()
                        .setCommandId(UUID.randomUUID().toString()).setWatchDomains(next)).build());
            }
        });
    }
}
