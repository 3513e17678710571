/**
 * Virtual machines: the desired state in the database, the user actions (create, update, start,
 * shutdown, stop, reboot, pause, resume, delete), the reconciliation of what hosts report
 * against what the database wants ({@link VmReconciler}, a pure function, applied by
 * {@link VmMonitor}), and screenshots of running VMs ({@link VmScreenshots}). Commands reach
 * hosts through {@link VmCommands}, which the agent link implements.
 */
package dev.flotilla.manager.vm;
