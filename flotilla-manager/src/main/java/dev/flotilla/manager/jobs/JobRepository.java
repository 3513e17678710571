package dev.flotilla.manager.jobs;

import dev.flotilla.manager.api.ListResponse;
import dev.flotilla.manager.api.NotFoundException;
import dev.flotilla.manager.api.PageRequest;
import dev.flotilla.manager.events.ObjectRef;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The job tables: a job, the objects it concerns, its steps. */
@Repository
class JobRepository {

    private static final String WHERE = """
             where (cast(:status as varchar) is null or j.status = :status)
               and (cast(:oid as uuid) is null or exists (select 1 from job_object o where o.job_id = j.id and o.object_id = :oid))""";

    private final JdbcClient jdbc;

    JobRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, String description, String owner, UUID run, Instant now, List<ObjectRef> objects) {
        jdbc.sql("insert into job(id, description, status, owner, manager_run, started_at) values (:id, :d, 'running', :o, :run, :t)")
                .param("id", id).param("d", clip(description, 1024)).param("o", owner).param("run", run)
                .param("t", Timestamp.from(now)).update();
        for (int i = 0; i < objects.size(); i++) {
            ObjectRef o = objects.get(i);
            jdbc.sql("insert into job_object(job_id, position, object_type, object_id, object_name) values (:j, :p, :t, :id, :n)")
                    .param("j", id).param("p", i).param("t", o.type().label()).param("id", o.id())
                    .param("n", o.name() == null ? "" : clip(o.name(), 255)).update();
        }
    }

    /** Ends the running step (if any) and starts step {@code number}. */
    void step(UUID job, int number, String description, Instant now) {
        endSteps(job, JobStatus.finished, now);
        jdbc.sql("insert into job_step(job_id, number, description, status, started_at) values (:j, :n, :d, 'running', :t)")
                .param("j", job).param("n", number).param("d", clip(description, 1024)).param("t", Timestamp.from(now)).update();
    }

    void progress(UUID job, int percent) {
        jdbc.sql("update job set progress = :p where id = :id and status = 'running'").param("p", percent).param("id", job).update();
    }

    /** Ends a running job; false when it had ended already (its end is kept). */
    boolean end(UUID job, JobStatus status, String reason, Instant now) {
        endSteps(job, status, now);
        return jdbc.sql("""
                update job set status = :s, reason = :r, ended_at = :t,
                       progress = case when :s = 'finished' then 100 else progress end
                 where id = :id and status = 'running'""")
                .param("s", status.name()).param("r", clip(reason, 4000)).param("t", Timestamp.from(now)).param("id", job)
                .update() == 1;
    }

    /** Fails the running jobs of every manager process but {@code run}; answers their ids. */
    List<UUID> failOrphans(UUID run, String reason, Instant now) {
        List<UUID> ids = jdbc.sql("select id from job where status = 'running' and manager_run <> :run")
                .param("run", run).query(UUID.class).list();
        ids.forEach(id -> end(id, JobStatus.failed, reason, now));
        return ids;
    }

    boolean runningIn(UUID run, UUID objectId) {
        return jdbc.sql("""
                select exists(select 1 from job j join job_object o on o.job_id = j.id
                              where j.status = 'running' and j.manager_run = :run and o.object_id = :o)""")
                .param("run", run).param("o", objectId).query(Boolean.class).single();
    }

    Optional<Job> find(UUID id) {
        return jdbc.sql("select * from job j where id = :id").param("id", id).query(this::map).optional();
    }

    Job get(UUID id) {
        return find(id).orElseThrow(() -> new NotFoundException("job", id));
    }

    ListResponse<Job> list(JobStatus status, UUID objectId, PageRequest page) {
        var items = jdbc.sql("select * from job j " + WHERE + " order by started_at desc, id limit :limit offset :offset")
                .param("status", status == null ? null : status.name()).param("oid", objectId)
                .param("limit", page.size()).param("offset", page.offset())
                .query(this::map).list();
        long total = jdbc.sql("select count(*) from job j " + WHERE)
                .param("status", status == null ? null : status.name()).param("oid", objectId).query(Long.class).single();
        return new ListResponse<>(items, total);
    }

    private void endSteps(UUID job, JobStatus status, Instant now) {
        jdbc.sql("update job_step set status = :s, ended_at = :t where job_id = :j and status = 'running'")
                .param("s", status.name()).param("t", Timestamp.from(now)).param("j", job).update();
    }

    private Job map(ResultSet rs, int row) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        List<Job.JobObject> objects = jdbc.sql("select * from job_object where job_id = :j order by position").param("j", id)
                .query((r, n) -> new Job.JobObject(r.getString("object_type"), r.getObject("object_id", UUID.class), r.getString("object_name")))
                .list();
        List<Job.Step> steps = jdbc.sql("select * from job_step where job_id = :j order by number").param("j", id)
                .query((r, n) -> new Job.Step(r.getInt("number"), r.getString("description"), JobStatus.parse(r.getString("status")),
                        instant(r, "started_at"), instant(r, "ended_at")))
                .list();
        return new Job(id, rs.getString("description"), JobStatus.parse(rs.getString("status")), rs.getInt("progress"),
                rs.getString("owner"), rs.getString("reason"), instant(rs, "started_at"), instant(rs, "ended_at"), objects, steps);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static String clip(String s, int max) {
        String v = s == null ? "" : s;
        return v.length() > max ? v.substring(0, max - 1) + "…" : v;
    }
}
