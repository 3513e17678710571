/**
 * Console pages of identity: the VM portal for users who hold only user roles, and the
 * administration pages for users, groups, roles, permissions and directory domains. They run the
 * same actions as the API; the route table checks them the same way.
 */
package dev.flotilla.manager.identity.pages;
