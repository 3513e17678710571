package dev.flotilla.manager.identity.access;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What each caller's {@link Access} is built from, for a few seconds ({@code flotilla.identity.access-cache-ttl}, 5 s):
 * every API call needs it, and building it reads the user, its groups, its permissions and every
 * role (five queries) — the console and scripts call many times a second. Whatever changes who may
 * do what (permissions, roles, users, groups, memberships) calls {@link #changed}, so a grant or a
 * revoke counts from the next call; the time limit bounds what a change made behind the stores'
 * back could leave stale. The object tree is not cached: each request gets an {@link Access} of its
 * own over the kept basis, and reads where an object sits as it checks.
 */
@Component
public class AccessCache {

    /** A caller, its own and its groups' permissions, and every role: an {@link Access} without the tree. */
    record Basis(Caller caller, List<Grant> grants, Map<UUID, Role> roles) {
        Basis {
            grants = List.copyOf(grants);
            roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
        }
    }

    private record Entry(Optional<Basis> basis, long generation, long expiresAtNanos) {
    }

    private final Map<String, Entry> byUser = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final long ttlNanos;

    AccessCache(@Value("${flotilla.identity.access-cache-ttl:PT5S}") Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    Optional<Basis> get(String username, Supplier<Optional<Basis>> load) {
        long now = System.nanoTime();
        long current = generation.get();
        Entry e = byUser.get(username);
        if (e != null && e.generation() == current && now - e.expiresAtNanos() < 0) {
            return e.basis();
        }
        Optional<Basis> loaded = load.get();
        // read before the load: a change committed meanwhile makes this entry stale at once, not for the TTL
        if (ttlNanos > 0 && byUser.size() < 10_000) {
            byUser.put(username, new Entry(loaded, current, now + ttlNanos));
        }
        return loaded;
    }

    /**
     * Who may do what changed: forget every caller's access now and, when the change is part of a
     * transaction, again once it has committed (a call in between would have read the old rows).
     */
    public void changed() {
        forget();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    forget();
                }
            });
        }
    }

    private void forget() {
        generation.incrementAndGet();
        byUser.clear();
    }
}
