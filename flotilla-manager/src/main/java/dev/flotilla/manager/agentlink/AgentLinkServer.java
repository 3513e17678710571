package dev.flotilla.manager.agentlink;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The gRPC port agents dial (default 9443). TLS with a server certificate from our CA; client
 * certificates are requested and verified against the same CA but optional at the TLS level,
 * because enrolling agents have none yet — {@link HostIdentity} demands one for the agent link.
 * Keepalive pings detect dead connections that TCP alone would keep open for hours.
 */
@Component
class AgentLinkServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AgentLinkServer.class);
    /** The largest message an agent may send: room for a screenshot (agents cap it at 8 MiB). */
    static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private final CertificateAuthority ca;
    private final EnrollmentService enrollment;
    private final AgentLinkService agentLink;
    private final int port;
    private final List<String> advertisedNames;
    private final int threads;
    private Server server;
    private ExecutorService executor;

    AgentLinkServer(CertificateAuthority ca, EnrollmentService enrollment, AgentLinkService agentLink,
                    @Value("${flotilla.agentlink.port:${FLOTILLA_AGENT_PORT:9443}}") int port,
                    @Value("${flotilla.agentlink.advertised-names:}") String advertisedNames,
                    @Value("${flotilla.agentlink.threads:32}") int threads) {
        this.ca = ca;
        this.enrollment = enrollment;
        this.agentLink = agentLink;
        this.port = port;
        this.advertisedNames = Arrays.stream(advertisedNames.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        this.threads = threads;
    }

    @Override
    public void start() {
        CertificateAuthority.ServerIdentity identity = ca.issueServerIdentity(advertisedNames);
        try {
            TlsServerCredentials.Builder creds = TlsServerCredentials.newBuilder()
                    .keyManager(stream(identity.certificateChainPem()), stream(identity.privateKeyPem()))
                    .trustManager(stream(ca.certificatePem()))
                    .clientAuth(TlsServerCredentials.ClientAuth.OPTIONAL);
            AtomicInteger n = new AtomicInteger();
            // Reports touch the database: they run on this pool, never on Netty's event loop.
            executor = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "agentlink-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            HostIdentity identityInterceptor = new HostIdentity();
            server = NettyServerBuilder.forPort(port, creds.build())
                    .executor(executor)
                    .addService(ServerInterceptors.intercept(enrollment, identityInterceptor))
                    .addService(ServerInterceptors.intercept(agentLink, identityInterceptor))
                    // gRPC's default of 4 MiB would cut off a large screenshot.
                    .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                    .keepAliveTime(20, TimeUnit.SECONDS)
                    .keepAliveTimeout(10, TimeUnit.SECONDS)
                    .permitKeepAliveTime(5, TimeUnit.SECONDS)
                    .permitKeepAliveWithoutCalls(true)
                    .build()
                    .start();
            log.info("Agent link listening on port {} (gRPC, TLS; CA fingerprint {})", server.getPort(), ca.fingerprint());
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the agent port " + port, e);
        }
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
            try {
                server.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor.shutdownNow();
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    private static ByteArrayInputStream stream(String pem) {
        return new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8));
    }
}
