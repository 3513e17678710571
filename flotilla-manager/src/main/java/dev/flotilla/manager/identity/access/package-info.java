/**
 * Who may do what on which object. Roles are sets of {@link dev.flotilla.manager.identity.access.ActionGroup}s;
 * a permission grants a role to a user or a group on one object, and holds for everything below it
 * (System → data center → cluster → host / VM; storage domain under its data center; disk under its
 * storage domain). {@link dev.flotilla.manager.identity.access.RouteTable} is the one place that says
 * which action group each endpoint needs on which object; {@link dev.flotilla.manager.identity.access.AccessFilter}
 * applies it to every API call and console request, so controllers stay free of permission code.
 */
package dev.flotilla.manager.identity.access;
