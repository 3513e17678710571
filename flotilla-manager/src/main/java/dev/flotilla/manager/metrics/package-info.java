/**
 * Metrics: a short, bounded in-memory history of each host's and VM's stats for the console's
 * charts and the {@code stats/history} API, and the fleet's series for Prometheus at
 * {@code /actuator/prometheus}. It reads what {@code host} and {@code vm} already keep live
 * ({@code HostPresence}, {@code VmLiveStats}) on its own timer, so those features do not know it exists.
 * Nothing here is stored: after a manager restart the charts start empty.
 */
package dev.flotilla.manager.metrics;
