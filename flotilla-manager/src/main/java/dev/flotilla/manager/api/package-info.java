/**
 * What every REST endpoint shares: the list envelope and paging, the error types that become
 * problem+json answers (400 naming the field, 404, 409), and the handler that renders them.
 */
package dev.flotilla.manager.api;
