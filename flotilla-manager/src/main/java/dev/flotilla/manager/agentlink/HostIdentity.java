package dev.flotilla.manager.agentlink;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.UUID;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;

/**
 * Reads the host id from the client certificate (TLS already verified it chains to our CA) and
 * puts it in the gRPC context. The agent link refuses calls without one; enrollment needs none.
 */
final class HostIdentity implements ServerInterceptor {

    static final Context.Key<UUID> HOST_ID = Context.key("flotilla-host-id");
    static final Context.Key<String> PEER_ADDRESS = Context.key("flotilla-peer-address");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        UUID hostId = hostId(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        boolean enrollment = call.getMethodDescriptor().getServiceName().endsWith("Enrollment");
        if (hostId == null && !enrollment) {
            call.close(Status.UNAUTHENTICATED.withDescription("a host certificate from this manager is required; enroll first"), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        Context ctx = Context.current().withValue(HOST_ID, hostId)
                .withValue(PEER_ADDRESS, address(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)));
        return Contexts.interceptCall(ctx, call, headers, next);
    }

    private static UUID hostId(SSLSession session) {
        if (session == null) {
            return null;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) {
                return null;
            }
            String dn = cert.getSubjectX500Principal().getName(X500Principal.RFC2253);
            for (String part : dn.split(",")) {
                if (part.startsWith("CN=")) {
                    return UUID.fromString(part.substring(3));
                }
            }
            return null;
        } catch (SSLPeerUnverifiedException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String address(SocketAddress a) {
        return a instanceof InetSocketAddress inet && inet.getAddress() != null ? inet.getAddress().getHostAddress() : "";
    }
}
