package dev.flotilla.agent.managerlink;

import dev.flotilla.protocol.v1.EnrollRequest;
import dev.flotilla.protocol.v1.EnrollResponse;
import dev.flotilla.protocol.v1.EnrollmentGrpc;
import dev.flotilla.protocol.v1.HostFacts;
import dev.flotilla.protocol.v1.IssuedCertificate;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Gets the agent a certificate. With a token the manager answers at once; without one the host
 * waits for an admin's approval and the agent asks again every 5 seconds with the same key.
 * Unreachable managers are retried with backoff; a wrong pin or a refused token ends it.
 * Asynchronous: it holds no thread while it waits.
 */
public final class EnrollmentClient {

    private static final Logger LOG = Logger.getLogger(EnrollmentClient.class.getName());
    static final Duration PENDING_POLL = Duration.ofSeconds(5);
    private static final Set<Status.Code> REFUSALS = Set.of(Status.Code.UNAUTHENTICATED, Status.Code.PERMISSION_DENIED,
            Status.Code.INVALID_ARGUMENT, Status.Code.ALREADY_EXISTS, Status.Code.FAILED_PRECONDITION, Status.Code.NOT_FOUND);

    /** What enrollment needs; exactly one of token and caSha256 decides the pin (the token's wins). */
    public record Request(String hostName, ManagerAddress manager, EnrollmentToken token, String caSha256,
                          Path pkiDir, HostFacts facts) {
        String pin() {
            return token != null ? token.caSha256() : caSha256;
        }
    }

    private final Request request;
    private final ManagerChannels channels;
    private final ScheduledExecutorService scheduler;
    private final Executor work;
    private final CompletableFuture<AgentIdentity> result = new CompletableFuture<>();
    private final Backoff backoff = Backoff.standard();
    private PinningTrustManager trust;
    private volatile ManagedChannel channel;
    private CertificateRequest csr;
    private String lastProblem;

    public EnrollmentClient(Request request, ManagerChannels channels, ScheduledExecutorService scheduler, Executor work) {
        if (request.pin() == null) {
            throw new EnrollmentException("this agent is not enrolled yet: give it --token TOKEN (from the manager) or --ca-hash HEX (then an admin approves the host)");
        }
        this.request = request;
        this.channels = channels;
        this.scheduler = scheduler;
        this.work = work;
    }

    /** Starts enrolling; the future completes with the stored identity, or with an {@link EnrollmentException}. */
    public CompletableFuture<AgentIdentity> enroll() {
        work.execute(() -> {
            try {
                csr = CertificateRequest.loadOrCreate(request.pkiDir(), request.hostName());
                trust = new PinningTrustManager(request.pin());
                channel = channels.open(request.manager(), TlsChannelCredentials.newBuilder().trustManager(trust).build());
                attempt();
            } catch (IOException | RuntimeException e) {
                fail(new EnrollmentException("cannot prepare enrollment in " + request.pkiDir() + ": " + e.getMessage()));
            }
        });
        return result;
    }

    /** Stops asking (the agent is closing). */
    public void cancel() {
        fail(new EnrollmentException("enrollment cancelled"));
    }

    private void attempt() {
        if (result.isDone()) {
            return;
        }
        channel.resetConnectBackoff();
        EnrollRequest message = EnrollRequest.newBuilder()
                .setToken(request.token() == null ? "" : request.token().text())
                .setHostName(request.hostName())
                .setCsrPem(csr.csrPem())
                .setFacts(request.facts())
                .build();
        EnrollmentGrpc.newStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).enroll(message, new StreamObserver<>() {
            @Override
            public void onNext(EnrollResponse response) {
                answered(response);
            }

            @Override
            public void onError(Throwable t) {
                failed(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
            }
        });
    }

    private void answered(EnrollResponse response) {
        switch (response.getResultCase()) {
            case CERTIFICATE -> {
                try {
                    AgentIdentity identity = store(response.getCertificate());
                    LOG.info(() -> "[" + request.hostName() + "] enrolled with manager " + request.manager() + " as host " + identity.hostId());
                    complete(identity);
                } catch (EnrollmentException e) {
                    fail(e);
                } catch (IOException | CertificateException e) {
                    fail(new EnrollmentException("cannot store the issued certificate in " + request.pkiDir() + ": " + e.getMessage()));
                }
            }
            case PENDING -> {
                String problem = "pending";
                if (!problem.equals(lastProblem)) {
                    lastProblem = problem;
                    LOG.info(() -> "[" + request.hostName() + "] host " + response.getPending().getHostId()
                            + " awaits approval by an admin in the manager (" + response.getPending().getMessage()
                            + "); asking again every " + PENDING_POLL.toSeconds() + " s");
                }
                backoff.reset();
                retryIn(PENDING_POLL);
            }
            default -> fail(new EnrollmentException("the manager answered Enroll with neither a certificate nor 'pending'"));
        }
    }

    private void failed(Status status) {
        String pinRefusal = trust.lastRefusal();
        if (pinRefusal != null) {
            fail(new EnrollmentException("refusing to enroll with " + request.manager() + ": " + pinRefusal));
            return;
        }
        if (REFUSALS.contains(status.getCode())) {
            fail(new EnrollmentException("the manager refused enrollment (" + status.getCode() + "): " + status.getDescription()));
            return;
        }
        Duration delay = backoff.next();
        String problem = status.getCode() + ": " + status.getDescription();
        if (!problem.equals(lastProblem)) {
            lastProblem = problem;
            LOG.warning(() -> "[" + request.hostName() + "] cannot reach the manager at " + request.manager() + " to enroll ("
                    + problem + "); retrying with backoff up to " + backoff.max().toSeconds() + " s");
        } else {
            LOG.fine(() -> "[" + request.hostName() + "] enroll retry in " + delay.toMillis() + " ms");
        }
        retryIn(delay);
    }

    private void retryIn(Duration delay) {
        if (!result.isDone()) {
            scheduler.schedule(() -> work.execute(this::attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private AgentIdentity store(IssuedCertificate issued) throws IOException, CertificateException {
        X509Certificate cert = AgentIdentity.parseCertificate(issued.getCertificatePem());
        X509Certificate ca = AgentIdentity.parseCertificate(issued.getCaCertificatePem());
        if (!PinningTrustManager.sha256(ca).equals(request.pin())) {
            throw new EnrollmentException("the manager sent a CA certificate with SHA-256 " + PinningTrustManager.sha256(ca)
                    + ", not the pinned " + request.pin());
        }
        if (!Arrays.equals(cert.getPublicKey().getEncoded(), csr.publicKeyInfo())) {
            throw new EnrollmentException("the issued certificate is not for this agent's key");
        }
        String hostId = issued.getHostId().isEmpty() ? AgentIdentity.commonName(cert) : issued.getHostId();
        return AgentIdentity.store(request.pkiDir(), hostId, issued.getCertificatePem(), issued.getCaCertificatePem());
    }

    private void complete(AgentIdentity identity) {
        result.complete(identity);
        closeChannel();
    }

    private void fail(EnrollmentException e) {
        if (result.completeExceptionally(e)) {
            LOG.log(Level.FINE, "enrollment ended", e);
        }
        closeChannel();
    }

    private void closeChannel() {
        ManagedChannel c = channel;
        if (c != null) {
            c.shutdownNow();
        }
    }
}
