/**
 * Jobs: the long actions of every feature (a snapshot merge, a template copy, a disk move) with
 * their steps, progress, owner and outcome, persisted so the API and console show them live and
 * after the fact (DESIGN decision 7). Other features use one small API: {@link Jobs#start} gives a
 * {@link JobHandle} with {@code step}, {@code progress}, {@code finish}, {@code fail}. A manager
 * that stops while a job runs leaves it "running" in the database; the next start marks such jobs
 * failed with the reason, so no job stays running forever.
 */
package dev.flotilla.manager.jobs;
