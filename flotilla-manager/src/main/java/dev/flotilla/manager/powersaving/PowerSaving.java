package dev.flotilla.manager.powersaving;

import dev.flotilla.manager.datacenter.Cluster;
import dev.flotilla.manager.datacenter.ClusterRepository;
import dev.flotilla.manager.scheduling.ClusterPolicy;
import dev.flotilla.manager.scheduling.SchedulingPolicy;
import dev.flotilla.manager.scheduling.SchedulingPolicyRepository;
import dev.flotilla.manager.scheduling.SpareCapacity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Power saving's loop and its two questions from outside: every interval each cluster's hosts
 * are read and {@link PowerSavingRules} says what to switch (its own tick, not the balancing
 * loop's: that one runs once a minute, and a host that came back should be activated within
 * seconds); a VM start that finds no host asks for one ({@link SpareCapacity}); the API and the
 * console ask how things stand.
 */
@Service
public class PowerSaving implements SpareCapacity {

    /** A cluster's power saving as the API shows it: its switches and each host's standing. */
    public record ClusterView(UUID clusterId, String clusterName, String policy, boolean enabled, int hostsInReserve, List<HostView> hosts) {
    }

    /** {@code state} null: power saving has not switched the host. */
    public record HostView(UUID hostId, String name, String status, PowerSavingState state, Instant since, String note) {
    }

    private final ClusterRepository clusters;
    private final SchedulingPolicyRepository policies;
    private final PowerSavingHosts table;
    private final HostPowerSwitch powerSwitch;
    private final Clock clock;
    private final PowerSavingRules rules;
    private final Duration keepOn;

    PowerSaving(ClusterRepository clusters, SchedulingPolicyRepository policies, PowerSavingHosts table, HostPowerSwitch powerSwitch, Clock clock,
                @Value("${flotilla.power-saving.keep-on:PT10M}") Duration keepOn,
                @Value("${flotilla.power-saving.switch-timeout:PT15M}") Duration switchTimeout) {
        this.clusters = clusters;
        this.policies = policies;
        this.table = table;
        this.powerSwitch = powerSwitch;
        this.clock = clock;
        this.keepOn = keepOn;
        this.rules = new PowerSavingRules(keepOn, switchTimeout);
    }

    @Scheduled(fixedDelayString = "${flotilla.power-saving.interval:PT10S}", initialDelayString = "${flotilla.power-saving.interval:PT10S}")
    void run() {
        boolean switched = table.any();
        if (switched) {
            table.forgetSettled(keepOn);
        }
        for (Cluster cluster : clusters.all()) {
            PowerSavingSettings settings = settings(cluster);
            if (settings.enabled() || switched) { // the common case, nobody saving power: one query per cluster
                rules.decide(settings, table.inCluster(cluster.id()), clock.instant()).forEach(powerSwitch::submit);
            }
        }
    }

    @Override
    public Optional<String> requestHost(UUID clusterId, Set<UUID> preferredHosts) {
        Optional<Cluster> cluster = clusters.find(clusterId);
        if (cluster.isEmpty() || !settings(cluster.get()).enabled()) {
            return Optional.empty();
        }
        return rules.spare(table.inCluster(clusterId), preferredHosts).map(h -> {
            if (h.is(PowerSavingState.PoweringOn) || powerSwitch.busy(h.id())) {
                return "host %s is being powered on by power saving; try again when it is Up".formatted(h.name());
            }
            powerSwitch.submit(new PowerSavingRules.Step(PowerSavingRules.Kind.POWER_ON, h, "no Up host could take a VM"));
            return "power saving is powering on host %s; try again when it is Up".formatted(h.name());
        });
    }

    public ClusterView view(UUID clusterId) {
        Cluster cluster = clusters.get(clusterId);
        PowerSavingSettings settings = settings(cluster);
        Instant now = clock.instant();
        List<HostView> hosts = table.inCluster(clusterId).stream()
                .map(h -> new HostView(h.id(), h.name(), h.status().name(), h.state(), h.stateSince(), rules.note(h, now))).toList();
        return new ClusterView(cluster.id(), cluster.name(), cluster.schedulingPolicy(), settings.enabled(), settings.hostsInReserve(), hosts);
    }

    /** The host's standing in its cluster's power saving, in words (the host's power management page). */
    public String note(UUID clusterId, UUID hostId) {
        ClusterView v = view(clusterId);
        String standing = v.hosts().stream().filter(h -> h.hostId().equals(hostId)).map(HostView::note).findFirst().orElse("");
        return (v.enabled() ? "on in cluster %s (HostsInReserve %d): ".formatted(v.clusterName(), v.hostsInReserve())
                : "off in cluster %s: ".formatted(v.clusterName())) + standing;
    }

    private PowerSavingSettings settings(Cluster cluster) {
        SchedulingPolicy policy = policies.find(cluster.schedulingPolicy()).orElse(SchedulingPolicy.NONE);
        return PowerSavingSettings.of(new ClusterPolicy(cluster.memoryOvercommitPercent(), cluster.cpuOvercommitPercent(), policy,
                cluster.schedulingPolicyParameters(), cluster.cpuModel()));
    }
}
