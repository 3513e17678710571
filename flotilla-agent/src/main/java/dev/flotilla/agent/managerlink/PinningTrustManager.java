package dev.flotilla.agent.managerlink;

import java.net.Socket;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a server during enrollment only if its chain contains the CA whose SHA-256 the token
 * carries, and the rest of the chain is signed by that CA. Finding the hash is not enough: the CA
 * certificate is public, anyone could append it to their own chain; so the pinned certificate
 * then becomes the only trust anchor of an ordinary PKIX check (signatures, validity, host name).
 */
public final class PinningTrustManager extends X509ExtendedTrustManager {

    private final String caSha256;
    private final AtomicReference<String> lastRefusal = new AtomicReference<>();

    public PinningTrustManager(String caSha256Hex) {
        this.caSha256 = EnrollmentToken.caHash(caSha256Hex);
    }

    /** Why the last handshake was refused, or null: TLS libraries bury the reason deep in their exceptions. */
    public String lastRefusal() {
        return lastRefusal.get();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        anchoredAt(chain).checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        anchoredAt(chain).checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        anchoredAt(chain).checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("the enrollment trust manager only checks servers");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("the enrollment trust manager only checks servers");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the enrollment trust manager only checks servers");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    private X509ExtendedTrustManager anchoredAt(X509Certificate[] chain) throws CertificateException {
        StringBuilder seen = new StringBuilder();
        for (X509Certificate cert : chain) {
            String hash = sha256(cert);
            if (hash.equals(caSha256)) {
                return trusting(cert);
            }
            seen.append(seen.length() == 0 ? "" : "; ").append(cert.getSubjectX500Principal().getName()).append(" (SHA-256 ").append(hash).append(')');
        }
        String why = "the manager's certificate chain does not contain the CA with SHA-256 " + caSha256
                + " (from the enrollment token or --ca-hash); it presented: " + seen
                + ". Check the token, or that --manager points at the right manager.";
        lastRefusal.set(why);
        throw new CertificateException(why);
    }

    public static String sha256(X509Certificate cert) throws CertificateEncodingException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static X509ExtendedTrustManager trusting(X509Certificate ca) throws CertificateException {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("pinned-ca", ca);
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new CertificateException("no X.509 trust manager available");
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            throw new CertificateException("cannot build a trust store for the pinned CA: " + e.getMessage(), e);
        }
    }
}
