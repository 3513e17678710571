package dev.flotilla.agent.managerlink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The agent's enrolled identity, kept in {@code <state-dir>/pki/}: agent.key (PKCS#8 PEM, 0600),
 * agent.crt, ca.crt and host-id. When all four exist, enrollment is skipped.
 */
public record AgentIdentity(String hostId, Path dir) {

    static final String KEY = "agent.key";
    static final String CSR = "agent.csr";
    static final String CERT = "agent.crt";
    static final String CA = "ca.crt";
    static final String HOST_ID = "host-id";

    public Path keyFile() { return dir.resolve(KEY); }
    public Path certificateFile() { return dir.resolve(CERT); }
    public Path caFile() { return dir.resolve(CA); }

    /** The identity stored in {@code pkiDir}, if enrollment finished there. */
    public static Optional<AgentIdentity> load(Path pkiDir) {
        for (String name : new String[] {KEY, CERT, CA, HOST_ID}) {
            if (!Files.isRegularFile(pkiDir.resolve(name))) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(new AgentIdentity(Files.readString(pkiDir.resolve(HOST_ID)).trim(), pkiDir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pkiDir.resolve(HOST_ID), e);
        }
    }

    /** Stores what the manager issued; the key is already there. host-id goes last: it marks the set complete. */
    static AgentIdentity store(Path pkiDir, String hostId, String certificatePem, String caPem) throws IOException {
        write(pkiDir.resolve(CERT), certificatePem, false);
        write(pkiDir.resolve(CA), caPem, false);
        write(pkiDir.resolve(HOST_ID), hostId + "\n", false);
        Files.deleteIfExists(pkiDir.resolve(CSR));
        return new AgentIdentity(hostId, pkiDir);
    }

    /** Writes through a temporary file and a rename, so a crash never leaves half a key; secret files are 0600 from birth. */
    static void write(Path file, String content, boolean secret) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (secret) {
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp); // not a POSIX file system; nothing better to do
            }
        }
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static X509Certificate parseCertificate(String pem) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    /** The CN of a certificate's subject (the manager puts the host id there). */
    static String commonName(X509Certificate cert) {
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            // fall through: no CN we can read
        }
        return "";
    }
}
