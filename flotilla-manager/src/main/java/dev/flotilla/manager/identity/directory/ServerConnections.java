package dev.flotilla.manager.identity.directory;

import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Opens a connection to the first server of a domain that answers (fail-over in the listed order),
 * over plain LDAP, LDAPS or StartTLS. Certificates are checked against the domain's CA (or the
 * JVM's trust store) with the host name verified, unless the domain says to trust all (labs).
 */
final class ServerConnections {

    LDAPConnection open(LdapDomain d) throws LDAPException {
        List<String> servers = d.servers();
        String[] hosts = new String[servers.size()];
        int[] ports = new int[servers.size()];
        for (int i = 0; i < servers.size(); i++) {
            String s = servers.get(i).trim();
            int colon = s.lastIndexOf(':');
            hosts[i] = colon > 0 ? s.substring(0, colon) : s;
            ports[i] = colon > 0 ? Integer.parseInt(s.substring(colon + 1)) : d.security() == LdapDomain.Security.LDAPS ? 636 : 389;
        }
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(5_000);
        options.setResponseTimeoutMillis(10_000);
        try {
            if (d.security() == LdapDomain.Security.NONE) {
                return new FailoverServerSet(hosts, ports, options).getConnection();
            }
            SSLUtil ssl = new SSLUtil(trust(d));
            if (!d.trustAll()) {
                options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
            }
            if (d.security() == LdapDomain.Security.LDAPS) {
                return new FailoverServerSet(hosts, ports, ssl.createSSLSocketFactory(), options).getConnection();
            }
            return new FailoverServerSet(hosts, ports, null, options, null,
                    new StartTLSPostConnectProcessor(ssl.createSSLContext())).getConnection();
        } catch (GeneralSecurityException e) {
            throw new LDAPException(ResultCode.LOCAL_ERROR, "TLS set-up failed: " + e.getMessage(), e);
        }
    }

    private static TrustManager trust(LdapDomain d) throws GeneralSecurityException {
        if (d.trustAll()) {
            return new TrustAllTrustManager();
        }
        if (d.caPem() == null || d.caPem().isBlank()) {
            return JVMDefaultTrustManager.getInstance();
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        int i = 0;
        for (Certificate cert : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(d.caPem().getBytes(StandardCharsets.US_ASCII)))) {
            store.setCertificateEntry("ca" + i++, cert);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf.getTrustManagers()[0];
    }
}
