package dev.flotilla.manager.scheduling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Runs the pipeline: every filter on every host (all rejections are kept, not just the first
 * one, so a person sees everything that is in the way), then the weighted scores; ties go to the
 * host with fewer VMs, then by name, so placement is deterministic.
 */
@Component
public class Scheduler {

    record Weighted(HostScorer scorer, double weight) {
    }

    private final List<HostFilter> filters;
    private final List<Weighted> scorers;

    public Scheduler() {
        this(List.of(new HostStatusFilter(), new MigrationFilter(), new MemoryFilter(), new CpuFilter()),
                List.of(new Weighted(new EvenDistributionMemoryScorer(), 1.0)));
    }

    Scheduler(List<HostFilter> filters, List<Weighted> scorers) {
        this.filters = List.copyOf(filters);
        this.scorers = List.copyOf(scorers);
    }

    public Placement place(VmDemand vm, ClusterSnapshot cluster) {
        List<Placement.Rejection> rejections = new ArrayList<>();
        List<HostCandidate> fitting = new ArrayList<>();
        for (HostCandidate host : cluster.hosts()) {
            boolean fits = true;
            for (HostFilter f : filters) {
                Verdict v = f.check(vm, host, cluster.policy());
                if (!v.accepted()) {
                    rejections.add(new Placement.Rejection(host.name(), f.name(), v.reason()));
                    fits = false;
                }
            }
            if (fits) {
                fitting.add(host);
            }
        }
        Optional<HostCandidate> best = fitting.stream().max(Comparator
                .comparingDouble((HostCandidate h) -> score(vm, h, cluster.policy()))
                .thenComparing(HostCandidate::vmCount, Comparator.reverseOrder())
                .thenComparing(HostCandidate::name, Comparator.reverseOrder()));
        return new Placement(best, rejections);
    }

    private double score(VmDemand vm, HostCandidate host, ClusterPolicy policy) {
        double total = 0;
        for (Weighted w : scorers) {
            total += w.weight() * w.scorer().score(vm, host, policy);
        }
        return total;
    }
}
