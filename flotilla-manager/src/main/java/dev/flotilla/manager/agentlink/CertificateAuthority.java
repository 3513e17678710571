package dev.flotilla.manager.agentlink;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The manager's own certificate authority. Its key and certificate live in the database (so a
 * second manager on the same database, or a restored backup, keeps trusting the same hosts). It
 * signs the manager's gRPC server certificate at each start and each host's certificate at
 * enrollment (subject CN = host id, client-auth only).
 */
@Component
public class CertificateAuthority {

    private static final String SIGNATURE = "SHA256withECDSA";
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    /** Host certificates: long enough that renewal (a later feature) is not urgent. */
    private static final Duration HOST_VALIDITY = Duration.ofDays(1825);

    private static final java.security.SecureRandom SERIALS = new java.security.SecureRandom();

    private final X509Certificate caCertificate;
    private final PrivateKey caKey;

    CertificateAuthority(JdbcClient jdbc, TransactionTemplate tx) {
        record Stored(String cert, String key) {
        }
        Stored stored = tx.execute(s -> {
            jdbc.sql("lock table certificate_authority in exclusive mode").update();
            return jdbc.sql("select certificate_pem, private_key_pem from certificate_authority where id = 1")
                    .query((rs, row) -> new Stored(rs.getString(1), rs.getString(2))).optional()
                    .orElseGet(() -> {
                        KeyPair kp = newKeyPair();
                        X509Certificate cert = selfSigned(kp);
                        Stored created = new Stored(Pem.write(cert), Pem.write(kp.getPrivate()));
                        jdbc.sql("insert into certificate_authority(id, certificate_pem, private_key_pem, next_serial) values (1, :c, :k, 2)")
                                .param("c", created.cert()).param("k", created.key()).update();
                        return created;
                    });
        });
        this.caCertificate = Pem.certificate(stored.cert());
        this.caKey = Pem.privateKey(stored.key());
    }

    public X509Certificate certificate() {
        return caCertificate;
    }

    public String certificatePem() {
        return Pem.write(caCertificate);
    }

    /** Lowercase hex SHA-256 of the CA certificate's DER: what enrollment tokens carry so agents can pin it. */
    public String fingerprint() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(caCertificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh key and server certificate for the gRPC port, valid for every name and address given. */
    public record ServerIdentity(String certificateChainPem, String privateKeyPem) {
    }

    public ServerIdentity issueServerIdentity(Collection<String> extraNames) {
        KeyPair kp = newKeyPair();
        LinkedHashSet<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (java.net.UnknownHostException ignored) {
            // a machine without a resolvable hostname still serves localhost
        }
        names.addAll(LocalAddresses.all());
        names.addAll(extraNames);
        GeneralName[] sans = names.stream().filter(n -> !n.isBlank())
                .map(n -> LocalAddresses.isIpLiteral(n) ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n))
                .toArray(GeneralName[]::new);
        X509Certificate cert = sign(new X500Name("CN=flotilla-manager"), kp.getPublic(), Duration.ofDays(825),
                KeyPurposeId.id_kp_serverAuth, new GeneralNames(sans));
        return new ServerIdentity(Pem.write(cert) + Pem.write(caCertificate), Pem.write(kp.getPrivate()));
    }

    /** Signs a host's request: the certificate names the host by id, whatever the request asked for. */
    public String signHostCertificate(String csrPem, UUID hostId) {
        PKCS10CertificationRequest csr = Pem.csr(csrPem);
        try {
            var publicKey = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo());
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(publicKey))) {
                throw new IllegalArgumentException("the certificate request's signature does not verify");
            }
            return Pem.write(sign(new X500Name("CN=" + hostId), publicKey, HOST_VALIDITY, KeyPurposeId.id_kp_clientAuth, null));
        } catch (java.io.IOException | org.bouncycastle.operator.OperatorCreationException | org.bouncycastle.pkcs.PKCSException e) {
            throw new IllegalArgumentException("the certificate request is not usable: " + e.getMessage(), e);
        }
    }

    private X509Certificate sign(X500Name subject, java.security.PublicKey key, Duration validity, KeyPurposeId purpose,
                                 GeneralNames sans) {
        try {
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCertificate, nextSerial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), subject, key);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCertificate));
            if (sans != null) {
                b.addExtension(Extension.subjectAlternativeName, false, sans);
            }
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(caKey);
            return new JcaX509CertificateConverter().getCertificate(b.build(signer));
        } catch (Exception e) {
            throw new IllegalStateException("could not sign a certificate", e);
        }
    }

    /**
     * Random 127-bit serials (what public CAs do): unique without a shared counter, so enrolling
     * a thousand hosts at once does not queue every enrollment on one database row.
     */
    private static BigInteger nextSerial() {
        return new BigInteger(127, SERIALS).add(BigInteger.ONE);
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate selfSigned(KeyPair kp) {
        try {
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=Flotilla CA " + UUID.randomUUID().toString().substring(0, 8));
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(CA_VALIDITY)), name, kp.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(SIGNATURE).build(kp.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException("could not create the certificate authority", e);
        }
    }
}
