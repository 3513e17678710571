package dev.flotilla.manager.jobs;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A job as the API shows it.
 *
 * @param objects what the job concerns, the main one first (a VM, then its disks)
 * @param reason  why it failed or was cancelled; empty otherwise
 */
public record Job(UUID id, String description, JobStatus status, int progress, String owner, String reason,
                  Instant startedAt, Instant endedAt, List<JobObject> objects, List<Step> steps, String objectType, UUID objectId) {

    /**
     * {@code objectType} and {@code objectId} are the main object's (the first one): lists of jobs
     * show a caller only the jobs of objects it may see, like the event list.
     */
    public Job(UUID id, String description, JobStatus status, int progress, String owner, String reason,
               Instant startedAt, Instant endedAt, List<JobObject> objects, List<Step> steps) {
        this(id, description, status, progress, owner, reason, startedAt, endedAt, objects, steps,
                objects.isEmpty() ? null : objects.get(0).type(), objects.isEmpty() ? null : objects.get(0).id());
    }

    /** One object a job concerns. */
    public record JobObject(String type, UUID id, String name) {
    }

    /** One step of a job, numbered from 1 in the order they ran. */
    public record Step(int number, String description, JobStatus status, Instant startedAt, Instant endedAt) {
    }
}
