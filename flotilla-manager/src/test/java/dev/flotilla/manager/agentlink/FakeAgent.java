package dev.flotilla.manager.agentlink;

import dev.flotilla.protocol.v1.AgentLinkGrpc;
import dev.flotilla.protocol.v1.AgentMessage;
import dev.flotilla.protocol.v1.EnrollRequest;
import dev.flotilla.protocol.v1.EnrollResponse;
import dev.flotilla.protocol.v1.EnrollmentGrpc;
import dev.flotilla.protocol.v1.HostFacts;
import dev.flotilla.protocol.v1.ManagerMessage;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A protocol-level agent for the manager's own tests: enrolls with a real CSR, opens the real
 * mutual-TLS stream and lets the test send messages and read what the manager sends back. The
 * real agent is tested end to end in flotilla-it.
 */
public final class FakeAgent implements AutoCloseable {

    final KeyPair keys = CertificateAuthority.newKeyPair();
    public final String name;
    final int port;
    final String caPem;
    String certificatePem;
    private ManagedChannel channel;
    private StreamObserver<AgentMessage> toManager;
    final BlockingQueue<ManagerMessage> fromManager = new LinkedBlockingQueue<>();
    volatile Throwable streamError;

    public FakeAgent(String name, int port, String caPem) {
        this.name = name;
        this.port = port;
        this.caPem = caPem;
    }

    /**
     * For tests of other features: a fake agent of the manager in {@code context}, enrolled with
     * {@code token}, connected and welcomed (the host then becomes Up).
     */
    public static FakeAgent enrolledAndWelcomed(org.springframework.context.ApplicationContext context, String name, String token)
            throws Exception {
        FakeAgent a = new FakeAgent(name, context.getBean(AgentLinkServer.class).port(),
                context.getBean(CertificateAuthority.class).certificatePem());
        if (!a.enroll(token).hasCertificate()) {
            throw new AssertionError("enrollment of " + name + " gave no certificate");
        }
        a.connect(true);
        a.send(AgentMessage.newBuilder().setHello(dev.flotilla.protocol.v1.Hello.newBuilder().setProtocolVersion(1).setFacts(facts())).build());
        ManagerMessage welcome = a.next();
        if (!welcome.hasWelcome()) {
            throw new AssertionError("the manager answered Hello with " + welcome);
        }
        return a;
    }

    public static HostFacts facts() {
        return HostFacts.newBuilder().setHostname("fake").setCpuModel("Test CPU").setCpuCores(8).setMemoryMib(16384)
                .setDriver("simulated").setAccel("simulated").build();
    }

    String csr() throws Exception {
        var csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + name), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        return Pem.write(csr);
    }

    public EnrollResponse enroll(String token) throws Exception {
        ManagedChannel enrollChannel = channel(TlsChannelCredentials.newBuilder().trustManager(stream(caPem)).build());
        try {
            EnrollResponse r = EnrollmentGrpc.newBlockingStub(enrollChannel).withDeadlineAfter(20, TimeUnit.SECONDS)
                    .enroll(EnrollRequest.newBuilder().setToken(token).setHostName(name).setCsrPem(csr()).setFacts(facts()).build());
            if (r.hasCertificate()) {
                certificatePem = r.getCertificate().getCertificatePem();
            }
            return r;
        } finally {
            enrollChannel.shutdownNow();
        }
    }

    /** Opens the stream with the enrolled certificate (or without any, to test refusal). */
    public void connect(boolean withCertificate) throws java.io.IOException {
        TlsChannelCredentials.Builder creds = TlsChannelCredentials.newBuilder().trustManager(stream(caPem));
        if (withCertificate) {
            creds.keyManager(stream(certificatePem), stream(Pem.write(keys.getPrivate())));
        }
        channel = channel(creds.build());
        toManager = AgentLinkGrpc.newStub(channel).connect(new StreamObserver<>() {
            public void onNext(ManagerMessage m) {
                if (m.hasCommand() && m.getCommand().hasLeaseRenewal()) {
                    renewals.add(m.getCommand().getLeaseRenewal()); // one per heartbeat: kept apart so tests read the commands
                } else if (m.hasCommand() && m.getCommand().hasWatchDomains()) {
                    watches.add(m.getCommand().getWatchDomains()); // whenever the data center's domains change: kept apart too
                } else {
                    fromManager.add(m);
                }
            }

            public void onError(Throwable t) {
                streamError = t;
            }

            public void onCompleted() {
            }
        });
    }

    /** The lease renewals the manager sent, oldest first. */
    public final java.util.concurrent.BlockingQueue<dev.flotilla.protocol.v1.LeaseRenewal> renewals =
            new java.util.concurrent.LinkedBlockingQueue<>();

    /** The lists of storage domains to watch the manager sent, oldest first. */
    public final java.util.concurrent.BlockingQueue<dev.flotilla.protocol.v1.WatchDomains> watches =
            new java.util.concurrent.LinkedBlockingQueue<>();

    public synchronized void send(AgentMessage m) {
        toManager.onNext(m);
    }

    public ManagerMessage next() throws InterruptedException {
        ManagerMessage m = fromManager.poll(20, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("the manager sent nothing within 20 s" + (streamError == null ? "" : "; stream error: " + streamError));
        }
        return m;
    }

    /**
     * The next command of {@code kind}. Others met on the way are kept in {@link #passedOver}: in a
     * suite sharing one manager, a host of this test may be asked things for another test's sake
     * (a fence proxy's status call), at whatever moment a loaded machine delivers them.
     */
    public dev.flotilla.protocol.v1.Command next(dev.flotilla.protocol.v1.Command.ActionCase kind) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            ManagerMessage m = fromManager.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new AssertionError("the manager sent no %s within 20 s (passed over: %s)%s".formatted(kind, passedOver,
                        streamError == null ? "" : "; stream error: " + streamError));
            }
            if (m.hasCommand() && m.getCommand().getActionCase() == kind) {
                return m.getCommand();
            }
            passedOver.add(m.hasCommand() ? m.getCommand().getActionCase().name() : m.getBodyCase().name());
        }
    }

    /** What {@link #next(dev.flotilla.protocol.v1.Command.ActionCase)} skipped, by kind. */
    public final java.util.List<String> passedOver = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The next message from the manager, or null when none came within {@code millis}. */
    public ManagerMessage poll(long millis) throws InterruptedException {
        return fromManager.poll(millis, TimeUnit.MILLISECONDS);
    }

    private ManagedChannel channel(ChannelCredentials creds) {
        return NettyChannelBuilder.forAddress("localhost", port, creds).build();
    }

    private static ByteArrayInputStream stream(String pem) {
        return new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        if (toManager != null) {
            try {
                toManager.onCompleted();
            } catch (RuntimeException ignored) {
                // already closed by the manager
            }
        }
        if (channel != null) {
            channel.shutdownNow();
        }
    }
}
