package dev.flotilla.agent.managerlink;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The agent's key pair and its PKCS#10 request (subject CN=host name). Both are written to the
 * pki directory before the first Enroll, so an agent restarted while it waits for approval asks
 * again with the same key, and the admin approves the request they saw.
 */
record CertificateRequest(String csrPem) {

    static CertificateRequest loadOrCreate(Path pkiDir, String hostName) throws IOException {
        Path key = pkiDir.resolve(AgentIdentity.KEY);
        Path csr = pkiDir.resolve(AgentIdentity.CSR);
        if (Files.isRegularFile(key) && Files.isRegularFile(csr)) {
            String pem = Files.readString(csr);
            if (hostName.equals(subjectCommonName(pem))) {
                return new CertificateRequest(pem);
            }
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, hostName).build();
            PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(subject, pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            AgentIdentity.write(key, pem(new JcaPKCS8Generator(pair.getPrivate(), null).generate()), true);
            String csrPem = pem(request);
            AgentIdentity.write(csr, csrPem, false);
            return new CertificateRequest(csrPem);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make an EC P-256 key pair and request: " + e.getMessage(), e);
        }
    }

    /** The request's public key, DER-encoded: the issued certificate must carry the same one. */
    byte[] publicKeyInfo() throws IOException {
        return parse(csrPem).getSubjectPublicKeyInfo().getEncoded();
    }

    private static String subjectCommonName(String csrPem) {
        try {
            var rdns = parse(csrPem).getSubject().getRDNs(BCStyle.CN);
            return rdns.length == 0 ? "" : rdns[0].getFirst().getValue().toString();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static PKCS10CertificationRequest parse(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            if (o instanceof PKCS10CertificationRequest request) {
                return request;
            }
            throw new IOException("not a PKCS#10 request");
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
