/**
 * The manager's REST API as seen from the CLI: {@link dev.flotilla.cli.api.ApiClient} sends
 * JSON with HTTP Basic auth and turns every failure (problem+json answers, a refused login, an
 * unreachable manager) into one {@link dev.flotilla.cli.api.ApiException} that the root command
 * prints. Commands never see an HTTP status code.
 */
package dev.flotilla.cli.api;
