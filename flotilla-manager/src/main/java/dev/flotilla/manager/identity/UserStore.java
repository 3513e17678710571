package dev.flotilla.manager.identity;

import dev.flotilla.manager.identity.access.AccessCache;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Users and groups of every domain in the database, and the membership rows. */
@Repository
class UserStore {

    private final JdbcClient jdbc;
    private final AccessCache access;

    UserStore(JdbcClient jdbc, AccessCache access) {
        this.jdbc = jdbc;
        this.access = access;
    }

    List<UserResponse> users() {
        return jdbc.sql("select * from app_user order by username").query(this::userRow).list();
    }

    Optional<UserResponse> user(UUID id) {
        return jdbc.sql("select * from app_user where id = :id").param("id", id).query(this::userRow).optional();
    }

    Optional<UserResponse> userNamed(String username) {
        return jdbc.sql("select * from app_user where lower(username) = lower(:u)").param("u", username).query(this::userRow).optional();
    }

    void insertUser(UUID id, String username, String domain, String hash, String displayName, String email) {
        jdbc.sql("""
                insert into app_user(id, username, domain, password_hash, display_name, email)
                values (:id, :u, :d, :h, :n, :e)""")
                .param("id", id).param("u", username).param("d", domain).param("h", hash).param("n", displayName)
                .param("e", email).update();
        access.changed();
    }

    void updateUser(UUID id, String hash, String displayName, String email, boolean disabled, boolean unlock) {
        jdbc.sql("""
                update app_user set password_hash = coalesce(:h, password_hash), display_name = :n, email = :e,
                disabled = :dis, failed_logins = case when :unlock then 0 else failed_logins end,
                locked_until = case when :unlock then null else locked_until end where id = :id""")
                .param("id", id).param("h", hash).param("n", displayName).param("e", email).param("dis", disabled)
                .param("unlock", unlock).update();
        access.changed();
    }

    void deleteUser(UUID id) {
        jdbc.sql("delete from permission where principal_id = :id").param("id", id).update();
        jdbc.sql("delete from app_user where id = :id").param("id", id).update();
        access.changed();
    }

    List<GroupResponse> groups() {
        return jdbc.sql("select * from app_group order by name").query(this::groupRow).list();
    }

    Optional<GroupResponse> group(UUID id) {
        return jdbc.sql("select * from app_group where id = :id").param("id", id).query(this::groupRow).optional();
    }

    Optional<GroupResponse> groupNamed(String name) {
        return jdbc.sql("select * from app_group where lower(name) = lower(:n)").param("n", name).query(this::groupRow).optional();
    }

    void insertGroup(UUID id, String name, String domain, String description) {
        jdbc.sql("insert into app_group(id, name, domain, description) values (:id, :n, :d, :desc)")
                .param("id", id).param("n", name).param("d", domain).param("desc", description).update();
        access.changed();
    }

    void deleteGroup(UUID id) {
        jdbc.sql("delete from permission where principal_id = :id").param("id", id).update();
        jdbc.sql("delete from app_group where id = :id").param("id", id).update();
        access.changed();
    }

    void addMember(UUID groupId, UUID userId) {
        jdbc.sql("insert into group_member(group_id, user_id) values (:g, :u) on conflict do nothing")
                .param("g", groupId).param("u", userId).update();
        access.changed();
    }

    void removeMember(UUID groupId, UUID userId) {
        jdbc.sql("delete from group_member where group_id = :g and user_id = :u").param("g", groupId).param("u", userId).update();
        access.changed();
    }

    private UserResponse userRow(ResultSet rs, int n) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        List<String> groups = jdbc.sql("select g.name from app_group g join group_member m on m.group_id = g.id where m.user_id = :u order by g.name")
                .param("u", id).query(String.class).list();
        return new UserResponse(id, rs.getString("username"), rs.getString("domain"), rs.getString("display_name"),
                rs.getString("email"), rs.getBoolean("disabled"), instant(rs.getTimestamp("locked_until")),
                instant(rs.getTimestamp("last_login_at")), groups);
    }

    private GroupResponse groupRow(ResultSet rs, int n) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        List<String> members = jdbc.sql("select u.username from app_user u join group_member m on m.user_id = u.id where m.group_id = :g order by u.username")
                .param("g", id).query(String.class).list();
        return new GroupResponse(id, rs.getString("name"), rs.getString("domain"), rs.getString("description"), members);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
