package dev.flotilla.manager.template;

import dev.flotilla.manager.api.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The template and template_disk tables. */
@Repository
class TemplateRepository {

    private final JdbcClient jdbc;

    TemplateRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Template t) {
        jdbc.sql("""
                insert into template(id, name, description, status, cluster_id, cpus, memory_mib, kernel, initrd, cmdline, source_vm_id)
                values (:id, :n, :d, :s, :c, :cpus, :mem, :k, :i, :cl, :src)""")
                .param("id", t.id()).param("n", t.name()).param("d", t.description()).param("s", t.status()).param("c", t.clusterId())
                .param("cpus", t.cpus()).param("mem", t.memoryMiB()).param("k", t.kernel()).param("i", t.initrd()).param("cl", t.cmdline())
                .param("src", t.sourceVmId()).update();
    }

    void insertDisk(UUID template, Template.TemplateDisk d) {
        jdbc.sql("insert into template_disk(template_id, position, disk_id, interface, bootable, read_only) values (:t, :p, :d, :i, :b, :r)")
                .param("t", template).param("p", d.position()).param("d", d.diskId()).param("i", d.diskInterface()).param("b", d.bootable())
                .param("r", d.readOnly()).update();
    }

    void status(UUID id, String status, String reason) {
        jdbc.sql("update template set status = :s, status_reason = :r where id = :id").param("s", status).param("r", reason).param("id", id).update();
    }

    void delete(UUID id) {
        jdbc.sql("delete from template where id = :id").param("id", id).update();
    }

    Optional<Template> find(UUID id) {
        return jdbc.sql("select * from template where id = :id").param("id", id).query(this::map).optional();
    }

    Template get(UUID id) {
        return find(id).orElseThrow(() -> new NotFoundException("template", id));
    }

    Optional<Template> findByName(String name) {
        return jdbc.sql("select * from template where name = :n").param("n", name).query(this::map).optional();
    }

    List<Template> all() {
        return jdbc.sql("select * from template order by name").query(this::map).list();
    }

    /**
     * Who still reads from one of the template's volumes: the thin VMs by name, a thin disk no VM
     * attaches any more as "disk <name>".
     */
    List<String> thinUsers(UUID template) {
        return jdbc.sql("""
                select distinct coalesce(vm.name, 'disk ' || d.name) from template_disk td
                  join disk td_disk on td_disk.id = td.disk_id
                  join volume v on v.parent_id = td_disk.volume_id
                  join disk d on d.id = v.disk_id
                  left join vm_disk a on a.disk_id = v.disk_id
                  left join vm on vm.id = a.vm_id
                 where td.template_id = :t order by 1""").param("t", template).query(String.class).list();
    }

    private Template map(ResultSet rs, int row) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        List<Template.TemplateDisk> disks = jdbc.sql("""
                select td.*, d.name, d.volume_id, d.storage_domain_id, d.size_bytes from template_disk td join disk d on d.id = td.disk_id
                 where td.template_id = :t order by td.position""").param("t", id)
                .query((r, n) -> new Template.TemplateDisk(r.getInt("position"), r.getObject("disk_id", UUID.class), r.getString("name"),
                        r.getObject("volume_id", UUID.class), r.getObject("storage_domain_id", UUID.class), r.getLong("size_bytes"),
                        r.getString("interface"), r.getBoolean("bootable"), r.getBoolean("read_only"))).list();
        return new Template(id, rs.getString("name"), rs.getString("description"), rs.getString("status"), rs.getString("status_reason"),
                rs.getObject("cluster_id", UUID.class), rs.getInt("cpus"), rs.getLong("memory_mib"), rs.getString("kernel"),
                rs.getString("initrd"), rs.getString("cmdline"), rs.getObject("source_vm_id", UUID.class),
                rs.getTimestamp("created_at").toInstant(), disks);
    }
}
