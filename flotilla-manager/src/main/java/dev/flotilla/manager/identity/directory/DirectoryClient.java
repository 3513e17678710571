package dev.flotilla.manager.identity.directory;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Signs a user in against a directory: bind as the configured bind user, find exactly one user
 * entry by its login (the filter is built by the SDK, which escapes every value), bind as that
 * entry with the password, then collect its groups. An empty password is refused before any bind:
 * LDAP treats it as an anonymous bind that "succeeds".
 */
public final class DirectoryClient {

    private static final int MAX_GROUPS = 500;
    private final ServerConnections connections = new ServerConnections();

    /** The user, or empty for a wrong name or password; DirectoryException when the directory cannot answer. */
    public Optional<DirectoryUser> authenticate(LdapDomain domain, String login, String password) {
        if (login == null || login.isBlank() || password == null || password.isEmpty()
                || login.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            return Optional.empty();   // no user name holds control characters; refusing them keeps NULs out of filters and logs
        }
        try (LDAPConnection c = connections.open(domain)) {
            bindAsService(c, domain);
            Optional<SearchResultEntry> entry = findUser(c, domain, login.trim());
            if (entry.isEmpty() || !passwordMatches(domain, entry.get().getDN(), password)) {
                return Optional.empty();
            }
            SearchResultEntry e = entry.get();
            String display = Optional.ofNullable(e.getAttributeValue("displayName")).orElse(e.getAttributeValue("cn"));
            return Optional.of(new DirectoryUser(e.getDN(), login.trim(), display == null ? "" : display,
                    Optional.ofNullable(e.getAttributeValue("mail")).orElse(""), groups(c, domain, e)));
        } catch (LDAPException ex) {
            throw new DirectoryException("directory %s could not be searched: %s".formatted(domain.name(), ex.getExceptionMessage()), ex);
        }
    }

    /** Checks that the servers answer and the bind user is accepted; the message says what failed. */
    public void check(LdapDomain domain) {
        try (LDAPConnection c = connections.open(domain)) {
            bindAsService(c, domain);
            c.getEntry(domain.baseDn());
        } catch (LDAPException ex) {
            throw new DirectoryException("directory %s: %s".formatted(domain.name(), ex.getExceptionMessage()), ex);
        }
    }

    /** Whether the directory holds a group of this name (its cn) where the profile keeps groups. */
    public boolean groupExists(LdapDomain d, String name) {
        if (name == null || name.isBlank() || name.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            return false;
        }
        try (LDAPConnection c = connections.open(d)) {
            bindAsService(c, d);
            Filter f = Filter.createANDFilter(Filter.createORFilter(Filter.createEqualityFilter("objectClass", "groupOfNames"),
                    Filter.createEqualityFilter("objectClass", "groupOfUniqueNames"), Filter.createEqualityFilter("objectClass", "group"),
                    Filter.createEqualityFilter("objectClass", "posixGroup")),
                    Filter.createEqualityFilter(d.profile().groupNameAttribute(), name.trim()));
            return c.search(d.profile().groupsBase(d.baseDn()), SearchScope.SUB, f, "1.1").getEntryCount() > 0;
        } catch (LDAPException ex) {
            throw new DirectoryException("directory %s could not be searched: %s".formatted(d.name(), ex.getExceptionMessage()), ex);
        }
    }

    private static void bindAsService(LDAPConnection c, LdapDomain domain) {
        if (domain.bindDn() == null || domain.bindDn().isBlank()) {
            return;
        }
        try {
            c.bind(domain.bindDn(), domain.bindPassword());
        } catch (LDAPException ex) {
            throw new DirectoryException("directory %s refused its bind user %s: %s".formatted(domain.name(), domain.bindDn(),
                    ex.getResultCode()), ex);
        }
    }

    static Filter userFilter(DirectoryProfile profile, String domainName, String login) throws LDAPException {
        Filter byLogin = profile.activeDirectory()
                ? Filter.createORFilter(Filter.createEqualityFilter("sAMAccountName", login),
                        Filter.createEqualityFilter("userPrincipalName", login + "@" + domainName))
                : Filter.createEqualityFilter(profile.loginAttribute(), login);
        return Filter.createANDFilter(Filter.create(profile.userClassFilter()), byLogin);
    }

    private static Optional<SearchResultEntry> findUser(LDAPConnection c, LdapDomain d, String login) throws LDAPException {
        SearchResult r = c.search(d.profile().usersBase(d.baseDn()), SearchScope.SUB, userFilter(d.profile(), d.name(), login),
                "cn", "displayName", "mail", "memberOf", d.profile().loginAttribute());
        return r.getEntryCount() == 1 ? Optional.of(r.getSearchEntries().get(0)) : Optional.empty();
    }

    private boolean passwordMatches(LdapDomain domain, String dn, String password) {
        try (LDAPConnection c = connections.open(domain)) {
            c.bind(dn, password);
            return true;
        } catch (LDAPException ex) {
            if (ex.getResultCode() == ResultCode.INVALID_CREDENTIALS || ex.getResultCode() == ResultCode.UNWILLING_TO_PERFORM
                    || ex.getResultCode() == ResultCode.INAPPROPRIATE_AUTHENTICATION) {
                return false;
            }
            throw new DirectoryException("directory %s could not check the password: %s".formatted(domain.name(),
                    ex.getExceptionMessage()), ex);
        }
    }

    /** Group names (their cn), nested membership included. */
    List<String> groups(LDAPConnection c, LdapDomain d, SearchResultEntry user) throws LDAPException {
        // an empty answer may mean the server ignored the matching rule (it is not AD): walk then, it is cheap
        Set<String> dns = d.profile().activeDirectory()
                ? inChain(c, d, user.getDN()).filter(s -> !s.isEmpty()).orElseGet(() -> walk(c, d, user)) : walk(c, d, user);
        List<String> names = new ArrayList<>();
        for (String dn : dns) {
            SearchResultEntry g = c.getEntry(dn, d.profile().groupNameAttribute());
            if (g != null && g.getAttributeValue(d.profile().groupNameAttribute()) != null) {
                names.add(g.getAttributeValue(d.profile().groupNameAttribute()));
            }
        }
        return names.stream().distinct().sorted().toList();
    }

    /** AD answers the whole nested membership in one search; empty when the server does not know the matching rule. */
    private static Optional<Set<String>> inChain(LDAPConnection c, LdapDomain d, String userDn) {
        try {
            Filter f = Filter.createANDFilter(Filter.createEqualityFilter("objectClass", "group"),
                    Filter.createExtensibleMatchFilter("member", DirectoryProfile.IN_CHAIN, false, userDn));
            SearchResult r = c.search(d.profile().groupsBase(d.baseDn()), SearchScope.SUB, f, "1.1");
            Set<String> dns = new LinkedHashSet<>();
            r.getSearchEntries().forEach(e -> dns.add(e.getDN()));
            return Optional.of(dns);
        } catch (LDAPException ex) {
            return Optional.empty();
        }
    }

    /** Breadth-first over memberOf and member/uniqueMember, so directories without memberOf and nested groups work too. */
    private static Set<String> walk(LDAPConnection c, LdapDomain d, SearchResultEntry user) {
        Set<String> found = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(user.getDN());
        String[] userMemberOf = user.getAttributeValues("memberOf");
        if (userMemberOf != null) {
            todo.addAll(List.of(userMemberOf));
        }
        Set<String> seen = new LinkedHashSet<>();
        while (!todo.isEmpty() && found.size() < MAX_GROUPS) {
            String dn = todo.poll();
            if (!seen.add(dn.toLowerCase())) {
                continue;
            }
            if (!dn.equalsIgnoreCase(user.getDN())) {
                found.add(dn);
            }
            try {
                Filter holds = Filter.createORFilter(Filter.createEqualityFilter("member", dn),
                        Filter.createEqualityFilter("uniqueMember", dn));
                for (SearchResultEntry g : c.search(d.profile().groupsBase(d.baseDn()), SearchScope.SUB, holds, "1.1").getSearchEntries()) {
                    todo.add(g.getDN());
                }
                SearchResultEntry self = c.getEntry(dn, "memberOf");
                if (self != null && self.getAttributeValues("memberOf") != null && !dn.equalsIgnoreCase(user.getDN())) {
                    todo.addAll(List.of(self.getAttributeValues("memberOf")));
                }
            } catch (LDAPException ex) {
                // a group outside what the bind user may read: keep what was found
            }
        }
        return found;
    }
}
