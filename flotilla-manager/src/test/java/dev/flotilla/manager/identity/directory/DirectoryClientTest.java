package dev.flotilla.manager.identity.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The directory client against UnboundID's in-memory server shaped as Active Directory (nested
 * groups answered through LDAP_MATCHING_RULE_IN_CHAIN, as AD does) and as FreeIPA.
 */
class DirectoryClientTest {

    static final String AD_BASE = "dc=corp,dc=example,dc=com";
    static final String IPA_BASE = "dc=ipa,dc=test";
    static final AtomicInteger IN_CHAIN_SEARCHES = new AtomicInteger();
    static InMemoryDirectoryServer ad;
    static InMemoryDirectoryServer ipa;
    final DirectoryClient client = new DirectoryClient();

    @BeforeAll
    static void start() throws Exception {
        InMemoryDirectoryServerConfig adConfig = new InMemoryDirectoryServerConfig(AD_BASE);
        adConfig.setSchema(null);   // AD's classes (user, group) and attributes are not in the standard schema
        adConfig.addAdditionalBindCredentials("cn=svc-flotilla,cn=Users," + AD_BASE, "Svc-Pass-1");
        adConfig.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", 0));
        adConfig.addInMemoryOperationInterceptor(new InChainLikeAd());
        ad = new InMemoryDirectoryServer(adConfig);
        ad.add("dn: " + AD_BASE, "objectClass: domain", "dc: corp");
        ad.add("dn: cn=Users," + AD_BASE, "objectClass: container", "cn: Users");
        ad.add("dn: cn=Groups," + AD_BASE, "objectClass: container", "cn: Groups");
        adUser("Alice Smith", "alice", "Alice-Pass-1");
        adUser("Bob Jones", "bob", "Bob-Pass-1");
        adGroup("dev", "cn=Alice Smith,cn=Users," + AD_BASE);
        adGroup("engineering", "cn=dev,cn=Groups," + AD_BASE);
        adGroup("all-staff", "cn=engineering,cn=Groups," + AD_BASE);
        adGroup("admins", "cn=Bob Jones,cn=Users," + AD_BASE);
        ad.startListening();

        InMemoryDirectoryServerConfig ipaConfig = new InMemoryDirectoryServerConfig(IPA_BASE);
        ipaConfig.addAdditionalBindCredentials("uid=flotilla,cn=sysaccounts,cn=etc," + IPA_BASE, "Sys-Pass-1");
        ipaConfig.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", 0));
        ipaConfig.setSchema(null);
        ipa = new InMemoryDirectoryServer(ipaConfig);
        ipa.add("dn: " + IPA_BASE, "objectClass: domain", "dc: ipa");
        ipa.add("dn: cn=accounts," + IPA_BASE, "objectClass: nsContainer", "cn: accounts");
        ipa.add("dn: cn=users,cn=accounts," + IPA_BASE, "objectClass: nsContainer", "cn: users");
        ipa.add("dn: cn=groups,cn=accounts," + IPA_BASE, "objectClass: nsContainer", "cn: groups");
        // FreeIPA keeps direct and indirect groups in memberOf (its memberOf plug-in follows nesting)
        ipa.add("dn: uid=carol,cn=users,cn=accounts," + IPA_BASE, "objectClass: person", "objectClass: inetOrgPerson",
                "objectClass: posixAccount", "uid: carol", "cn: Carol Diaz", "sn: Diaz", "mail: carol@ipa.test",
                "userPassword: Carol-Pass-1", "memberOf: cn=ipausers,cn=groups,cn=accounts," + IPA_BASE,
                "memberOf: cn=vm-operators,cn=groups,cn=accounts," + IPA_BASE);
        ipa.add("dn: cn=ipausers,cn=groups,cn=accounts," + IPA_BASE, "objectClass: groupOfNames", "cn: ipausers",
                "member: uid=carol,cn=users,cn=accounts," + IPA_BASE);
        ipa.add("dn: cn=vm-operators,cn=groups,cn=accounts," + IPA_BASE, "objectClass: groupOfNames", "cn: vm-operators",
                "member: uid=carol,cn=users,cn=accounts," + IPA_BASE);
        // a user outside cn=users,cn=accounts is not an IPA account and must not be found
        ipa.add("dn: uid=stray," + IPA_BASE, "objectClass: person", "objectClass: inetOrgPerson", "uid: stray", "cn: Stray",
                "sn: S", "userPassword: Stray-Pass-1");
        ipa.startListening();
    }

    @AfterAll
    static void stop() {
        ad.shutDown(true);
        ipa.shutDown(true);
    }

    static void adUser(String cn, String sam, String password) throws Exception {
        ad.add("dn: cn=" + cn + ",cn=Users," + AD_BASE, "objectClass: top", "objectClass: person", "objectClass: organizationalPerson",
                "objectClass: user", "cn: " + cn, "sAMAccountName: " + sam, "userPrincipalName: " + sam + "@corp.example.com",
                "displayName: " + cn, "mail: " + sam + "@corp.example.com", "userPassword: " + password);
    }

    static void adGroup(String cn, String member) throws Exception {
        String dn = "cn=" + cn + ",cn=Groups," + AD_BASE;
        ad.add("dn: " + dn, "objectClass: top", "objectClass: group", "cn: " + cn, "distinguishedName: " + dn, "member: " + member);
    }

    static LdapDomain adDomain(List<String> servers, String bindPassword) {
        return new LdapDomain(UUID.randomUUID(), "corp.example.com", DirectoryProfile.AD, servers, LdapDomain.Security.NONE,
                "cn=svc-flotilla,cn=Users," + AD_BASE, bindPassword, AD_BASE, false, "");
    }

    static LdapDomain adDomain() {
        return adDomain(List.of("127.0.0.1:" + ad.getListenPort()), "Svc-Pass-1");
    }

    static LdapDomain ipaDomain() {
        return new LdapDomain(UUID.randomUUID(), "ipa.test", DirectoryProfile.IPA, List.of("127.0.0.1:" + ipa.getListenPort()),
                LdapDomain.Security.NONE, "uid=flotilla,cn=sysaccounts,cn=etc," + IPA_BASE, "Sys-Pass-1", IPA_BASE, false, "");
    }

    @Test
    void adUserSignsInWithSamAccountNameAndGetsNestedGroupsThroughInChain() {
        int before = IN_CHAIN_SEARCHES.get();
        Optional<DirectoryUser> alice = client.authenticate(adDomain(), "alice", "Alice-Pass-1");

        assertThat(alice).isPresent();
        assertThat(alice.get().dn()).isEqualToIgnoringCase("cn=Alice Smith,cn=Users," + AD_BASE);
        assertThat(alice.get().displayName()).isEqualTo("Alice Smith");
        assertThat(alice.get().groups()).containsExactly("all-staff", "dev", "engineering");
        assertThat(IN_CHAIN_SEARCHES.get()).isGreaterThan(before);
    }

    @Test
    void adUserMaySignInWithTheUserPrincipalNamesLocalPart() {
        assertThat(client.authenticate(adDomain(), "bob", "Bob-Pass-1")).get()
                .extracting(DirectoryUser::groups).isEqualTo(List.of("admins"));
    }

    @Test
    void wrongOrEmptyPasswordIsRefused() {
        assertThat(client.authenticate(adDomain(), "alice", "Bob-Pass-1")).isEmpty();
        assertThat(client.authenticate(adDomain(), "alice", "")).isEmpty();
        assertThat(client.authenticate(adDomain(), "nobody", "Alice-Pass-1")).isEmpty();
    }

    @Test
    void filterInjectionInTheUserNameFindsNobody() throws LDAPException {
        for (String evil : List.of("*", "alice)(|(objectClass=*)", "*)(sAMAccountName=*", "al*", "alice\\", "alice)(cn=*))(|(cn=*",
                "\u0000alice")) {
            assertThat(client.authenticate(adDomain(), evil, "Alice-Pass-1")).as(evil).isEmpty();
        }
        Filter f = DirectoryClient.userFilter(DirectoryProfile.OPENLDAP, "corp", "x)(uid=*");
        assertThat(f.toString()).contains("uid=x\\29\\28uid=\\2a");
    }

    @Test
    void ipaUserIsFoundUnderAccountsAndItsMemberOfGroupsCome() {
        Optional<DirectoryUser> carol = client.authenticate(ipaDomain(), "carol", "Carol-Pass-1");

        assertThat(carol).isPresent();
        assertThat(carol.get().email()).isEqualTo("carol@ipa.test");
        assertThat(carol.get().groups()).containsExactly("ipausers", "vm-operators");
        assertThat(client.authenticate(ipaDomain(), "stray", "Stray-Pass-1")).isEmpty();
    }

    @Test
    void aWrongBindPasswordOrAnUnreachableDirectoryIsADirectoryErrorNotAWrongPassword() throws Exception {
        assertThatThrownBy(() -> client.authenticate(adDomain(List.of("127.0.0.1:" + ad.getListenPort()), "nope"), "alice", "Alice-Pass-1"))
                .isInstanceOf(DirectoryException.class).hasMessageContaining("refused its bind user");
        int dead = freePort();
        assertThatThrownBy(() -> client.authenticate(adDomain(List.of("127.0.0.1:" + dead), "Svc-Pass-1"), "alice", "Alice-Pass-1"))
                .isInstanceOf(DirectoryException.class).hasMessageContaining("corp.example.com");
    }

    @Test
    void theNextServerIsTriedWhenTheFirstIsDown() throws Exception {
        LdapDomain failover = adDomain(List.of("127.0.0.1:" + freePort(), "127.0.0.1:" + ad.getListenPort()), "Svc-Pass-1");
        assertThat(client.authenticate(failover, "alice", "Alice-Pass-1")).isPresent();
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * Answers {@code (member:1.2.840.113556.1.4.1941:=<dn>)} as Active Directory does: every group that
     * holds the DN directly or through other groups. The in-memory server does not know the rule.
     */
    static final class InChainLikeAd extends InMemoryOperationInterceptor {
        @Override
        public void processSearchRequest(InMemoryInterceptedSearchRequest request) throws LDAPException {
            com.unboundid.ldap.sdk.ReadOnlySearchRequest search = request.getRequest();
            Optional<String> member = inChainValue(search.getFilter());
            if (member.isEmpty()) {
                return;
            }
            IN_CHAIN_SEARCHES.incrementAndGet();
            List<String> groups = new ArrayList<>();
            List<String> todo = new ArrayList<>(List.of(member.get()));
            while (!todo.isEmpty()) {
                String dn = todo.remove(0);
                for (var g : ad.search(AD_BASE, com.unboundid.ldap.sdk.SearchScope.SUB, Filter.createEqualityFilter("member", dn))
                        .getSearchEntries()) {
                    if (!groups.contains(g.getDN())) {
                        groups.add(g.getDN());
                        todo.add(g.getDN());
                    }
                }
            }
            List<Filter> any = new ArrayList<>();
            groups.forEach(g -> any.add(Filter.createEqualityFilter("distinguishedName", g)));
            SearchRequest rewritten = search.duplicate();
            rewritten.setFilter(any.isEmpty() ? Filter.createEqualityFilter("objectClass", "nothing-matches")
                    : Filter.createORFilter(any));
            request.setRequest(rewritten);
        }

        private static Optional<String> inChainValue(Filter f) {
            if (f.getFilterType() == Filter.FILTER_TYPE_EXTENSIBLE_MATCH && DirectoryProfile.IN_CHAIN.equals(f.getMatchingRuleID())) {
                return Optional.of(f.getAssertionValue());
            }
            if (f.getFilterType() == Filter.FILTER_TYPE_AND || f.getFilterType() == Filter.FILTER_TYPE_OR) {
                for (Filter c : f.getComponents()) {
                    Optional<String> v = inChainValue(c);
                    if (v.isPresent()) {
                        return v;
                    }
                }
            }
            return Optional.empty();
        }
    }
}
