/**
 * Storage domain monitoring, the manager's half of vdsm's domain monitor: which domains each host
 * watches ({@link dev.flotilla.manager.domainmonitor.DomainWatchCommands}, sent whenever the list
 * changes), what each host last reported of each ({@link dev.flotilla.manager.domainmonitor.DomainReports},
 * in memory like host presence), and the engine's reaction ({@link dev.flotilla.manager.domainmonitor.DomainVerdicts},
 * a pure function, applied by {@link dev.flotilla.manager.domainmonitor.DomainMonitorReconciler}):
 * a host that cannot reach a domain others reach goes NonOperational after a grace period, a domain
 * no host reaches goes Inactive, and both come back by themselves once the reports are good again.
 */
package dev.flotilla.manager.domainmonitor;
