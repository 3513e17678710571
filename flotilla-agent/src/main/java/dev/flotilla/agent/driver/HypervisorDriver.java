package dev.flotilla.agent.driver;

import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/** A hypervisor as the agent sees it. Methods are thread-safe; they return once the hypervisor accepted the request. */
public interface HypervisorDriver extends AutoCloseable {

    /** "qemu" or "simulated". */
    String name();

    /** "kvm", "tcg" or "simulated": how guests are accelerated. */
    String accel();

    /** A one-line description of why this acceleration was chosen, e.g. "TCG: /dev/kvm exists but the CPU shows no vmx/svm". */
    String accelReason();

    /** Hypervisor version, e.g. "QEMU 7.2.19"; "simulated 1" for the simulated driver. */
    String version();

    /** Re-attaches to VMs that still run from an earlier agent process; returns them. */
    List<VmState> recover();

    /**
     * Starts a VM. Returns once the VM runs (QEMU process up, QMP connected, CPUs running),
     * not when the guest has booted.
     *
     * @throws DriverException INVALID_SPEC (e.g. a missing kernel file, more memory than the host has),
     *                         WRONG_STATE (already running), DRIVER_FAILURE (the hypervisor refused, with its message)
     */
    VmState start(VmDefinition definition) throws DriverException;

    /** Presses the ACPI power button; the guest decides. State becomes SHUTTING_DOWN, then STOPPED when it powers off. */
    void shutdown(UUID vmId) throws DriverException;

    /** Powers off at once (pulls the plug). */
    void powerOff(UUID vmId) throws DriverException;

    /**
     * Kills the VM's process outright (self-fencing: no request the hypervisor could be slow to
     * answer) and waits up to {@code wait} for it to be gone; true once it is. {@code why} is the
     * reason the VM's end is reported with.
     */
    default boolean kill(UUID vmId, String why, java.time.Duration wait) throws DriverException {
        powerOff(vmId);
        return true;
    }

    /** Hard reset of the guest; the VM keeps running. */
    void reboot(UUID vmId) throws DriverException;

    void pause(UUID vmId) throws DriverException;

    void resume(UUID vmId) throws DriverException;

    /**
     * What the VM's display shows now, as PNG bytes. A paused VM still has a screen (the last
     * frame); a VM that is starting or stopped has none.
     *
     * @throws DriverException NO_SUCH_VM, WRONG_STATE (not running or paused), DRIVER_FAILURE (QEMU refused or failed)
     */
    byte[] screenshot(UUID vmId) throws DriverException;

    /**
     * A new connection to the VM's VNC server (RFB), for one console session: the caller owns
     * the channel and closes it when the session ends.
     *
     * @throws DriverException NO_SUCH_VM, WRONG_STATE (not running or paused, or a driver without screens), DRIVER_FAILURE
     */
    SocketChannel openConsole(UUID vmId) throws DriverException;

    /**
     * Starts a VM that waits for an incoming live migration on a port of the host's range, and
     * returns that port. The VM runs by itself once the migration completes; if the migration
     * fails or is cancelled its process ends. {@code postCopy} must match the source's settings.
     *
     * @throws DriverException INVALID_SPEC, WRONG_STATE (the VM already runs here), DRIVER_FAILURE (no free port, QEMU refused)
     */
    int prepareIncoming(VmDefinition definition, boolean postCopy) throws DriverException;

    /**
     * Sets what an outgoing migration of the VM needs before it can start (QEMU's capabilities and
     * parameters), while the target is still starting; {@link #migrate} with the same settings then
     * only starts it. A driver with nothing to set ahead does nothing.
     */
    default void prepareMigration(UUID vmId, MigrationSettings settings) throws DriverException {
    }

    /**
     * Live-migrates a running VM to a host that prepared an incoming VM at {@code targetAddress:targetPort};
     * returns when the migration completed: the VM then runs there, and what is left here (a paused
     * copy that will never run again) is ended by {@link #endMigratedAway}, which the caller runs
     * after it has passed the result on. {@code progress} hears about it every few hundred milliseconds.
     *
     * @throws DriverException NO_SUCH_VM, WRONG_STATE, DRIVER_FAILURE (the migration failed or was cancelled:
     *                         the VM still runs here)
     */
    MigrationResult migrate(UUID vmId, String targetAddress, int targetPort, MigrationSettings settings,
                            Consumer<MigrationProgress> progress) throws DriverException;

    /**
     * Ends what is left here of a VM whose migration {@link #migrate} reported completed. Apart from
     * {@code migrate} so the manager hears the outcome first: the switch-over is the one moment of a
     * migration someone waits on, and QEMU's exit is not part of it.
     */
    default void endMigratedAway(UUID vmId) {
    }

    /** Cancels the VM's outgoing migration; {@link #migrate} then fails and the VM goes on running here. */
    void cancelMigration(UUID vmId) throws DriverException;

    /**
     * A live snapshot: each overlay (made already, its backing the disk's active volume) becomes
     * its disk's active layer, all disks in one transaction. On failure nothing changed.
     */
    default void snapshot(UUID vmId, List<LiveOverlay> overlays) throws DriverException {
        throw new DriverException(DriverException.Code.INVALID_SPEC, "the " + name() + " driver takes no live snapshots; stop the VM first");
    }

    /**
     * A live merge: folds volume {@code topVolumeId} of the disk into its backing {@code baseVolumeId}
     * while the guest runs (QEMU block-commit, completed with a pivot when top is the active layer).
     * On failure QEMU's chain is unchanged and the merge can be run again.
     *
     * @param baseLocation written into the image over top as its new backing file
     */
    default void merge(UUID vmId, String diskId, String topVolumeId, String baseVolumeId, String baseLocation,
                       java.util.function.DoubleConsumer progress) throws DriverException {
        throw new DriverException(DriverException.Code.INVALID_SPEC, "the " + name() + " driver merges no volumes live; stop the VM first");
    }

    /**
     * Plugs a disk into a running VM (it is added last to the VM's definition once QEMU took it).
     * On failure the VM runs on as before.
     *
     * @throws DriverException NO_SUCH_VM, WRONG_STATE (not running, the disk is in use by another VM of the host),
     *                         INVALID_SPEC, DRIVER_FAILURE (QEMU refused, no free port)
     */
    default void plugDisk(UUID vmId, VmDefinition.Disk disk) throws DriverException {
        throw new DriverException(DriverException.Code.WRONG_STATE, "the " + name() + " driver plugs no disks into running VMs; stop the VM first");
    }

    /**
     * Unplugs a disk from a running VM: returns once the guest released it (it then leaves the VM's definition).
     * A guest that does not release it keeps it, and this fails.
     */
    default void unplugDisk(UUID vmId, String diskId) throws DriverException {
        throw new DriverException(DriverException.Code.WRONG_STATE, "the " + name() + " driver unplugs no disks from running VMs; stop the VM first");
    }

    /**
     * A live disk move: the running VM's disk {@code diskId} switches onto {@code target}, the same
     * volumes on another domain (active first; the ones under it hold their copies already, the
     * active one is empty), filled by QEMU while the guest runs. On failure or cancel the VM runs on
     * its source volumes and QEMU holds nothing of the target.
     */
    default void moveDisk(UUID vmId, String diskId, List<VmDefinition.Backing> target, java.util.function.DoubleConsumer progress)
            throws DriverException {
        moveDisk(vmId, diskId, target, ChapLogin.NONE, progress);
    }

    /** {@link #moveDisk} onto a target that is an iSCSI LUN behind CHAP: QEMU opens it with {@code login}. */
    default void moveDisk(UUID vmId, String diskId, List<VmDefinition.Backing> target, ChapLogin login,
                          java.util.function.DoubleConsumer progress) throws DriverException {
        throw new DriverException(DriverException.Code.WRONG_STATE, "the " + name() + " driver moves no disks live; stop the VM first");
    }

    /**
     * An iSCSI CHAP login for QEMU; an empty user is none. The secret reaches QEMU only through a
     * secret object read from a file of the agent, never a command line, and is never printed.
     */
    record ChapLogin(String user, String secret) {
        public static final ChapLogin NONE = new ChapLogin("", "");

        public ChapLogin {
            user = user == null ? "" : user;
            secret = secret == null ? "" : secret;
        }

        public boolean present() {
            return !user.isEmpty();
        }

        @Override
        public String toString() {
            return present() ? "ChapLogin[user=" + user + ", secret=***]" : "ChapLogin[none]";
        }
    }

    /** Cancels a running {@link #moveDisk}; it then fails and the VM stays on its source volumes. */
    default void cancelMove(UUID vmId, String diskId) throws DriverException {
        throw new DriverException(DriverException.Code.WRONG_STATE, "the " + name() + " driver moves no disks live");
    }

    /** A new qcow2 volume for a live snapshot of one disk: where QEMU opens it. */
    record LiveOverlay(String diskId, String volumeId, String location) {
    }

    /** Every VM the driver knows: running ones and stopped ones not yet forgotten, with fresh stats. */
    List<VmState> vms();

    /** Drops a stopped VM from {@link #vms()}; no-op for an unknown id. */
    void forget(UUID vmId);

    /** Subscribes to state changes (called on a driver thread; keep it quick). */
    void addListener(Consumer<VmStateChange> listener);

    /** Detaches from the hypervisor; running VMs keep running. */
    @Override
    void close();

    /**
     * Inserts an ISO into a running VM's CD-ROM drive (replacing what was there), or ejects it when
     * {@code iso} is empty.
     *
     * @throws DriverException NO_SUCH_VM, WRONG_STATE (not running, or a driver without CD drives), DRIVER_FAILURE
     */
    default void changeCdrom(UUID vmId, java.util.Optional<VmDefinition.Disk> iso) throws DriverException {
        throw new DriverException(DriverException.Code.WRONG_STATE, "the " + name() + " driver has no CD-ROM drives to change");
    }
}
