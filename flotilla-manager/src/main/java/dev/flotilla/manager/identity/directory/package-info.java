/**
 * Directory domains: LDAP servers (OpenLDAP, 389 DS / RHDS, FreeIPA, Active Directory) whose users
 * sign in as {@code user@domain}. A {@link dev.flotilla.manager.identity.directory.DirectoryProfile}
 * says where a kind of directory keeps users and groups; {@link dev.flotilla.manager.identity.directory.DirectoryClient}
 * binds, finds the user with an escaped filter, checks the password by binding as the user and reads
 * its groups (nested ones too). The user and its groups are copied into the manager at each login,
 * so permissions can name them.
 */
package dev.flotilla.manager.identity.directory;
