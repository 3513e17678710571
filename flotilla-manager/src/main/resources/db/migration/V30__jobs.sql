-- Jobs: long actions with steps and progress (DESIGN decision 7), and the objects each concerns.

CREATE TABLE job (
    id           uuid PRIMARY KEY,
    description  varchar(1024) NOT NULL,
    status       varchar(16) NOT NULL,            -- running, finished, failed, cancelled
    progress     int NOT NULL DEFAULT 0,          -- percent, 0..100
    owner        varchar(255) NOT NULL,           -- the user who started it, or "system"
    reason       varchar(4000) NOT NULL DEFAULT '', -- why it failed or was cancelled
    manager_run  uuid NOT NULL,                   -- the manager process that runs it: a dead one's jobs are failed at start
    started_at   timestamptz NOT NULL DEFAULT now(),
    ended_at     timestamptz
);
CREATE INDEX job_started ON job(started_at DESC);
CREATE INDEX job_running ON job(status) WHERE status = 'running';

CREATE TABLE job_object (
    job_id      uuid NOT NULL REFERENCES job(id) ON DELETE CASCADE,
    position    int NOT NULL,                     -- 0: the object the job is mainly about
    object_type varchar(32) NOT NULL,
    object_id   uuid NOT NULL,
    object_name varchar(255) NOT NULL DEFAULT '',
    PRIMARY KEY (job_id, position)
);
CREATE INDEX job_object_id ON job_object(object_id);

CREATE TABLE job_step (
    job_id      uuid NOT NULL REFERENCES job(id) ON DELETE CASCADE,
    number      int NOT NULL,
    description varchar(1024) NOT NULL,
    status      varchar(16) NOT NULL,             -- running, finished, failed, cancelled
    started_at  timestamptz NOT NULL DEFAULT now(),
    ended_at    timestamptz,
    PRIMARY KEY (job_id, number)
);
