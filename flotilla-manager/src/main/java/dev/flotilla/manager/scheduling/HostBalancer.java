package dev.flotilla.manager.scheduling;

import java.util.Optional;

/**
 * oVirt's balance unit: looks at the whole cluster and names at most one VM to move. Pure: the
 * balancing loop calls it, migrates and remembers the move so the VM is not moved back.
 */
public interface HostBalancer {

    String name();

    String description();

    Optional<BalanceDecision> balance(ClusterSnapshot cluster, BalanceInput input, Scheduler scheduler);
}
