package dev.flotilla.manager.agentlink;

import dev.flotilla.manager.host.HostFacts;
import dev.flotilla.manager.host.HostStats;
import dev.flotilla.manager.vm.ReportedVm;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.protocol.v1.BootSpec;
import dev.flotilla.protocol.v1.VmReport;
import dev.flotilla.protocol.v1.VmSpec;
import dev.flotilla.protocol.v1.VmStats;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Protocol messages to the host and VM features' records, and back. Nothing else in the manager sees protobuf. */
final class ProtocolTranslation {

    private ProtocolTranslation() {
    }

    static HostFacts facts(dev.flotilla.protocol.v1.HostFacts f, String peerAddress) {
        String address = f.getAddress().isBlank() ? Objects.requireNonNullElse(peerAddress, "") : f.getAddress();
        return new HostFacts(f.getHostname(), f.getCpuModel(), f.getCpuCores(), f.getMemoryMib(), f.getDriver(), f.getAccel(),
                f.getQemuVersion(), f.getOs(), f.getKernel(), address);
    }

    static HostStats stats(dev.flotilla.protocol.v1.HostStats s) {
        return new HostStats(s.getCpuPercent(), s.getMemoryUsedMib(), s.getMemoryTotalMib(), s.getLoad1(), s.getLoad5(),
                s.getLoad15(), s.getUptimeSeconds(), s.getDiskReadBytesPerSecond(), s.getDiskWriteBytesPerSecond(),
                s.getNetReceiveBytesPerSecond(), s.getNetTransmitBytesPerSecond());
    }

    /** An absent device count is "not measured" (null), which the console tells apart from 0, "has none". */
    static ReportedVm.Stats stats(VmStats s) {
        return new ReportedVm.Stats(s.getCpuPercent(), s.getMemoryRssMib(), s.getUptimeSeconds(),
                s.hasDiskCount() ? s.getDiskCount() : null, s.getDiskReadBytesPerSecond(), s.getDiskWriteBytesPerSecond(),
                s.hasNicCount() ? s.getNicCount() : null, s.getNetReceiveBytesPerSecond(), s.getNetTransmitBytesPerSecond());
    }

    /** Reports with an id that is not a UUID cannot be ours; they are dropped here. */
    /** A heartbeat's domain reports, stamped with when the manager heard them; a report with a bad domain id is dropped. */
    static List<dev.flotilla.manager.domainmonitor.DomainReport> domains(List<dev.flotilla.protocol.v1.DomainHealth> reports,
                                                                        java.time.Instant heardAt) {
        List<dev.flotilla.manager.domainmonitor.DomainReport> out = new java.util.ArrayList<>();
        for (var r : reports) {
            try {
                out.add(new dev.flotilla.manager.domainmonitor.DomainReport(java.util.UUID.fromString(r.getDomainId()), r.getChecked(),
                        r.getValid(), r.getLastCheckDelayMs(), r.getLastCheckAgeMs(), r.getError(),
                        r.hasTotalBytes() ? r.getTotalBytes() : null, r.hasFreeBytes() ? r.getFreeBytes() : null, heardAt, null));
            } catch (IllegalArgumentException e) {
                // not a domain of this manager: nothing to say about it
            }
        }
        return out;
    }

    /** Each reported VM's storage: its stall and the volume (and domain) each disk runs on. */
    static List<dev.flotilla.manager.domainmonitor.VmStorageReports.VmStorage> vmStorage(List<VmReport> reports) {
        List<dev.flotilla.manager.domainmonitor.VmStorageReports.VmStorage> out = new java.util.ArrayList<>();
        for (VmReport r : reports) {
            UUID id = uuid(r.getVmId());
            if (id != null) {
                out.add(new dev.flotilla.manager.domainmonitor.VmStorageReports.VmStorage(id, r.getStorageStall(), r.getDiskVolumesList().stream()
                        .map(d -> new dev.flotilla.manager.domainmonitor.VmStorageReports.DiskInUse(d.getDiskId(), d.getVolumeId(),
                                uuid(d.getDomainId()))).toList()));
            }
        }
        return out;
    }

    static List<ReportedVm> vms(List<VmReport> reports) {
        return reports.stream().map(ProtocolTranslation::vm).filter(Objects::nonNull).toList();
    }

    static ReportedVm vm(VmReport r) {
        UUID id = uuid(r.getVmId());
        if (id == null) {
            return null;
        }
        return new ReportedVm(id, state(r.getState()), r.getReason(), r.hasStats() ? stats(r.getStats()) : null);
    }

    static ReportedVm vm(dev.flotilla.protocol.v1.VmEvent e) {
        UUID id = uuid(e.getVmId());
        return id == null ? null : new ReportedVm(id, state(e.getState()), e.getReason(), null);
    }

    static ReportedVm.State state(dev.flotilla.protocol.v1.VmRunState s) {
        return switch (s) {
            case STARTING -> ReportedVm.State.STARTING;
            case RUNNING -> ReportedVm.State.RUNNING;
            case PAUSED -> ReportedVm.State.PAUSED;
            case SHUTTING_DOWN -> ReportedVm.State.SHUTTING_DOWN;
            case STOPPED -> ReportedVm.State.STOPPED;
            case CRASHED, VM_RUN_STATE_UNSPECIFIED, UNRECOGNIZED -> ReportedVm.State.CRASHED;
        };
    }

    static VmSpec spec(Vm vm) {
        return VmSpec.newBuilder().setVmId(vm.id().toString()).setName(vm.name()).setCpus(vm.cpus()).setMemoryMib(vm.memoryMiB())
                .setBoot(BootSpec.newBuilder().setKernel(vm.boot().kernel()).setInitrd(vm.boot().initrd()).setCmdline(vm.boot().cmdline()))
                .setHighlyAvailable(vm.highlyAvailable())
                .build();
    }

    private static UUID uuid(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static dev.flotilla.manager.vm.VmCommands.MigrationFigures figures(dev.flotilla.protocol.v1.MigrationOutcome m) {
        return new dev.flotilla.manager.vm.VmCommands.MigrationFigures(m.getDowntimeMs(), m.getTotalTimeMs(), m.getSetupTimeMs(),
                m.getTransferredBytes(), m.getFinalDowntimeLimitMs(), m.getAgentSetupMs(), m.getAgentFinishMs());
    }

    static dev.flotilla.protocol.v1.MigrationParameters parameters(dev.flotilla.manager.vm.VmCommands.MigrationParameters p) {
        return dev.flotilla.protocol.v1.MigrationParameters.newBuilder().setMaxDowntimeMs(p.maxDowntimeMs())
                .setMaxBandwidthBytesPerSecond(p.maxBandwidthBytesPerSecond()).setAutoConverge(p.autoConverge())
                .setPostCopy(p.postCopy()).addAllDowntimeStepsMs(p.downtimeStepsMs()).build();
    }

    static dev.flotilla.manager.migration.MigrationProgress progress(dev.flotilla.protocol.v1.MigrationStatus s) {
        return new dev.flotilla.manager.migration.MigrationProgress(s.getStatus(), s.getTotalBytes(), s.getRemainingBytes(),
                s.getTransferredBytes(), s.getDirtyPagesPerSecond(), s.getDowntimeLimitMs(), s.getExpectedDowntimeMs());
    }
}
