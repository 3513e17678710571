package dev.flotilla.agent.driver.qemu;

import dev.flotilla.agent.driver.DiskUse;
import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.HypervisorDriver;
import dev.flotilla.agent.driver.MigrationProgress;
import dev.flotilla.agent.driver.MigrationResult;
import dev.flotilla.agent.driver.MigrationSettings;
import dev.flotilla.agent.driver.RunState;
import dev.flotilla.agent.driver.VmDefinition;
import dev.flotilla.agent.driver.VmState;
import dev.flotilla.agent.driver.VmStateChange;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Drives real QEMU processes over QMP, one process and one directory per VM. */
public final class QemuDriver implements HypervisorDriver {

    private static final System.Logger LOG = System.getLogger(QemuDriver.class.getName());
    private static final Pattern VERSION = Pattern.compile("version\\s+(\\d+(?:\\.\\d+)*)");

    private final QemuDriverConfig config;
    private final AccelDetector.Choice accel;
    private final Map<UUID, RunningVm> vms = new ConcurrentHashMap<>();
    /** Ports promised to incoming VMs whose QEMU may not listen yet. */
    private final Map<UUID, Integer> incomingPorts = new ConcurrentHashMap<>();
    /** VMs with an outgoing migration under way: one at a time each, and only those can be cancelled. */
    private final Set<UUID> migrating = ConcurrentHashMap.newKeySet();
    private final List<Consumer<VmStateChange>> listeners = new CopyOnWriteArrayList<>();
    private volatile String version;

    public QemuDriver(QemuDriverConfig config) {
        this.config = config;
        this.accel = AccelDetector.detect(config.accel());
        // Jackson's first use costs 0.5-1.8 s here (BENCHMARKS.md): pay it now, not in the first start or incoming migration.
        VmFiles.warmUp();
    }

    /** True when the QEMU binary can be found and run on this machine. */
    public static boolean isAvailable(String qemuBinary) {
        try {
            return QemuProcess.versionLine(qemuBinary).startsWith("QEMU emulator version");
        } catch (IOException e) {
            return false;
        }
    }

    @Override public String name() { return "qemu"; }

    @Override public String accel() { return accel.accel(); }

    @Override public String accelReason() { return accel.reason(); }

    /** "QEMU 7.2.22" from the first line of {@code qemu-system-x86_64 --version}; asked once. */
    @Override
    public String version() {
        if (version == null) {
            try {
                String line = QemuProcess.versionLine(config.qemuBinary());
                Matcher m = VERSION.matcher(line);
                version = m.find() ? "QEMU " + m.group(1) : line;
            } catch (IOException e) {
                return "QEMU (unknown: " + e.getMessage() + ")";
            }
        }
        return version;
    }

    @Override
    public List<VmState> recover() {
        Path root = config.stateDir().resolve("vms");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Path> dirs;
        try (Stream<Path> list = Files.list(root)) {
            dirs = list.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot list " + root, e);
            return List.of();
        }
        List<VmState> found = new ArrayList<>();
        for (Path dir : dirs) {
            VmFiles files = new VmFiles(dir);
            OptionalLong pid = files.readPid();
            // No pidfile: the VM was seen stopped (and reported) before, or never ran.
            if (pid.isEmpty() || !Files.exists(files.definitionJson())) {
                continue;
            }
            VmDefinition definition;
            try {
                definition = files.readDefinition();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "skipping " + dir + ": unreadable definition.json: " + e.getMessage());
                continue;
            }
            RunningVm known = vms.get(definition.id());
            if (known != null && known.runState().isAlive()) {
                continue;
            }
            RunningVm vm = new RunningVm(definition, files, this::publish);
            vms.put(definition.id(), vm);
            if (vm.reattach(pid.getAsLong())) {
                publish(new VmStateChange(definition.id(), vm.runState(), vm.snapshot().reason(), java.time.Instant.now()));
            } else {
                vm.foundDead();
            }
            found.add(vm.snapshot());
        }
        return found;
    }

    @Override
    public VmState start(VmDefinition definition) throws DriverException {
        return launch(definition, () -> { }, (vm, files) -> vm.start(QemuCommandLine.argv(config.qemuBinary(), accel.accel(), definition, files)))
                .snapshot();
    }

    @Override
    public int prepareIncoming(VmDefinition definition, boolean postCopy) throws DriverException {
        int[] port = new int[1];
        try {
            launch(definition, () -> {
                port[0] = MigrationPorts.pick(config.portRangeStart(), config.portRangeEnd(), Set.copyOf(incomingPorts.values()));
                incomingPorts.put(definition.id(), port[0]);
            }, (vm, files) -> IncomingMigration.listen(vm, QemuCommandLine.argv(config.qemuBinary(), accel.accel(), definition, files, true),
                    "tcp:0.0.0.0:" + port[0], postCopy));
            return port[0];
        } catch (IllegalStateException e) {
            throw new DriverException(DriverException.Code.DRIVER_FAILURE, e.getMessage());
        } finally {
            // Once QEMU listens (or failed to), the port is its own or free again.
            incomingPorts.remove(definition.id());
        }
    }

    /** How one VM's QEMU is started, once its id is reserved and its definition written. */
    @FunctionalInterface
    private interface Launch {
        void launch(RunningVm vm, VmFiles files) throws DriverException;
    }

    /**
     * Reserves the VM's id (and whatever {@code reserve} takes, under the same lock, so two
     * concurrent starts share neither), writes its definition, and launches it. A VM that never
     * ran is not listed as stopped: the caller gets the error instead.
     */
    private RunningVm launch(VmDefinition definition, Runnable reserve, Launch launch) throws DriverException {
        DefinitionCheck.check(definition, DefinitionCheck.hostMemoryMiB());
        VmFiles files = VmFiles.of(config.stateDir(), definition.id());
        RunningVm vm = new RunningVm(definition, files, this::publish);
        synchronized (vms) {
            RunningVm existing = vms.get(definition.id());
            if (existing != null && existing.runState().isAlive()) {
                throw new DriverException(DriverException.Code.WRONG_STATE,
                        "VM " + definition.name() + " is already " + existing.runState().name().toLowerCase().replace('_', ' '));
            }
            Optional<String> conflict = DiskUse.conflict(definition, vms.values().stream()
                    .filter(v -> v.runState().isAlive()).map(RunningVm::definition).toList());
            if (conflict.isPresent()) {
                throw new DriverException(DriverException.Code.WRONG_STATE, "VM " + definition.name() + " cannot start: " + conflict.get());
            }
            reserve.run();
            vms.put(definition.id(), vm);
        }
        try {
            CompletableFuture<Void> written = files.writeDefinitionMeanwhile(definition);
            files.writeSecrets(definition);
            try {
                launch.launch(vm, files);
            } finally {
                files.removeSecrets(definition);
            }
            try {
                VmFiles.await(written);
            } catch (IOException e) {
                vm.powerOffQuietly();
                throw e;
            }
            return vm;
        } catch (IOException e) {
            vms.remove(definition.id(), vm);
            throw new DriverException(DriverException.Code.DRIVER_FAILURE,
                    "cannot prepare " + files.dir() + " for VM " + definition.name() + ": " + e.getMessage(), e);
        } catch (DriverException | RuntimeException e) {
            vms.remove(definition.id(), vm);
            throw e;
        }
    }

    @Override
    public MigrationResult migrate(UUID vmId, String targetAddress, int targetPort, MigrationSettings settings,
                                   Consumer<MigrationProgress> progress) throws DriverException {
        RunningVm vm = vm(vmId);
        vm.requireState("migrate", EnumSet.of(RunState.RUNNING, RunState.PAUSED));
        if (!migrating.add(vmId)) {
            throw new DriverException(DriverException.Code.WRONG_STATE, "VM " + vm.definition().name() + " is already migrating");
        }
        try {
            return new QemuMigration(vm, settings, progress).run(targetAddress, targetPort, targetAddress + ":" + targetPort);
        } catch (DriverException | RuntimeException e) {
            vm.sendingAway(false);
            throw e;
        } finally {
            migrating.remove(vmId);
        }
    }

    @Override
    public void prepareMigration(UUID vmId, MigrationSettings settings) throws DriverException {
        RunningVm vm = vm(vmId);
        vm.requireState("prepare the migration of", EnumSet.of(RunState.RUNNING, RunState.PAUSED));
        QemuMigration.prepare(vm, settings);
    }

    @Override
    public void endMigratedAway(UUID vmId) {
        RunningVm vm = vms.get(vmId);
        if (vm != null) {
            vm.quit();
        }
    }

    @Override
    public void cancelMigration(UUID vmId) throws DriverException {
        RunningVm vm = vm(vmId);
        if (!migrating.contains(vmId)) {
            throw new DriverException(DriverException.Code.WRONG_STATE, "VM " + vm.definition().name() + " is not migrating");
        }
        vm.command("migrate_cancel", Map.of());
    }

    @Override
    public void snapshot(UUID vmId, List<LiveOverlay> overlays) throws DriverException {
        RunningVm vm = vm(vmId);
        vm.requireState("take a live snapshot", EnumSet.of(RunState.RUNNING, RunState.PAUSED));
        new QemuBlockChain(vm).snapshot(overlays);
    }

    @Override
    public void merge(UUID vmId, String diskId, String topVolumeId, String baseVolumeId, String baseLocation,
                      java.util.function.DoubleConsumer progress) throws DriverException {
        RunningVm vm = vm(vmId);
        vm.requireState("merge volumes live", EnumSet.of(RunState.RUNNING, RunState.PAUSED));
        new QemuBlockChain(vm).merge(diskId, topVolumeId, baseVolumeId, baseLocation, progress);
    }

    @Override
    public void moveDisk(UUID vmId, String diskId, List<VmDefinition.Backing> target, ChapLogin login,
                         java.util.function.DoubleConsumer progress) throws DriverException {
        RunningVm vm = vm(vmId);
        vm.requireState("move a disk of", EnumSet.of(RunState.RUNNING, RunState.PAUSED));
        VmDefinition.Disk moved = new QemuDiskMirror(vm).move(diskId, target, login, progress);
        redefine(vm, vm.definition().withDisks(vm.definition().disks().stream().map(d -> d.id().equals(diskId) ? moved : d).toList()));
    }

    @Override
    public void cancelMove(UUID vmId, String diskId) throws DriverException {
        new QemuDiskMirror(vm(vmId)).cancel(diskId);
    }

    @Override
    public void plugDisk(UUID vmId, VmDefinition.Disk disk) throws DriverException {
        RunningVm vm = vm(vmId);
        vm.requireState("plug a disk into", EnumSet.of(RunState.RUNNING, RunState.PAUSED));
        if (vm.definition().disks().stream().anyMatch(d -> d.id().equals(disk.id()))) {
            throw new DriverException(DriverException.Code.WRONG_STATE, "disk " + disk.id() + " is already a disk of " + vm.definition().name());
        }
        List<VmDefinition.Disk> disks = new ArrayList<>(CdromDevice.disks(vm.definition().disks()));
        disks.add(disk);
        CdromDevice.cd(vm.definition().disks()).ifPresent(disks::add);
        VmDefinition changed = vm.definition().withDisks(disks);
        synchronized (vms) {
            // the same guard as at start: no second writer of a volume on this host
            Optional<String> conflict = DiskUse.conflict(changed, vms.values().stream()
                    .filter(v -> v.runState().isAlive()).map(RunningVm::definition).toList());
            if (conflict.isPresent()) {
                throw new DriverException(DriverException.Code.WRONG_STATE, "cannot plug into VM " + vm.definition().name() + ": " + conflict.get());
            }
            new DiskHotplug(vm).plug(disk);
            redefine(vm, changed);
        }
    }

    @Override
    public void unplugDisk(UUID vmId, String diskId) throws DriverException {
        RunningVm vm = vm(vmId);
        vm.requireState("unplug a disk from", EnumSet.of(RunState.RUNNING, RunState.PAUSED));
        VmDefinition.Disk disk = CdromDevice.disks(vm.definition().disks()).stream().filter(d -> d.id().equals(diskId)).findFirst()
                .orElseThrow(() -> new DriverException(DriverException.Code.INVALID_SPEC, "disk " + diskId + " is not a disk of " + vm.definition().name()));
        new DiskHotplug(vm).unplug(disk);
        redefine(vm, vm.definition().withDisks(vm.definition().disks().stream().filter(d -> !d.id().equals(diskId)).toList()));
    }

    /** Records a definition QEMU now matches, on disk too: a restarted agent recovers the VM with it. */
    private static void redefine(RunningVm vm, VmDefinition changed) throws DriverException {
        vm.redefine(changed);
        try {
            vm.files().writeDefinition(changed);
        } catch (java.io.IOException e) {
            throw new DriverException(DriverException.Code.DRIVER_FAILURE, "QEMU changed, but the definition of " + changed.name()
                    + " could not be written: " + e.getMessage(), e);
        }
    }

    @Override public void shutdown(UUID vmId) throws DriverException { vm(vmId).shutdown(); }

    @Override public void powerOff(UUID vmId) throws DriverException { vm(vmId).powerOff(); }

    @Override public boolean kill(UUID vmId, String why, java.time.Duration wait) throws DriverException { return vm(vmId).kill(why, wait); }

    @Override public void reboot(UUID vmId) throws DriverException { vm(vmId).reboot(); }

    @Override public void pause(UUID vmId) throws DriverException { vm(vmId).pause(); }

    @Override public void resume(UUID vmId) throws DriverException { vm(vmId).resume(); }

    @Override public byte[] screenshot(UUID vmId) throws DriverException { return VmDisplay.screenshot(vm(vmId)); }

    @Override
    public void changeCdrom(UUID vmId, java.util.Optional<VmDefinition.Disk> iso) throws DriverException {
        RunningVm vm = vm(vmId);
        vm.requireState("change the CD of", java.util.EnumSet.of(RunState.RUNNING, RunState.PAUSED));
        CdromDevice.change(vm, iso);
    }

    @Override public SocketChannel openConsole(UUID vmId) throws DriverException { return VmDisplay.openConsole(vm(vmId)); }

    @Override
    public List<VmState> vms() {
        return vms.values().stream().map(RunningVm::snapshot)
                .sorted(Comparator.comparing(VmState::name).thenComparing(VmState::id)).toList();
    }

    @Override
    public void forget(UUID vmId) {
        vms.computeIfPresent(vmId, (id, vm) -> vm.runState().isAlive() ? vm : null);
    }

    @Override
    public void addListener(Consumer<VmStateChange> listener) {
        listeners.add(listener);
    }

    /** Detaches from every VM; their QEMU processes keep running for the next agent to recover. */
    @Override
    public void close() {
        vms.values().forEach(RunningVm::detach);
        vms.clear();
    }

    RunningVm vm(UUID vmId) throws DriverException {
        RunningVm vm = vmId == null ? null : vms.get(vmId);
        if (vm == null) {
            throw new DriverException(DriverException.Code.NO_SUCH_VM, "no VM " + vmId + " on this host");
        }
        return vm;
    }

    private void publish(VmStateChange change) {
        for (Consumer<VmStateChange> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "state listener failed on " + change, e);
            }
        }
    }
}
