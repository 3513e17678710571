package dev.flotilla.manager.datacenter;

import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.ListResponse;
import dev.flotilla.manager.api.NotFoundException;
import dev.flotilla.manager.api.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class DataCenterRepository {

    private final JdbcClient jdbc;

    DataCenterRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public ListResponse<DataCenter> list(PageRequest page) {
        var items = jdbc.sql("select * from datacenter order by name limit :l offset :o")
                .param("l", page.size()).param("o", page.offset()).query(DataCenterRepository::map).list();
        return new ListResponse<>(items, jdbc.sql("select count(*) from datacenter").query(Long.class).single());
    }

    public Optional<DataCenter> find(UUID id) {
        return jdbc.sql("select * from datacenter where id = :id").param("id", id).query(DataCenterRepository::map).optional();
    }

    public DataCenter get(UUID id) {
        return find(id).orElseThrow(() -> new NotFoundException("data center", id));
    }

    public Optional<DataCenter> findByName(String name) {
        return jdbc.sql("select * from datacenter where name = :n").param("n", name).query(DataCenterRepository::map).optional();
    }

    public void insert(DataCenter dc) {
        jdbc.sql("insert into datacenter(id, name, description) values (:id, :name, :d)")
                .param("id", dc.id()).param("name", dc.name()).param("d", dc.description()).update();
    }

    public void update(DataCenter dc) {
        int n = jdbc.sql("update datacenter set name = :name, description = :d, version = version + 1 where id = :id and version = :v")
                .param("id", dc.id()).param("name", dc.name()).param("d", dc.description()).param("v", dc.version()).update();
        if (n == 0) {
            throw new ConflictException("data center %s was changed by someone else (version %d is stale); read it again".formatted(dc.name(), dc.version()));
        }
    }

    public void delete(UUID id) {
        jdbc.sql("delete from datacenter where id = :id").param("id", id).update();
    }

    private static DataCenter map(ResultSet rs, int row) throws SQLException {
        return new DataCenter(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("description"),
                rs.getLong("version"), rs.getTimestamp("created_at").toInstant());
    }
}
