package dev.flotilla.agent.managerlink;

import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.RunState;
import dev.flotilla.agent.driver.VmDefinition;
import dev.flotilla.agent.driver.VmState;
import dev.flotilla.agent.driver.VmStateChange;
import dev.flotilla.agent.stats.HostStats;
import dev.flotilla.protocol.v1.DiskSpec;
import dev.flotilla.protocol.v1.HostFacts;
import dev.flotilla.protocol.v1.VmEvent;
import dev.flotilla.protocol.v1.VmReport;
import dev.flotilla.protocol.v1.VmRunState;
import dev.flotilla.protocol.v1.VmSpec;
import dev.flotilla.protocol.v1.VmStats;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Translation between the agent's records and protocol messages; the rest of the agent never sees protobuf. */
final class Wire {

    private Wire() {
    }

    static VmRunState state(RunState state) {
        return switch (state) {
            case STARTING -> VmRunState.STARTING;
            case RUNNING -> VmRunState.RUNNING;
            case PAUSED -> VmRunState.PAUSED;
            case SHUTTING_DOWN -> VmRunState.SHUTTING_DOWN;
            case STOPPED -> VmRunState.STOPPED;
            case CRASHED -> VmRunState.CRASHED;
        };
    }

    static VmReport report(VmState vm) {
        return report(vm, "", java.util.Map.of());
    }

    /**
     * The VM for the heartbeat, with why its storage stalls ({@code stall}, empty when it does not)
     * and the volume and domain each disk runs on ({@code domains}: the watched ones by id).
     */
    static VmReport report(VmState vm, String stall, java.util.Map<String, dev.flotilla.agent.storage.StorageConnection> domains) {
        VmReport.Builder report = VmReport.newBuilder()
                .setVmId(vm.id().toString())
                .setState(state(vm.state()))
                .setReason(nullToEmpty(vm.reason()))
                .setPid(vm.pid())
                .setStats(stats(vm))
                .setStorageStall(nullToEmpty(stall));
        for (VmState.DiskInUse d : vm.volumes()) {
            String domain = dev.flotilla.agent.domainmonitor.StorageStalls.domainOf(d.locations().get(0), domains);
            report.addDiskVolumes(dev.flotilla.protocol.v1.DiskVolumeInUse.newBuilder().setDiskId(d.diskId())
                    .setVolumeId(nullToEmpty(d.volumeId())).setDomainId(nullToEmpty(domain)));
        }
        return report.build();
    }

    /** Disks and NICs the driver could not measure stay unset: the manager then knows nothing rather than "none". */
    static VmStats stats(VmState vm) {
        VmStats.Builder stats = VmStats.newBuilder().setCpuPercent(vm.cpuPercent()).setMemoryRssMib(vm.memoryRssMiB())
                .setUptimeSeconds(vm.uptimeSeconds());
        if (vm.disks() != null) {
            stats.setDiskCount(vm.disks().count()).setDiskReadBytesPerSecond(vm.disks().readBytesPerSecond())
                    .setDiskWriteBytesPerSecond(vm.disks().writeBytesPerSecond());
        }
        if (vm.nics() != null) {
            stats.setNicCount(vm.nics().count()).setNetReceiveBytesPerSecond(vm.nics().receiveBytesPerSecond())
                    .setNetTransmitBytesPerSecond(vm.nics().transmitBytesPerSecond());
        }
        return stats.build();
    }

    static VmEvent event(VmStateChange change) {
        return VmEvent.newBuilder()
                .setVmId(change.id().toString())
                .setState(state(change.state()))
                .setReason(nullToEmpty(change.reason()))
                .setTimestampMs(change.at().toEpochMilli())
                .build();
    }

    static dev.flotilla.protocol.v1.HostStats stats(HostStats s) {
        return dev.flotilla.protocol.v1.HostStats.newBuilder()
                .setCpuPercent(s.cpuPercent()).setMemoryTotalMib(s.memoryTotalMiB()).setMemoryUsedMib(s.memoryUsedMiB())
                .setLoad1(s.load1()).setLoad5(s.load5()).setLoad15(s.load15()).setUptimeSeconds(s.uptimeSeconds())
                .setDiskReadBytesPerSecond(s.diskReadBytesPerSecond()).setDiskWriteBytesPerSecond(s.diskWriteBytesPerSecond())
                .setNetReceiveBytesPerSecond(s.netReceiveBytesPerSecond()).setNetTransmitBytesPerSecond(s.netTransmitBytesPerSecond())
                .build();
    }

    static HostFacts facts(LinkFacts f) {
        return HostFacts.newBuilder()
                .setHostname(f.fingerprint().hostname())
                .setCpuModel(f.fingerprint().cpuModel())
                .setCpuCores(f.fingerprint().logicalCpus())
                .setMemoryMib(f.fingerprint().memoryMiB())
                .setCpuFlags(f.fingerprint().cpuFlags())
                .setOs(f.fingerprint().os())
                .setKernel(f.fingerprint().kernel())
                .setDriver(f.driver())
                .setAccel(f.accel())
                .setQemuVersion(f.hypervisorVersion())
                .setAddress(f.address())
                .setPortRangeStart(f.portRangeStart())
                .setPortRangeEnd(f.portRangeEnd())
                .build();
    }

    static VmDefinition definition(VmSpec spec) throws DriverException {
        UUID id = vmId(spec.getVmId());
        VmDefinition.Boot boot = spec.hasBoot()
                ? new VmDefinition.Boot(spec.getBoot().getKernel(), spec.getBoot().getInitrd(), spec.getBoot().getCmdline())
                : VmDefinition.Boot.NONE;
        List<VmDefinition.Disk> translated = new ArrayList<>();
        for (DiskSpec disk : spec.getDisksList()) {
            translated.add(StorageWire.disk(disk));
        }
        return new VmDefinition(id, spec.getName().isEmpty() ? id.toString() : spec.getName(), spec.getCpus(), spec.getMemoryMib(),
                boot, translated, spec.getDeviceLayout());
    }

    static UUID vmId(String text) throws DriverException {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new DriverException(DriverException.Code.INVALID_SPEC, "vm_id '" + text + "' is not a UUID");
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    static dev.flotilla.agent.driver.MigrationSettings settings(dev.flotilla.protocol.v1.MigrationParameters p) throws DriverException {
        try {
            return new dev.flotilla.agent.driver.MigrationSettings(p.getMaxDowntimeMs(), p.getMaxBandwidthBytesPerSecond(),
                    p.getAutoConverge(), p.getPostCopy(), p.getDowntimeStepsMsList());
        } catch (IllegalArgumentException e) {
            throw new DriverException(DriverException.Code.INVALID_SPEC, "bad migration parameters: " + e.getMessage());
        }
    }

    static dev.flotilla.protocol.v1.MigrationStatus status(dev.flotilla.agent.driver.MigrationProgress p) {
        return dev.flotilla.protocol.v1.MigrationStatus.newBuilder().setVmId(p.vmId().toString()).setStatus(p.status())
                .setTotalBytes(p.totalBytes()).setRemainingBytes(p.remainingBytes()).setTransferredBytes(p.transferredBytes())
                .setDirtyPagesPerSecond(p.dirtyPagesPerSecond()).setDowntimeLimitMs(p.downtimeLimitMs())
                .setExpectedDowntimeMs(p.expectedDowntimeMs()).build();
    }

    static dev.flotilla.protocol.v1.MigrationOutcome outcome(dev.flotilla.agent.driver.MigrationResult r) {
        return dev.flotilla.protocol.v1.MigrationOutcome.newBuilder().setDowntimeMs(r.downtimeMs()).setTotalTimeMs(r.totalTimeMs())
                .setSetupTimeMs(r.setupTimeMs()).setTransferredBytes(r.transferredBytes())
                .setFinalDowntimeLimitMs(r.finalDowntimeLimitMs()).setAgentSetupMs(r.agentSetupMs())
                .setAgentFinishMs(r.agentFinishMs()).build();
    }
}
