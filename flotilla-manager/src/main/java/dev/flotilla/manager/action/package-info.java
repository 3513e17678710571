/**
 * One user action = one small class ({@link Action}) run by one {@link ActionRunner}: the runner
 * locks the object the action touches, runs it in a transaction and writes the audit event, so
 * every action is serialised and audited the same way (DESIGN decision 7). Permissions are checked
 * before the request reaches an action, by the route table of {@code identity.access}.
 */
package dev.flotilla.manager.action;
