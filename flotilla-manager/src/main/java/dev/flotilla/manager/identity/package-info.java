/**
 * Who may call the manager. For now one internal account, {@code admin@internal}; roles, groups
 * and directory providers arrive with the identity work. Scripts use HTTP Basic on
 * {@code /api/**} (no session, no CSRF); the console uses a login form, a session and CSRF tokens.
 */
package dev.flotilla.manager.identity;
