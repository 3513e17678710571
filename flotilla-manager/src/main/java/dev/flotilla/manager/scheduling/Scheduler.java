package dev.flotilla.manager.scheduling;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Runs the pipeline of the cluster's scheduling policy: every filter on every host (all
 * rejections are kept, not just the first one, so a person sees everything that is in the way),
 * then the weighted scores; ties go to the host with fewer VMs, then by name, so placement is
 * deterministic.
 */
@Component
public class Scheduler {

    record Weighted(HostScorer scorer, double weight) {
    }

    public Placement place(VmDemand vm, ClusterSnapshot cluster) {
        SchedulingPolicy policy = cluster.policy().schedulingPolicy();
        List<HostFilter> filters = filters(policy);
        List<Weighted> scorers = scorers(policy);
        List<Placement.Rejection> rejections = new ArrayList<>();
        HostCandidate best = null;
        double bestScore = 0;
        for (HostCandidate host : cluster.hosts()) {
            boolean fits = true;
            for (HostFilter f : filters) {
                Verdict v = f.check(vm, host, cluster);
                if (!v.accepted()) {
                    rejections.add(new Placement.Rejection(host.name(), f.name(), v.reason()));
                    fits = false;
                }
            }
            if (fits) {
                double score = score(vm, host, cluster, scorers);
                if (best == null || better(host, score, best, bestScore)) {
                    best = host;
                    bestScore = score;
                }
            }
        }
        return new Placement(Optional.ofNullable(best), rejections);
    }

    /**
     * Balancing (issue 4): the cluster policy's balance unit names at most one VM to move and
     * why; empty when the policy does not balance or nothing needs to move. Pure, like
     * {@link #place}: the balancing loop migrates and keeps the hysteresis.
     */
    public Optional<BalanceDecision> balance(ClusterSnapshot cluster, BalanceInput input) {
        return SchedulingUnits.balancer(cluster.policy().schedulingPolicy().balancer())
                .flatMap(b -> b.balance(cluster, input, this));
    }

    private static boolean better(HostCandidate h, double score, HostCandidate best, double bestScore) {
        if (score != bestScore) {
            return score > bestScore;
        }
        if (h.vmCount() != best.vmCount()) {
            return h.vmCount() < best.vmCount();
        }
        return h.name().compareTo(best.name()) < 0;
    }

    private static List<HostFilter> filters(SchedulingPolicy policy) {
        Set<String> names = new LinkedHashSet<>(SchedulingPolicy.MANDATORY_FILTERS);
        names.addAll(policy.filters());
        // policies are validated when saved; an unknown name here is skipped rather than failing every start
        return names.stream().flatMap(n -> SchedulingUnits.filter(n).stream()).toList();
    }

    private static List<Weighted> scorers(SchedulingPolicy policy) {
        return policy.scorers().stream().flatMap(w -> SchedulingUnits.scorer(w.name()).stream()
                .map(s -> new Weighted(s, w.weight()))).toList();
    }

    private static double score(VmDemand vm, HostCandidate host, ClusterSnapshot cluster, List<Weighted> scorers) {
        double total = 0;
        for (Weighted w : scorers) {
            total += w.weight() * w.scorer().score(vm, host, cluster);
        }
        return total;
    }
}
