-- Bulk intake: each line's result in a table (never a list in memory), the node that runs a job (so that a
-- job left running by a dead node can be marked interrupted), and why a job ended the way it did.

ALTER TABLE intake_jobs ADD COLUMN node_id text;
ALTER TABLE intake_jobs ADD COLUMN reason text;
CREATE INDEX intake_jobs_running ON intake_jobs (started_at) WHERE status = 'running';

-- One row per non-blank line of a bulk file, written in the transaction of the chunk it belongs to.
CREATE TABLE intake_job_lines (
    job_id      uuid    NOT NULL REFERENCES intake_jobs (id),
    line        integer NOT NULL,
    outcome     text    NOT NULL,
    reference   text,
    dossier_id  text,
    errors      jsonb,
    PRIMARY KEY (job_id, line)
);
