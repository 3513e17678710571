package dev.flotilla.manager.jobs;

import dev.flotilla.manager.api.ListResponse;
import dev.flotilla.manager.api.PageRequest;
import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectChanged;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.events.ObjectType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts jobs and answers what they are. Every write is its own committed transaction
 * (REQUIRES_NEW): a job is visible the moment it starts, even from inside an action's transaction,
 * and an action that rolls back does not take its job's record of failure with it.
 */
@Service
public class Jobs {

    static final String ORPHAN_REASON = "the manager stopped while this job ran; nothing is running it any more (retry the operation)";
    private static final Logger log = LoggerFactory.getLogger(Jobs.class);

    /** This manager process: jobs of any other run still "running" have nobody running them. */
    private final UUID run = UUID.randomUUID();
    private final JobRepository repository;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher publisher;
    private final Clock clock;

    Jobs(JobRepository repository, PlatformTransactionManager transactions, ApplicationEventPublisher publisher, Clock clock) {
        this.repository = repository;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.publisher = publisher;
        this.clock = clock;
    }

    /**
     * Starts a job owned by the calling thread's user.
     *
     * @param objects what it concerns, the main one first; its page lists the job
     */
    public JobHandle start(String description, ObjectRef... objects) {
        return startFor(EventLog.currentUser(), description, objects);
    }

    /** As {@link #start}, for work a thread does on behalf of {@code owner} outside their request. */
    public JobHandle startFor(String owner, String description, ObjectRef... objects) {
        return startFor(owner, description, clock.instant(), objects);
    }

    /** As {@link #startFor(String, String, ObjectRef...)}, for work that began before its job is written. */
    public JobHandle startFor(String owner, String description, Instant startedAt, ObjectRef... objects) {
        UUID id = UUID.randomUUID();
        List<ObjectRef> concerns = List.of(objects).stream().filter(o -> o != null && o.id() != null).toList();
        tx.executeWithoutResult(s -> repository.insert(id, description, owner, run, startedAt, concerns));
        changed(id);
        return new JobHandle(id, this);
    }

    /**
     * Whether a job of this manager process runs for {@code objectId}: a job an earlier process left
     * "running" does not count (nobody runs it), whether or not {@link #failOrphans} has marked it yet.
     */
    public boolean runsFor(UUID objectId) {
        return Boolean.TRUE.equals(tx.execute(s -> repository.runningIn(run, objectId)));
    }

    public Job get(UUID id) {
        return repository.get(id);
    }

    public ListResponse<Job> list(JobStatus status, UUID objectId, PageRequest page) {
        return repository.list(status, objectId, page);
    }

    /** At start: the jobs a previous manager process left running are failed, with the reason. */
    @EventListener(ApplicationReadyEvent.class)
    void failOrphans() {
        List<UUID> orphans = tx.execute(s -> repository.failOrphans(run, ORPHAN_REASON, clock.instant()));
        if (orphans != null && !orphans.isEmpty()) {
            log.warn("{} job(s) of a previous manager process were still running; marked failed", orphans.size());
            orphans.forEach(this::changed);
        }
    }

    UUID run() {
        return run;
    }

    void step(UUID id, int number, String description) {
        tx.executeWithoutResult(s -> repository.step(id, number, description, clock.instant()));
        changed(id);
    }

    void progress(UUID id, int percent) {
        tx.executeWithoutResult(s -> repository.progress(id, percent));
        changed(id);
    }

    boolean end(UUID id, JobStatus status, String reason) {
        Boolean ended = tx.execute(s -> repository.end(id, status, reason, clock.instant()));
        changed(id);
        return Boolean.TRUE.equals(ended);
    }

    private void changed(UUID id) {
        publisher.publishEvent(new ObjectChanged(ObjectType.JOB, id));
    }
}
