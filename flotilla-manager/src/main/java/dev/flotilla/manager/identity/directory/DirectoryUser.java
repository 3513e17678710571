package dev.flotilla.manager.identity.directory;

import java.util.List;

/** A user the directory vouched for: its entry, names, and every group it belongs to (nested ones included). */
public record DirectoryUser(String dn, String login, String displayName, String email, List<String> groups) {
}
