package dev.flotilla.manager.action;

import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs actions: lock the target, execute and audit in one transaction. The lock serialises actions
 * on one object inside this manager; the rows' version columns guard against everything else.
 */
@Component
public class ActionRunner {

    private static final UUID SYSTEM = new UUID(0, 0);

    private final TransactionTemplate tx;
    private final EventLog events;
    private final ConcurrentHashMap<UUID, ReentrantLock> locks = new ConcurrentHashMap<>();

    ActionRunner(TransactionTemplate tx, EventLog events) {
        this.tx = tx;
        this.events = events;
    }

    public <I, O> O run(Action<I, O> action, I input) {
        ObjectRef target = action.target(input);
        ReentrantLock lock = locks.computeIfAbsent(target.id() == null ? SYSTEM : target.id(), id -> new ReentrantLock());
        lock.lock();
        try {
            return tx.execute(status -> {
                O output = action.execute(input);
                Action.Audit audit = action.audit(input, output);
                if (audit != null) {
                    events.info(audit.object(), audit.message());
                }
                return output;
            });
        } finally {
            lock.unlock();
        }
    }
}
