package dev.flotilla.manager.snapshot;

import dev.flotilla.manager.vm.Vm;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The VM's configuration kept with each snapshot (CPUs, memory, boot), recorded when the snapshot
 * is taken: a clone from the snapshot is made with it, and a restore gives it back to the VM, so
 * going back to a snapshot brings back the machine that wrote its disks, not only the disks.
 */
@Repository
class SnapshotConfigs {

    /** What a VM was when a snapshot was taken. */
    record ConfigAt(int cpus, long memoryMiB, Vm.Boot boot) {
    }

    private final JdbcClient jdbc;

    SnapshotConfigs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void record(UUID snapshotId, Vm vm) {
        jdbc.sql("""
                update snapshot set vm_cpus = :c, vm_memory_mib = :m, vm_boot_kernel = :k, vm_boot_initrd = :i, vm_boot_cmdline = :cmd
                where id = :id""")
                .param("c", vm.cpus()).param("m", vm.memoryMiB()).param("k", vm.boot().kernel()).param("i", vm.boot().initrd())
                .param("cmd", vm.boot().cmdline()).param("id", snapshotId).update();
    }

    /** Empty for a snapshot taken before configurations were kept. */
    Optional<ConfigAt> of(UUID snapshotId) {
        return jdbc.sql("select vm_cpus, vm_memory_mib, vm_boot_kernel, vm_boot_initrd, vm_boot_cmdline from snapshot where id = :id and vm_cpus is not null")
                .param("id", snapshotId)
                .query((rs, row) -> new ConfigAt(rs.getInt(1), rs.getLong(2), new Vm.Boot(rs.getString(3), rs.getString(4), rs.getString(5))))
                .optional();
    }

    /** The VM takes the snapshot's configuration back (a restore); answers whether there was one to take. */
    boolean restore(UUID snapshotId, UUID vmId) {
        return of(snapshotId).map(c -> jdbc.sql("""
                update vm set cpus = :c, memory_mib = :m, boot_kernel = :k, boot_initrd = :i, boot_cmdline = :cmd, version = version + 1
                where id = :vm""")
                .param("c", c.cpus()).param("m", c.memoryMiB()).param("k", c.boot().kernel()).param("i", c.boot().initrd())
                .param("cmd", c.boot().cmdline()).param("vm", vmId).update() == 1).orElse(false);
    }
}
