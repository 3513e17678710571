package dev.flotilla.manager.agentlink;

import dev.flotilla.manager.console.ConsoleSessions;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.migration.Migrations;
import dev.flotilla.manager.host.HostMonitor;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.vm.ReportedVm;
import dev.flotilla.manager.vm.VmMonitor;
import dev.flotilla.protocol.v1.AgentLinkGrpc;
import dev.flotilla.protocol.v1.AgentMessage;
import dev.flotilla.manager.ha.LeaseTerms;
import dev.flotilla.protocol.v1.Command;
import dev.flotilla.protocol.v1.ConsoleChunk;
import dev.flotilla.protocol.v1.LeaseRenewal;
import dev.flotilla.protocol.v1.ManagerMessage;
import dev.flotilla.protocol.v1.Welcome;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The agent stream: Hello (facts and the VMs already running) makes the host Initializing, its VMs
 * are reconciled, then it is Up; heartbeats refresh presence and reconcile all VMs; VM events
 * reconcile one VM at once; command results complete the waiting commands. gRPC delivers one
 * stream's messages in order, so a host's reports are applied in the order it sent them.
 */
@Component
class AgentLinkService extends AgentLinkGrpc.AgentLinkImplBase {

    static final int PROTOCOL_VERSION = 1;
    private static final Logger log = LoggerFactory.getLogger(AgentLinkService.class);

    private final HostRepository hosts;
    private final HostMonitor hostMonitor;
    private final VmMonitor vmMonitor;
    private final AgentSessions sessions;
    private final ConsoleSessions consoles;
    private final Migrations migrations;
    private final dev.flotilla.manager.storage.TransferSessions transfers;
    private final Duration heartbeatInterval;
    private final LeaseTerms lease;
    private final dev.flotilla.manager.domainmonitor.DomainReports domainReports;
    private final java.time.Clock clock;

    AgentLinkService(HostRepository hosts, HostMonitor hostMonitor, VmMonitor vmMonitor, AgentSessions sessions,
                     ConsoleSessions consoles, Migrations migrations, dev.flotilla.manager.storage.TransferSessions transfers,
                     @Value("${flotilla.agentlink.heartbeat-interval:PT3S}") Duration heartbeatInterval, LeaseTerms lease,
                     dev.flotilla.manager.domainmonitor.DomainReports domainReports, java.time.Clock clock) {
        this.domainReports = domainReports;
        this.clock = clock;
        this.lease = lease;
        this.hosts = hosts;
        this.hostMonitor = hostMonitor;
        this.vmMonitor = vmMonitor;
        this.sessions = sessions;
        this.consoles = consoles;
        this.migrations = migrations;
        this.transfers = transfers;
        this.heartbeatInterval = heartbeatInterval;
    }

    @Override
    public StreamObserver<AgentMessage> connect(StreamObserver<ManagerMessage> out) {
        UUID hostId = HostIdentity.HOST_ID.get();
        String peer = HostIdentity.PEER_ADDRESS.get();
        Optional<Host> host = hosts.find(hostId);
        if (host.isEmpty()) {
            out.onError(Status.PERMISSION_DENIED.withDescription("host " + hostId + " is not known to this manager (deleted?); enroll it again")
                    .asRuntimeException());
            return new Ignore();
        }
        return new Stream(new AgentSession(hostId, host.get().name(), out), peer);
    }

    /** A console session's stream from a host; the host certificate (checked by {@link HostIdentity}) must match the session's VM host. */
    @Override
    public StreamObserver<ConsoleChunk> console(StreamObserver<ConsoleChunk> toAgent) {
        return new ConsoleStream(HostIdentity.HOST_ID.get(), toAgent, consoles);
    }

    /** An image transfer's bytes from or to a host; the session must wait for this very host. */
    @Override
    public StreamObserver<dev.flotilla.protocol.v1.TransferChunk> transfer(StreamObserver<dev.flotilla.protocol.v1.TransferChunk> toAgent) {
        return new TransferStream(HostIdentity.HOST_ID.get(),
                (io.grpc.stub.ServerCallStreamObserver<dev.flotilla.protocol.v1.TransferChunk>) toAgent, transfers);
    }

    /** One host's stream. */
    private final class Stream implements StreamObserver<AgentMessage> {
        private final AgentSession session;
        private final String peer;
        private boolean greeted;

        Stream(AgentSession session, String peer) {
            this.session = session;
            this.peer = peer;
        }

        @Override
        public void onNext(AgentMessage m) {
            try {
                switch (m.getBodyCase()) {
                    case HELLO -> hello(m.getHello());
                    case HEARTBEAT -> {
                        requireGreeted();
                        hostMonitor.heartbeat(session.hostId(), ProtocolTranslation.stats(m.getHeartbeat().getStats()));
                        vmMonitor.report(session.hostId(), session.hostName(), ProtocolTranslation.vms(m.getHeartbeat().getVmsList()), false);
                        renewLease(m.getHeartbeat().getSequence());
                        domainReports.heard(session.hostId(), ProtocolTranslation.domains(m.getHeartbeat().getDomainsList(), clock.instant()));
                        domainReports.heardVms(session.hostId(), ProtocolTranslation.vmStorage(m.getHeartbeat().getVmsList()));
                    }
                    case VM_EVENT -> {
                        requireGreeted();
                        ReportedVm vm = ProtocolTranslation.vm(m.getVmEvent());
                        if (vm != null) {
                            vmMonitor.report(session.hostId(), session.hostName(), List.of(vm), true);
                        }
                    }
                    case RESULT -> session.answered(m.getResult());
                    case MIGRATION_STATUS -> migrations.progress(UUID.fromString(m.getMigrationStatus().getVmId()),
                            ProtocolTranslation.progress(m.getMigrationStatus()));
                    case VOLUME_PROGRESS -> session.progressed(m.getVolumeProgress());
                    case BODY_NOT_SET -> { }
                }
            } catch (StatusRuntimeException e) {
                ended(e.getStatus().getDescription());
                session.fail(e);
            } catch (RuntimeException e) {
                // a bad report must not kill the host's stream; it is logged and the next heartbeat retries
                log.error("could not apply a message from host {}", session.hostName(), e);
            }
        }

        private void hello(dev.flotilla.protocol.v1.Hello hello) {
            if (hello.getProtocolVersion() != PROTOCOL_VERSION) {
                throw Status.FAILED_PRECONDITION.withDescription("this manager speaks protocol version " + PROTOCOL_VERSION
                        + ", the agent " + hello.getProtocolVersion()).asRuntimeException();
            }
            sessions.open(session);
            greeted = true;
            hostMonitor.connected(session.hostId(), ProtocolTranslation.facts(hello.getFacts(), peer));
            vmMonitor.report(session.hostId(), session.hostName(), ProtocolTranslation.vms(hello.getVmsList()), false);
            hostMonitor.initialized(session.hostId());
            session.send(ManagerMessage.newBuilder().setWelcome(Welcome.newBuilder().setHostId(session.hostId().toString())
                    .setHeartbeatIntervalMs((int) heartbeatInterval.toMillis())).build());
            renewLease(0);
            log.info("host {} ({}) connected from {}", session.hostName(), session.hostId(), peer);
        }

        /** Sent only after presence recorded the message it answers: the host's lease never outlives the manager's wait for it. */
        private void renewLease(long sequence) {
            session.send(ManagerMessage.newBuilder().setCommand(Command.newBuilder().setLeaseRenewal(LeaseRenewal.newBuilder()
                    .setSequence(sequence).setLeaseMs(lease.leaseMs()).setCheckIntervalMs(lease.checkIntervalMs())
                    .setKillBudgetMs(lease.killBudgetMs()).addAllHaVmIds(lease.haVmIdsOn(session.hostId())))).build());
        }

        private void requireGreeted() {
            if (!greeted) {
                throw Status.FAILED_PRECONDITION.withDescription("the first message must be Hello").asRuntimeException();
            }
        }

        @Override
        public void onError(Throwable t) {
            ended("stream error: " + Status.fromThrowable(t).getCode());
        }

        @Override
        public void onCompleted() {
            ended("the agent closed the stream");
            session.complete();
        }

        private void ended(String why) {
            if (sessions.close(session, why)) {
                hostMonitor.disconnected(session.hostId(), why);
                log.info("host {} disconnected: {}", session.hostName(), why);
            }
        }
    }

    private static final class Ignore implements StreamObserver<AgentMessage> {
        public void onNext(AgentMessage value) { }
        public void onError(Throwable t) { }
        public void onCompleted() { }
    }
}
