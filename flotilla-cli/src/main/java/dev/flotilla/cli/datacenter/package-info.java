/**
 * {@code flotilla datacenter list} and {@code flotilla cluster list}: the containers hosts and
 * VMs live in. Read-only for now; both answer with the same id/name/description shape.
 */
package dev.flotilla.cli.datacenter;
