package dev.flotilla.manager.migration;

import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.host.HostService;
import dev.flotilla.manager.host.HostStatus;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Empties hosts that are PreparingForMaintenance: every Up VM on them is live-migrated through the
 * scheduler (the host itself no longer accepts VMs); once none is left the host goes into
 * Maintenance. A VM that cannot move (no host fits, not Up, its migration failed) keeps the host
 * preparing, with the reason on the host, and is tried again after a pause; activating the host
 * stops the evacuation.
 */
@Component
class HostEvacuation {

    private final HostRepository hosts;
    private final HostService hostService;
    private final VmRepository vms;
    private final MigrationService migrations;
    private final Migrations running;
    private final Clock clock;
    private final Duration retryAfter;
    private final Map<UUID, Instant> lastTry = new ConcurrentHashMap<>();

    HostEvacuation(HostRepository hosts, HostService hostService, VmRepository vms, MigrationService migrations, Migrations running,
                   Clock clock, @Value("${flotilla.maintenance.retry-after:PT30S}") Duration retryAfter) {
        this.hosts = hosts;
        this.hostService = hostService;
        this.vms = vms;
        this.migrations = migrations;
        this.running = running;
        this.clock = clock;
        this.retryAfter = retryAfter;
    }

    @Scheduled(fixedDelayString = "${flotilla.maintenance.check-interval:PT2S}")
    void evacuate() {
        // every few seconds: only the (usually no) hosts preparing for maintenance, not the whole fleet
        for (Host host : hosts.withStatus(HostStatus.PreparingForMaintenance)) {
            evacuate(host);
        }
    }

    private void evacuate(Host host) {
        List<Vm> left = vms.onHost(host.id());
        if (left.isEmpty()) {
            hostService.evacuated(host.id());
            return;
        }
        List<String> blocked = new ArrayList<>();
        int moving = 0;
        Instant now = clock.instant();
        for (Vm vm : left) {
            if (vm.status() == VmStatus.MigratingFrom) {
                moving++;
            } else if (vm.status() != VmStatus.Up) {
                blocked.add("VM %s is %s and cannot migrate".formatted(vm.name(), vm.status()));
            } else if (lastTry.getOrDefault(vm.id(), Instant.MIN).plus(retryAfter).isAfter(now)) {
                blocked.add("VM %s: %s".formatted(vm.name(), running.of(vm.id()).map(MigrationView::error)
                        .orElse("its migration did not succeed") + "; trying again shortly"));
            } else {
                lastTry.put(vm.id(), now);
                try {
                    migrations.migrate(vm.id(), MigrationInput.DEFAULTS);
                    moving++;
                } catch (ConflictException e) {
                    blocked.add("VM %s cannot move: %s%s".formatted(vm.name(), e.getMessage(),
                            e.details().isEmpty() ? "" : " (" + String.join("; ", e.details()) + ")"));
                }
            }
        }
        hostService.preparingBecause(host.id(), blocked.isEmpty()
                ? "migrating %d VM(s) away".formatted(moving)
                : (moving > 0 ? "migrating %d VM(s) away; ".formatted(moving) : "") + String.join("; ", blocked));
    }
}
