package dev.flotilla.manager.identity.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AccessCacheTest {

    private final AtomicInteger loads = new AtomicInteger();

    private Optional<AccessCache.Basis> load() {
        loads.incrementAndGet();
        return Optional.of(new AccessCache.Basis(new Caller("ann@internal", UUID.randomUUID(), Set.of()), List.of(), Map.of()));
    }

    @Test
    void aCallerIsReadOnceWhileNothingChanges() {
        AccessCache cache = new AccessCache(Duration.ofMinutes(1));

        var first = cache.get("ann@internal", this::load);
        var second = cache.get("ann@internal", this::load);

        assertThat(second).isEqualTo(first);
        assertThat(loads).hasValue(1);
    }

    @Test
    void aChangeToWhoMayDoWhatIsReadOnTheNextCall() {
        AccessCache cache = new AccessCache(Duration.ofMinutes(1));
        cache.get("ann@internal", this::load);

        cache.changed();
        cache.get("ann@internal", this::load);

        assertThat(loads).hasValue(2);
    }

    @Test
    void aLoadThatAChangeOvertookIsNotKept() {
        AccessCache cache = new AccessCache(Duration.ofMinutes(1));
        // the change commits while the caller's rows are being read: what was read may be the old rows
        cache.get("ann@internal", () -> {
            cache.changed();
            return load();
        });
        cache.get("ann@internal", this::load);

        assertThat(loads).hasValue(2);
    }

    @Test
    void noTimeToLiveMeansNoCache() {
        AccessCache cache = new AccessCache(Duration.ZERO);
        cache.get("ann@internal", this::load);
        cache.get("ann@internal", this::load);

        assertThat(loads).hasValue(2);
    }
}
