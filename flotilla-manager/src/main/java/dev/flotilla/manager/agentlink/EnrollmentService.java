package dev.flotilla.manager.agentlink;

import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.datacenter.Cluster;
import dev.flotilla.manager.datacenter.ClusterRepository;
import dev.flotilla.manager.datacenter.Names;
import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.host.HostStatus;
import dev.flotilla.protocol.v1.EnrollRequest;
import dev.flotilla.protocol.v1.EnrollResponse;
import dev.flotilla.protocol.v1.EnrollmentGrpc;
import dev.flotilla.protocol.v1.IssuedCertificate;
import dev.flotilla.protocol.v1.PendingApproval;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Enrollment: with a valid one-time token a new host is created (Installing) and its
 * certificate signed at once; without one the host waits as PendingApproval until an admin
 * approves it, and the agent's next attempt with the same key gets the certificate.
 */
@Component
class EnrollmentService extends EnrollmentGrpc.EnrollmentImplBase {

    private final EnrollmentTokens tokens;
    private final CertificateAuthority ca;
    private final HostRepository hosts;
    private final ClusterRepository clusters;
    private final EventLog events;
    private final TransactionTemplate tx;

    EnrollmentService(EnrollmentTokens tokens, CertificateAuthority ca, HostRepository hosts, ClusterRepository clusters,
                      EventLog events, TransactionTemplate tx) {
        this.tokens = tokens;
        this.ca = ca;
        this.hosts = hosts;
        this.clusters = clusters;
        this.events = events;
        this.tx = tx;
    }

    @Override
    public void enroll(EnrollRequest request, StreamObserver<EnrollResponse> response) {
        try {
            response.onNext(tx.execute(s -> decide(request)));
            response.onCompleted();
        } catch (StatusRuntimeException e) {
            response.onError(e);
        } catch (IllegalArgumentException | BadRequestException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    private EnrollResponse decide(EnrollRequest request) {
        String name = Names.require("host_name", request.getHostName());
        Pem.csr(request.getCsrPem()); // refuse garbage before anything is written
        Optional<Host> existing = hosts.findByName(name);
        boolean hasToken = !request.getToken().isBlank();
        if (existing.isEmpty()) {
            UUID id = UUID.randomUUID();
            if (hasToken && !tokens.consume(request.getToken(), id)) {
                throw Status.PERMISSION_DENIED.withDescription("the enrollment token is unknown, already used or expired").asRuntimeException();
            }
            HostStatus status = hasToken ? HostStatus.Installing : HostStatus.PendingApproval;
            Host host = new Host(id, defaultCluster().id(), name, status,
                    hasToken ? "enrolled with a token" : "waiting for an administrator to approve it",
                    ProtocolTranslation.facts(request.getFacts(), null), request.getCsrPem(), 0, Instant.now());
            hosts.insert(host);
            ObjectRef ref = ObjectRef.host(id, name);
            if (hasToken) {
                events.info(ref, "Host %s enrolled with a token".formatted(name));
                return certificate(id, request.getCsrPem());
            }
            events.warning(ref, "Host %s asks to join and waits for approval".formatted(name));
            return pending(id);
        }
        Host host = existing.get();
        if (host.status() == HostStatus.PendingApproval) {
            hosts.updateCsr(host.id(), request.getCsrPem());
            return pending(host.id());
        }
        if (host.status() == HostStatus.Installing && sameKey(host.csrPem(), request.getCsrPem())) {
            events.info(ObjectRef.host(host.id(), name), "Host %s received its certificate".formatted(name));
            return certificate(host.id(), request.getCsrPem());
        }
        throw Status.ALREADY_EXISTS.withDescription(("a host named %s is already enrolled; delete it in the manager first "
                + "or start the agent with another --name").formatted(name)).asRuntimeException();
    }

    private EnrollResponse certificate(UUID hostId, String csrPem) {
        return EnrollResponse.newBuilder().setCertificate(IssuedCertificate.newBuilder().setHostId(hostId.toString())
                .setCertificatePem(ca.signHostCertificate(csrPem, hostId)).setCaCertificatePem(ca.certificatePem())).build();
    }

    private static EnrollResponse pending(UUID hostId) {
        return EnrollResponse.newBuilder().setPending(PendingApproval.newBuilder().setHostId(hostId.toString())
                .setMessage("waiting for an administrator to approve this host")).build();
    }

    /** The approved request and this one must carry the same public key: approval was for that key. */
    private static boolean sameKey(String approvedCsr, String csr) {
        if (approvedCsr == null) {
            return false;
        }
        return Arrays.equals(Pem.csr(approvedCsr).getSubjectPublicKeyInfo().getPublicKeyData().getBytes(),
                Pem.csr(csr).getSubjectPublicKeyInfo().getPublicKeyData().getBytes());
    }

    private Cluster defaultCluster() {
        return clusters.findByName("Default").or(() -> clusters.list(null, new dev.flotilla.manager.api.PageRequest(0, 1)).items().stream().findFirst())
                .orElseThrow(() -> Status.FAILED_PRECONDITION.withDescription("the manager has no cluster to put hosts in").asRuntimeException());
    }
}
