/**
 * The manager application. Each sub-package is one feature (data centers, hosts, VMs,
 * scheduling, events, the agent link, the web console…) holding its records, repository,
 * actions and controller.
 */
package dev.flotilla.manager;
