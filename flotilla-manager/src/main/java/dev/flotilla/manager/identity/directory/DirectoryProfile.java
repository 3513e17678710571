package dev.flotilla.manager.identity.directory;

import java.util.Arrays;
import java.util.Optional;

/**
 * The shape of a kind of directory: where users and groups live under the base DN, which
 * attribute a user signs in with, and how group membership is found.
 */
public enum DirectoryProfile {
    /** inetOrgPerson / posixAccount users, groupOfNames groups, memberOf from the overlay. */
    OPENLDAP("openldap", "", "", "(|(objectClass=inetOrgPerson)(objectClass=posixAccount))", "uid", "cn", false),
    /** 389 Directory Server / RHDS: the same shape, memberOf from its plug-in. */
    DS389("389ds", "", "", "(|(objectClass=inetOrgPerson)(objectClass=posixAccount))", "uid", "cn", false),
    /** FreeIPA: users under cn=users,cn=accounts, groups under cn=groups,cn=accounts; memberOf includes indirect groups. */
    IPA("ipa", "cn=users,cn=accounts", "cn=groups,cn=accounts", "(objectClass=person)", "uid", "cn", false),
    /** Active Directory: sAMAccountName or userPrincipalName; nested groups through LDAP_MATCHING_RULE_IN_CHAIN. */
    AD("ad", "", "", "(&(objectClass=user)(!(objectClass=computer)))", "sAMAccountName", "cn", true);

    /** The matching rule that makes AD follow nested group membership on the server. */
    static final String IN_CHAIN = "1.2.840.113556.1.4.1941";

    private final String label;
    private final String usersRdn;
    private final String groupsRdn;
    private final String userClassFilter;
    private final String loginAttribute;
    private final String groupNameAttribute;
    private final boolean activeDirectory;

    DirectoryProfile(String label, String usersRdn, String groupsRdn, String userClassFilter, String loginAttribute,
                     String groupNameAttribute, boolean activeDirectory) {
        this.label = label;
        this.usersRdn = usersRdn;
        this.groupsRdn = groupsRdn;
        this.userClassFilter = userClassFilter;
        this.loginAttribute = loginAttribute;
        this.groupNameAttribute = groupNameAttribute;
        this.activeDirectory = activeDirectory;
    }

    public String label() {
        return label;
    }

    public static Optional<DirectoryProfile> parse(String s) {
        return Arrays.stream(values()).filter(p -> p.label.equalsIgnoreCase(s == null ? "" : s.trim())).findFirst();
    }

    String usersBase(String baseDn) {
        return usersRdn.isEmpty() ? baseDn : usersRdn + "," + baseDn;
    }

    String groupsBase(String baseDn) {
        return groupsRdn.isEmpty() ? baseDn : groupsRdn + "," + baseDn;
    }

    String userClassFilter() {
        return userClassFilter;
    }

    String loginAttribute() {
        return loginAttribute;
    }

    String groupNameAttribute() {
        return groupNameAttribute;
    }

    boolean activeDirectory() {
        return activeDirectory;
    }
}
