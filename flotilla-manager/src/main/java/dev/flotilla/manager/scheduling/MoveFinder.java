package dev.flotilla.manager.scheduling;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * The part every balancer shares: from a host it wants to relieve, the VM that is cheapest to
 * move (least memory, then name) and has somewhere to go — a host the scheduler picks among
 * those the balancer accepts. VMs moved lately are left alone, so nothing moves back and forth.
 */
final class MoveFinder {

    private MoveFinder() {
    }

    static Optional<BalanceDecision> firstMovable(String balancer, HostCandidate from, ClusterSnapshot cluster, BalanceInput input,
                                                  Scheduler scheduler, BiPredicate<VmDemand, HostCandidate> acceptableTarget,
                                                  String why) {
        List<VmDemand> candidates = input.vmsOn(from.id()).stream()
                .filter(v -> !input.recentlyMoved().contains(v.vmId()))
                .sorted(Comparator.comparingLong(VmDemand::memoryMiB).thenComparing(VmDemand::name)).toList();
        for (VmDemand vm : candidates) {
            List<HostCandidate> targets = cluster.hosts().stream()
                    .filter(h -> !h.id().equals(from.id()) && acceptableTarget.test(vm, h)).toList();
            Optional<HostCandidate> to = scheduler.place(vm, cluster.withHosts(targets)).host();
            if (to.isPresent()) {
                return Optional.of(new BalanceDecision(balancer, vm, from, to.get(),
                        "%s; moving VM %s to host %s".formatted(why, vm.name(), to.get().name())));
            }
        }
        return Optional.empty();
    }
}
