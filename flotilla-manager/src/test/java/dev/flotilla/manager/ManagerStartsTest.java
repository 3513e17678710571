package dev.flotilla.manager;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@ManagerTest
class ManagerStartsTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void migratesTheRealDatabase() {
        Integer tables = jdbc.sql("select count(*) from information_schema.tables where table_name in ('datacenter','cluster')")
                .query(Integer.class).single();
        assertThat(tables).isEqualTo(2);
    }
}
