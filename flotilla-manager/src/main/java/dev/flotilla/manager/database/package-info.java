/**
 * Where the database comes from: an embedded PostgreSQL kept in the manager's data directory
 * by default, or any PostgreSQL named by {@code FLOTILLA_DB_URL}. Schema changes are Flyway
 * migrations in {@code db/migration}.
 */
package dev.flotilla.manager.database;
