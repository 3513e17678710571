package dev.flotilla.agent.managerlink;

import dev.flotilla.protocol.v1.AgentLinkGrpc;
import dev.flotilla.protocol.v1.AgentMessage;
import dev.flotilla.protocol.v1.Command;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.EnrollRequest;
import dev.flotilla.protocol.v1.EnrollResponse;
import dev.flotilla.protocol.v1.EnrollmentGrpc;
import dev.flotilla.protocol.v1.Hello;
import dev.flotilla.protocol.v1.IssuedCertificate;
import dev.flotilla.protocol.v1.ManagerMessage;
import dev.flotilla.protocol.v1.PendingApproval;
import dev.flotilla.protocol.v1.VmEvent;
import dev.flotilla.protocol.v1.Welcome;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * A manager as the agent sees it, on a real port with real TLS: enrollment with a token (or
 * pending approval first), and AgentLink requiring a client certificate whose CN is the host id.
 */
final class FakeManager implements AutoCloseable {

    static final String TOKEN_SECRET = "s3cret";
    static final String HOST_ID = "6f1c2b9e-4a57-4c1e-9a49-0a1f2e3d4c5b";
    private static final Context.Key<String> PEER_CN = Context.key("peer-cn");

    final TestCa ca;
    final Server server;
    final BlockingQueue<EnrollRequest> enrollments = new LinkedBlockingQueue<>();
    final BlockingQueue<Hello> hellos = new LinkedBlockingQueue<>();
    final BlockingQueue<String> helloPeers = new LinkedBlockingQueue<>();
    final BlockingQueue<CommandResult> results = new LinkedBlockingQueue<>();
    final BlockingQueue<VmEvent> events = new LinkedBlockingQueue<>();
    final AtomicLong heartbeats = new AtomicLong();
    final AtomicLong lastHeartbeatVms = new AtomicLong(-1);
    /** Enroll answers "pending" this many times before issuing (approval flow). */
    final AtomicInteger pendingAnswers = new AtomicInteger();
    private volatile StreamObserver<ManagerMessage> stream;

    FakeManager(TestCa ca, Path pki, int port) throws Exception {
        this.ca = ca;
        ca.writeServerFiles(pki);
        TlsServerCredentials.Builder creds = TlsServerCredentials.newBuilder()
                .keyManager(pki.resolve("server.crt").toFile(), pki.resolve("server.key").toFile())
                .trustManager(pki.resolve("ca.crt").toFile())
                .clientAuth(TlsServerCredentials.ClientAuth.OPTIONAL);
        ServerInterceptor peer = new ServerInterceptor() {
            @Override
            public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call, io.grpc.Metadata headers,
                                                                      io.grpc.ServerCallHandler<Q, R> next) {
                String cn = null;
                SSLSession ssl = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
                try {
                    if (ssl != null) {
                        cn = AgentIdentity.commonName((X509Certificate) ssl.getPeerCertificates()[0]);
                    }
                } catch (SSLPeerUnverifiedException e) {
                    cn = null;
                }
                return Contexts.interceptCall(Context.current().withValue(PEER_CN, cn), call, headers, next);
            }
        };
        server = NettyServerBuilder.forPort(port, creds.build())
                .addService(new Enrollment())
                .addService(ServerInterceptors.intercept(new Link(), peer))
                .build()
                .start();
    }

    int port() {
        return server.getPort();
    }

    void send(Command command) {
        StreamObserver<ManagerMessage> s = stream;
        synchronized (this) {
            s.onNext(ManagerMessage.newBuilder().setCommand(command).build());
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(10, TimeUnit.SECONDS);
    }

    private final class Enrollment extends EnrollmentGrpc.EnrollmentImplBase {
        @Override
        public void enroll(EnrollRequest request, StreamObserver<EnrollResponse> response) {
            enrollments.add(request);
            try {
                if (request.getToken().isEmpty() && pendingAnswers.getAndDecrement() > 0) {
                    response.onNext(EnrollResponse.newBuilder().setPending(PendingApproval.newBuilder()
                            .setHostId(HOST_ID).setMessage("waiting for an admin")).build());
                } else if (!request.getToken().isEmpty() && !request.getToken().equals(TOKEN_SECRET + "." + ca.caSha256())) {
                    response.onError(Status.UNAUTHENTICATED.withDescription("unknown or used token").asRuntimeException());
                    return;
                } else {
                    response.onNext(EnrollResponse.newBuilder().setCertificate(IssuedCertificate.newBuilder()
                            .setHostId(HOST_ID)
                            .setCertificatePem(ca.issue(request.getCsrPem(), HOST_ID))
                            .setCaCertificatePem(ca.caPem())).build());
                }
                response.onCompleted();
            } catch (Exception e) {
                response.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
            }
        }
    }

    private final class Link extends AgentLinkGrpc.AgentLinkImplBase {
        @Override
        public StreamObserver<AgentMessage> connect(StreamObserver<ManagerMessage> out) {
            String cn = PEER_CN.get();
            if (cn == null) {
                out.onError(Status.UNAUTHENTICATED.withDescription("a client certificate is required").asRuntimeException());
                return new Ignore();
            }
            return new StreamObserver<>() {
                @Override
                public void onNext(AgentMessage message) {
                    switch (message.getBodyCase()) {
                        case HELLO -> {
                            stream = out;
                            synchronized (FakeManager.this) {
                                out.onNext(ManagerMessage.newBuilder().setWelcome(Welcome.newBuilder()
                                        .setHostId(cn).setHeartbeatIntervalMs(200)).build());
                            }
                            helloPeers.add(cn);
                            hellos.add(message.getHello());
                        }
                        case HEARTBEAT -> {
                            lastHeartbeatVms.set(message.getHeartbeat().getVmsCount());
                            heartbeats.incrementAndGet();
                        }
                        case RESULT -> results.add(message.getResult());
                        case VM_EVENT -> events.add(message.getVmEvent());
                        default -> { }
                    }
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                    out.onCompleted();
                }
            };
        }
    }

    private static final class Ignore implements StreamObserver<AgentMessage> {
        @Override public void onNext(AgentMessage value) { }
        @Override public void onError(Throwable t) { }
        @Override public void onCompleted() { }
    }
}
