/**
 * Virtual machines: the desired state in the database, the user actions (create, update, start,
 * shutdown, stop, reboot, pause, resume, delete), and the reconciliation of what hosts report
 * against what the database wants ({@link VmReconciler}, a pure function, applied by
 * {@link VmMonitor}). Commands reach hosts through {@link VmCommands}, which the agent link implements.
 */
package dev.flotilla.manager.vm;
