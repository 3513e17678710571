/**
 * One user action = one small class ({@link Action}) run by one {@link ActionRunner}: the runner
 * locks the object the action touches, runs it in a transaction and writes the audit event, so
 * every action is serialised and audited the same way (DESIGN decision 7). Permission checks join
 * here when roles arrive; today every signed-in user is the internal admin.
 */
package dev.flotilla.manager.action;
