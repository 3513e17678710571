package dev.flotilla.manager.jobs;

import java.util.UUID;

/**
 * A running job, held by the code that does the work: {@link #step} names what it does now,
 * {@link #progress} says how far the whole job is, and exactly one of {@link #finish},
 * {@link #fail} or {@link #cancel} ends it (later calls are ignored, so a {@code finally} may end
 * a job that already ended). Progress is written only when its whole percent changes, so a copy
 * that reports every few milliseconds costs the database a hundred writes at most.
 */
public final class JobHandle {

    private final UUID id;
    private final Jobs jobs;
    private int steps;
    private int percent = -1;
    private boolean ended;

    JobHandle(UUID id, Jobs jobs) {
        this.id = id;
        this.jobs = jobs;
    }

    public UUID id() {
        return id;
    }

    public synchronized JobHandle step(String description) {
        if (!ended) {
            jobs.step(id, ++steps, description);
        }
        return this;
    }

    /** @param percent of the whole job, clamped to 0..100 */
    public synchronized void progress(double percent) {
        int p = (int) Math.max(0, Math.min(100, Math.floor(percent)));
        if (!ended && p != this.percent) {
            this.percent = p;
            jobs.progress(id, p);
        }
    }

    public synchronized void finish() {
        end(JobStatus.finished, "");
    }

    public synchronized void fail(String reason) {
        end(JobStatus.failed, reason);
    }

    public synchronized void cancel(String reason) {
        end(JobStatus.cancelled, reason);
    }

    public synchronized boolean ended() {
        return ended;
    }

    private void end(JobStatus status, String reason) {
        if (!ended) {
            ended = true;
            jobs.end(id, status, reason == null ? "" : reason);
        }
    }
}
