package dev.flotilla.manager.events;

import dev.flotilla.manager.api.ListResponse;
import dev.flotilla.manager.api.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads the event log, newest first. */
@Repository
public class EventRepository {

    private final JdbcClient jdbc;

    EventRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public ListResponse<Event> find(UUID objectId, ObjectType objectType, PageRequest page) {
        String where = " where (cast(:oid as uuid) is null or object_id = :oid) and (cast(:otype as varchar) is null or object_type = :otype)";
        var items = jdbc.sql("select * from event" + where + " order by id desc limit :limit offset :offset")
                .param("oid", objectId)
                .param("otype", objectType == null ? null : objectType.label())
                .param("limit", page.size())
                .param("offset", page.offset())
                .query(EventRepository::map).list();
        long total = jdbc.sql("select count(*) from event" + where)
                .param("oid", objectId)
                .param("otype", objectType == null ? null : objectType.label())
                .query(Long.class).single();
        return new ListResponse<>(items, total);
    }

    private static Event map(ResultSet rs, int row) throws SQLException {
        return new Event(rs.getLong("id"), rs.getTimestamp("time").toInstant(), rs.getString("severity"),
                rs.getString("object_type"), rs.getObject("object_id", UUID.class), rs.getString("object_name"),
                rs.getString("username"), rs.getString("message"));
    }
}
