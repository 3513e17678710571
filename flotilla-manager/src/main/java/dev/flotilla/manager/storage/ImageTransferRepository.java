package dev.flotilla.manager.storage;

import dev.flotilla.manager.storage.ImageTransfer.Phase;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Image transfers ({@code image_transfer}): kept in the database so an upload outlives a manager restart. */
@Repository
class ImageTransferRepository {

    private final JdbcClient jdbc;

    ImageTransferRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<ImageTransfer> find(UUID id) {
        return jdbc.sql("select * from image_transfer where id = :id").param("id", id).query(ImageTransferRepository::map).optional();
    }

    List<ImageTransfer> list() {
        return jdbc.sql("select * from image_transfer order by created_at desc").query(ImageTransferRepository::map).list();
    }

    List<ImageTransfer> inPhase(Phase phase) {
        return jdbc.sql("select * from image_transfer where phase = :p order by created_at").param("p", phase.name())
                .query(ImageTransferRepository::map).list();
    }

    void insert(ImageTransfer t) {
        jdbc.sql("""
                insert into image_transfer(id, disk_id, disk_name, storage_domain_id, host_id, content, format, total_bytes, staged_bytes,
                                           phase, message, created_at, updated_at)
                values (:id, :disk, :name, :sd, :host, :content, :format, :total, :staged, :phase, :message, :created, :updated)""")
                .param("id", t.id()).param("disk", t.diskId()).param("name", t.diskName()).param("sd", t.storageDomainId())
                .param("host", t.hostId()).param("content", t.content()).param("format", t.format()).param("total", t.totalBytes())
                .param("staged", t.stagedBytes()).param("phase", t.phase().name()).param("message", t.message())
                .param("created", Timestamp.from(t.createdAt())).param("updated", Timestamp.from(t.updatedAt())).update();
    }

    /** Records how much the host has staged (the phase is left alone: a cancel may have come meanwhile). */
    void recordStaged(UUID id, long bytes, Instant at) {
        jdbc.sql("update image_transfer set staged_bytes = :b, updated_at = :at where id = :id")
                .param("b", bytes).param("at", Timestamp.from(at)).param("id", id).update();
    }

    /** Moves the transfer from one phase to another, only if it is still in the first; false when it was not. */
    boolean changePhase(UUID id, Phase from, Phase to, String message, Instant at) {
        return jdbc.sql("update image_transfer set phase = :to, message = :m, updated_at = :at where id = :id and phase = :from")
                .param("to", to.name()).param("m", message).param("at", Timestamp.from(at)).param("id", id).param("from", from.name())
                .update() == 1;
    }

    private static ImageTransfer map(ResultSet rs, int row) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        return new ImageTransfer(id, rs.getObject("disk_id", UUID.class), rs.getString("disk_name"), rs.getObject("storage_domain_id", UUID.class),
                rs.getObject("host_id", UUID.class), rs.getString("content"), rs.getString("format"), rs.getLong("total_bytes"),
                rs.getLong("staged_bytes"), Phase.valueOf(rs.getString("phase")), rs.getString("message"), ImageTransfer.urlOf(id),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
