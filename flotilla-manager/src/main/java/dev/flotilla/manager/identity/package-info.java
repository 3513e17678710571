/**
 * Who may call the manager: the internal domain's users and groups (password policy, lock-out),
 * directory domains ({@code directory/}), bearer tokens for scripts, and what each may do
 * ({@code access/}: roles, permissions, the route table every request is checked against).
 * Scripts use HTTP Basic or a bearer token on {@code /api/**} (no session, no CSRF); the console
 * uses a login form, a session with an idle timeout and CSRF tokens.
 */
package dev.flotilla.manager.identity;
