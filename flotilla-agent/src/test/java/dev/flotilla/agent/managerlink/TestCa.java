package dev.flotilla.agent.managerlink;

import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/** A throwaway CA for tests: the manager's CA, its server certificate, and certificates issued from agents' CSRs. */
final class TestCa {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    final KeyPair caKeys = keys();
    final X509Certificate caCert;

    TestCa(String name) throws Exception {
        X500Name subject = new X500Name("CN=" + name);
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(), from(), to(), subject, caKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        caCert = sign(b);
    }

    String caSha256() throws Exception {
        return PinningTrustManager.sha256(caCert);
    }

    /** Writes server.crt (leaf then CA, so the agent can find the pinned CA in the chain), server.key and ca.crt. */
    void writeServerFiles(Path dir) throws Exception {
        KeyPair serverKeys = keys();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCert, serial(), from(), to(),
                new X500Name("CN=flotilla-manager"), serverKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        X509Certificate server = sign(b);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("server.crt"), pem(server) + pem(caCert));
        Files.writeString(dir.resolve("server.key"), pem(new JcaPKCS8Generator(serverKeys.getPrivate(), null).generate()));
        Files.writeString(dir.resolve("ca.crt"), pem(caCert));
    }

    /** Issues a client certificate with CN=hostId for the key in the CSR. */
    String issue(String csrPem, String hostId) throws Exception {
        PKCS10CertificationRequest csr;
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            csr = (PKCS10CertificationRequest) parser.readObject();
        }
        PublicKey key = new JcaPKCS10CertificationRequest(csr).getPublicKey();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCert, serial(), from(), to(), new X500Name("CN=" + hostId), key)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        return pem(sign(b));
    }

    String caPem() throws Exception {
        return pem(caCert);
    }

    private X509Certificate sign(X509v3CertificateBuilder builder) throws Exception {
        PrivateKey signer = caKeys.getPrivate();
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }

    static KeyPair keys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static Date from() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date to() {
        return Date.from(Instant.now().plus(Duration.ofDays(2)));
    }

    static String pem(Object o) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }
}
