package dev.flotilla.manager.vm;

import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.ListResponse;
import dev.flotilla.manager.api.NotFoundException;
import dev.flotilla.manager.api.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class VmRepository {

    private final JdbcClient jdbc;

    VmRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Filter(VmStatus status, UUID hostId, UUID clusterId, String name) {
        public static final Filter ALL = new Filter(null, null, null, null);
    }

    private static final String WHERE = """
             where (cast(:status as varchar) is null or status = :status)
               and (cast(:host as uuid) is null or host_id = :host)
               and (cast(:cluster as uuid) is null or cluster_id = :cluster)
               and (cast(:name as varchar) is null or name = :name)""";

    public ListResponse<Vm> list(Filter f, PageRequest page) {
        var items = bind(jdbc.sql("select * from vm " + WHERE + " order by name limit :l offset :o"), f)
                .param("l", page.size()).param("o", page.offset()).query(VmRepository::map).list();
        long total = bind(jdbc.sql("select count(*) from vm " + WHERE), f).query(Long.class).single();
        return new ListResponse<>(items, total);
    }

    private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec s, Filter f) {
        return s.param("status", f.status() == null ? null : f.status().name()).param("host", f.hostId())
                .param("cluster", f.clusterId()).param("name", f.name());
    }

    public Optional<Vm> find(UUID id) {
        return jdbc.sql("select * from vm where id = :id").param("id", id).query(VmRepository::map).optional();
    }

    public Vm get(UUID id) {
        return find(id).orElseThrow(() -> new NotFoundException("VM", id));
    }

    public Optional<Vm> findByName(String name) {
        return jdbc.sql("select * from vm where name = :n").param("n", name).query(VmRepository::map).optional();
    }

    /** The VMs with these ids (unknown ids are left out). */
    public List<Vm> findAll(Collection<UUID> ids) {
        return jdbc.sql("select * from vm where id = any(:ids)").param("ids", ids.toArray(new UUID[0]))
                .query(VmRepository::map).list();
    }

    /** What the VMs placed on each host of a cluster claim, summed by the database. */
    public record Committed(int cpus, long memoryMiB, int vmCount) {
        public static final Committed NONE = new Committed(0, 0, 0);
    }

    public Map<UUID, Committed> committedByHost(UUID clusterId) {
        Map<UUID, Committed> out = new HashMap<>();
        jdbc.sql("""
                select host_id, sum(cpus) as cpus, sum(memory_mib) as mem, count(*) as n from (
                    select host_id, cpus, memory_mib from vm where host_id is not null
                    union all
                    -- a VM migrating in already claims its room on the target
                    select migrating_to, cpus, memory_mib from vm where migrating_to is not null) v
                where host_id in (select id from host where cluster_id = :c) group by host_id""")
                .param("c", clusterId)
                .query((rs, row) -> out.put(rs.getObject("host_id", UUID.class),
                        new Committed(rs.getInt("cpus"), rs.getLong("mem"), rs.getInt("n"))))
                .list();
        return out;
    }

    /** Where each VM of the cluster runs (VM id to host id), for affinity. */
    public Map<UUID, UUID> hostsInCluster(UUID clusterId) {
        Map<UUID, UUID> out = new HashMap<>();
        jdbc.sql("select id, host_id from vm where cluster_id = :c and host_id is not null").param("c", clusterId)
                .query((rs, row) -> out.put(rs.getObject("id", UUID.class), rs.getObject("host_id", UUID.class))).list();
        return out;
    }

    /** The VMs the database places on this host plus those among {@code ids}, keyed by id, for reconciliation. */
    public Map<UUID, VmReconciler.Wanted> wantedFor(UUID hostId, Collection<UUID> ids) {
        Map<UUID, VmReconciler.Wanted> out = new HashMap<>();
        // a union, not "host_id = :h or id = any(:ids)": each half uses its index, the OR scanned the table
        jdbc.sql("""
                select id, name, status, host_id, status_changed_at, migrating_to from vm where host_id = :h
                union
                select id, name, status, host_id, status_changed_at, migrating_to from vm where id = any(:ids)""")
                .param("h", hostId).param("ids", ids.toArray(new UUID[0]))
                .query((rs, row) -> new VmReconciler.Wanted(rs.getObject("id", UUID.class), rs.getString("name"),
                        VmStatus.valueOf(rs.getString("status")), rs.getObject("host_id", UUID.class),
                        rs.getTimestamp("status_changed_at").toInstant(), rs.getObject("migrating_to", UUID.class)))
                .list().forEach(w -> out.put(w.id(), w));
        return out;
    }

    /** The Up VMs of a cluster that run on a host: what balancing may move. */
    public List<Vm> upInCluster(UUID clusterId) {
        return jdbc.sql("select * from vm where cluster_id = :c and status = 'Up' and host_id is not null")
                .param("c", clusterId).query(VmRepository::map).list();
    }

    public List<Vm> onHost(UUID hostId) {
        return jdbc.sql("select * from vm where host_id = :h").param("h", hostId).query(VmRepository::map).list();
    }

    public void insert(Vm vm) {
        jdbc.sql("""
                insert into vm(id, cluster_id, name, description, status, cpus, memory_mib, highly_available,
                               boot_kernel, boot_initrd, boot_cmdline)
                values (:id, :c, :n, :d, :s, :cpus, :mem, :ha, :k, :i, :cmd)""")
                .param("id", vm.id()).param("c", vm.clusterId()).param("n", vm.name()).param("d", vm.description())
                .param("s", vm.status().name()).param("cpus", vm.cpus()).param("mem", vm.memoryMiB())
                .param("ha", vm.highlyAvailable()).param("k", vm.boot().kernel()).param("i", vm.boot().initrd())
                .param("cmd", vm.boot().cmdline()).update();
    }

    /** Saves configuration fields if nobody changed the VM since {@code vm.version()}; 409 otherwise. */
    public void updateConfig(Vm vm) {
        int n = jdbc.sql("""
                update vm set name = :n, description = :d, cpus = :cpus, memory_mib = :mem, highly_available = :ha,
                       boot_kernel = :k, boot_initrd = :i, boot_cmdline = :cmd, version = version + 1
                where id = :id and version = :v""")
                .param("id", vm.id()).param("n", vm.name()).param("d", vm.description()).param("cpus", vm.cpus())
                .param("mem", vm.memoryMiB()).param("ha", vm.highlyAvailable()).param("k", vm.boot().kernel())
                .param("i", vm.boot().initrd()).param("cmd", vm.boot().cmdline()).param("v", vm.version()).update();
        if (n == 0) {
            throw new ConflictException("VM %s was changed by someone else (version %d is stale); read it again and retry"
                    .formatted(vm.name(), vm.version()));
        }
    }

    /**
     * Moves the VM from {@code expected} to {@code next} on {@code hostId}; false when it is no longer in
     * {@code expected} (someone else moved it first, so the caller's decision is stale).
     */
    public boolean changeStatus(UUID id, VmStatus expected, VmStatus next, UUID hostId, String reason, Instant at) {
        expected.requireTransitionTo(next);
        boolean moved = jdbc.sql("""
                update vm set status = :n, host_id = :h, status_reason = :r, status_changed_at = :at, version = version + 1,
                       migrating_to = null,
                       live_device_change = case when :n = 'WaitForLaunch' then null else live_device_change end,
                       device_layout = case when :n = 'WaitForLaunch' then true else device_layout end
                where id = :id and status = :e""")
                .param("n", next.name()).param("h", hostId).param("r", fitReason(reason)).param("at", Timestamp.from(at))
                .param("id", id).param("e", expected.name()).update() == 1;
        if (moved && next == VmStatus.WaitForLaunch) {
            // a fresh QEMU: its disks of each interface take the slots 0, 1, 2… in the order the guest sees them
            // (so the places of disks plugged live are free again)
            jdbc.sql("""
                    update vm_disk d set slot = n.slot
                    from (select disk_id, row_number() over (partition by interface order by bootable desc, attached_at, disk_id) - 1 as slot
                          from vm_disk where vm_id = :id) n
                    where d.disk_id = n.disk_id""").param("id", id).update();
        }
        return moved;
    }

    /** status_reason holds 2048 characters: a host's long reason (a QEMU log tail) must not make its report fail every heartbeat. */
    static String fitReason(String reason) {
        return reason == null || reason.length() <= 2048 ? reason : reason.substring(0, 2047) + "…";
    }

    /** Up → MigratingFrom towards {@code target}; false when the VM is no longer Up. */
    public boolean startMigration(UUID id, UUID target, String reason, Instant at) {
        return jdbc.sql("""
                update vm set status = 'MigratingFrom', migrating_to = :t, status_reason = :r, status_changed_at = :at,
                       version = version + 1
                where id = :id and status = 'Up'""")
                .param("t", target).param("r", reason).param("at", Timestamp.from(at)).param("id", id).update() == 1;
    }

    /** Ends a migration: the VM is {@code next} on {@code hostId} (the target when it succeeded); false when it is no longer MigratingFrom. */
    public boolean finishMigration(UUID id, UUID hostId, VmStatus next, String reason, Instant at) {
        VmStatus.MigratingFrom.requireTransitionTo(next);
        return jdbc.sql("""
                update vm set status = :n, host_id = :h, migrating_to = null, status_reason = :r, status_changed_at = :at,
                       version = version + 1
                where id = :id and status = 'MigratingFrom'""")
                .param("n", next.name()).param("h", hostId).param("r", reason).param("at", Timestamp.from(at))
                .param("id", id).update() == 1;
    }

    /** A MigratingFrom VM as a migration sees it: from its host to {@code targetHostId}, since {@code since}. */
    public record Migrating(UUID id, String name, UUID sourceHostId, UUID targetHostId, Instant since) {
    }

    /**
     * Notes that a running VM's devices changed (a disk plugged or unplugged). Only a VM started
     * before disks had slots keeps it: it cannot live-migrate until its next start, since QEMU on
     * another host would not lay its devices out the same way. One started with slots migrates.
     */
    public void noteLiveDeviceChange(UUID id, String what) {
        jdbc.sql("update vm set live_device_change = :w where id = :id and not device_layout").param("w", fitReason(what)).param("id", id).update();
    }

    /** The device change that keeps the VM from live-migrating until it restarts, if any. */
    public Optional<String> liveDeviceChange(UUID id) {
        return jdbc.sql("select live_device_change from vm where id = :id and live_device_change is not null").param("id", id)
                .query(String.class).optional();
    }

    /** Every VM migrating now. */
    public List<Migrating> migrating() {
        return jdbc.sql("""
                select id, name, host_id, migrating_to, status_changed_at from vm
                where status = 'MigratingFrom'""")
                .query((rs, row) -> new Migrating(rs.getObject("id", UUID.class), rs.getString("name"), rs.getObject("host_id", UUID.class),
                        rs.getObject("migrating_to", UUID.class), rs.getTimestamp("status_changed_at").toInstant()))
                .list();
    }

    /** The host the VM is migrating to, if it is migrating. */
    public Optional<UUID> migratingTo(UUID id) {
        return jdbc.sql("select migrating_to from vm where id = :id and migrating_to is not null").param("id", id)
                .query(UUID.class).optional();
    }

    public void delete(UUID id) {
        jdbc.sql("delete from vm where id = :id").param("id", id).update();
    }

    private static Vm map(ResultSet rs, int row) throws SQLException {
        return new Vm(rs.getObject("id", UUID.class), rs.getObject("cluster_id", UUID.class), rs.getObject("host_id", UUID.class),
                rs.getString("name"), rs.getString("description"), VmStatus.valueOf(rs.getString("status")),
                rs.getString("status_reason"), rs.getTimestamp("status_changed_at").toInstant(), rs.getInt("cpus"),
                rs.getLong("memory_mib"), rs.getBoolean("highly_available"),
                new Vm.Boot(rs.getString("boot_kernel"), rs.getString("boot_initrd"), rs.getString("boot_cmdline")),
                rs.getLong("version"), rs.getTimestamp("created_at").toInstant());
    }
}
