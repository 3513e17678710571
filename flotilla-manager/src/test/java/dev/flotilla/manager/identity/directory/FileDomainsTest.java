package dev.flotilla.manager.identity.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Directory domains from files: a good file is a domain; a bad one stops the start naming the file and the key. */
class FileDomainsTest {

    @TempDir
    Path dir;

    @Test
    void aFileIsADomainNamedAfterItUnlessItSaysOtherwise() throws Exception {
        Files.writeString(dir.resolve("corp.example.com.properties"), """
                profile = ad
                servers = dc1.corp.example.com:636, dc2.corp.example.com:636
                security = ldaps
                bindDn = cn=flotilla,cn=Users,dc=corp,dc=example,dc=com
                bindPassword = s3cret
                baseDn = dc=corp,dc=example,dc=com
                """);
        Files.writeString(dir.resolve("ignored.txt"), "not a domain");
        FileDomains files = new FileDomains(dir.toString());
        assertThat(files.all()).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("corp.example.com");
            assertThat(d.profile()).isEqualTo(DirectoryProfile.AD);
            assertThat(d.servers()).containsExactly("dc1.corp.example.com:636", "dc2.corp.example.com:636");
            assertThat(d.security()).isEqualTo(LdapDomain.Security.LDAPS);
            assertThat(files.fileOf(d)).contains(dir.resolve("corp.example.com.properties"));
        });
        assertThat(new FileDomains("").all()).isEmpty();
    }

    @Test
    void aBadFileNamesItselfAndTheKey() throws Exception {
        Path bad = dir.resolve("lab.properties");
        Files.writeString(bad, "profile = novell\nservers = ldap1\nbaseDn = dc=lab\n");
        assertThatThrownBy(() -> new FileDomains(dir.toString())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(bad.toString()).hasMessageContaining("profile");
        Files.writeString(bad, "profile = openldap\nservers = ldap1\nbaseDn = dc=lab\nbindPasword = typo\n");
        assertThatThrownBy(() -> new FileDomains(dir.toString())).hasMessageContaining(bad.toString())
                .hasMessageContaining("key bindPasword: unknown");
        Files.writeString(bad, "profile = openldap\nservers = ldap1\nbaseDn = not a dn\n");
        assertThatThrownBy(() -> new FileDomains(dir.toString())).hasMessageContaining("baseDn");
        assertThatThrownBy(() -> new FileDomains(dir.resolve("missing").toString())).hasMessageContaining("ldap-config-dir");
    }
}
