package dev.flotilla.manager.agentlink;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** PEM in and out: certificates, PKCS#8 private keys (what gRPC's TLS reads), PKCS#10 requests. */
final class Pem {

    private Pem() {
    }

    static String write(Object object) {
        try (StringWriter out = new StringWriter(); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            if (object instanceof PrivateKey key) {
                pem.writeObject(new JcaPKCS8Generator(key, null));
            } else {
                pem.writeObject(object);
            }
            pem.flush();
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static X509Certificate certificate(String pem) {
        try {
            return new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) read(pem));
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalArgumentException("not a valid certificate", e);
        }
    }

    static PrivateKey privateKey(String pem) {
        try {
            return new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) read(pem));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a valid private key", e);
        }
    }

    /** Parses a certificate request; throws IllegalArgumentException with a plain reason when it is not one. */
    static PKCS10CertificationRequest csr(String pem) {
        Object o = read(pem);
        if (o instanceof PKCS10CertificationRequest csr) {
            return csr;
        }
        throw new IllegalArgumentException("csr_pem is not a PEM certificate request");
    }

    private static Object read(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem == null ? "" : pem))) {
            Object o = parser.readObject();
            if (o == null) {
                throw new IllegalArgumentException("no PEM object found");
            }
            return o;
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable PEM: " + e.getMessage(), e);
        }
    }
}
