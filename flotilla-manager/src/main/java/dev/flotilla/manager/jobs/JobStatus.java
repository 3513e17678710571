package dev.flotilla.manager.jobs;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The states of a job and of its steps: running until it ends once, one way or another. */
public enum JobStatus {
    running, finished, failed, cancelled;

    private static final Map<JobStatus, Set<JobStatus>> NEXT = Map.of(
            running, EnumSet.of(finished, failed, cancelled),
            finished, EnumSet.noneOf(JobStatus.class),
            failed, EnumSet.noneOf(JobStatus.class),
            cancelled, EnumSet.noneOf(JobStatus.class));

    public boolean canTransitionTo(JobStatus next) {
        return NEXT.get(this).contains(next);
    }

    public boolean ended() {
        return this != running;
    }

    public static JobStatus parse(String s) {
        return valueOf(s.trim().toLowerCase());
    }
}
