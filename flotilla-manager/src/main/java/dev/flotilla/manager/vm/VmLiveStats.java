package dev.flotilla.manager.vm;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The latest stats of each running VM, in memory (they change every heartbeat; history comes with
 * charts), and whether its host reports it stalled on storage (the domain monitor sets that).
 */
@Component
public class VmLiveStats {

    private final Map<UUID, ReportedVm.Stats> stats = new ConcurrentHashMap<>();
    private final Map<UUID, VmResponse.StorageStall> stalls = new ConcurrentHashMap<>();

    /** The VM's storage stall as its host reports it; null clears it. */
    public void storageStall(UUID vmId, VmResponse.StorageStall stall) {
        if (stall == null) {
            stalls.remove(vmId);
        } else {
            stalls.put(vmId, stall);
        }
    }

    public VmResponse.StorageStall storageStall(UUID vmId) {
        return stalls.get(vmId);
    }

    public void put(UUID vmId, ReportedVm.Stats s) {
        if (s != null) {
            stats.put(vmId, s);
        }
    }

    public ReportedVm.Stats get(UUID vmId) {
        return stats.get(vmId);
    }

    /** The VMs that have stats: those hosts reported running and that have not gone Down since. */
    public java.util.Set<UUID> ids() {
        return java.util.Set.copyOf(stats.keySet());
    }

    public void remove(UUID vmId) {
        stats.remove(vmId);
    }
}
