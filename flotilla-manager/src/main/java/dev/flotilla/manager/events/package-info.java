/**
 * The event log: every state change and every user action, with who, what object, when and a
 * message a person can read. Writing an event also publishes an {@link ObjectChanged} so live
 * views (the console's server-sent events) refresh without polling.
 */
package dev.flotilla.manager.events;
