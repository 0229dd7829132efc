-- Per-dossier data keys, documents, intake idempotency and bulk jobs.

-- A dossier's data key, wrapped by a master key kept outside the database. Deleting the row destroys
-- every sealed value of the dossier at once.
CREATE TABLE dossier_keys (
    dossier_id   text        PRIMARY KEY,
    wrapped_key  bytea       NOT NULL,
    created_at   timestamptz NOT NULL
);

-- Documents of a dossier (scanned titles, bailiffs' acts, central-file extracts). Content is sealed
-- with the dossier's key; metadata stays after a purge, the content does not.
CREATE TABLE documents (
    id            uuid        PRIMARY KEY,
    dossier_id    text        NOT NULL,
    kind          text        NOT NULL,
    content_type  text        NOT NULL,
    size_bytes    bigint      NOT NULL,
    sha256        bytea       NOT NULL,
    content       bytea,
    uploaded_by   uuid,
    uploaded_at   timestamptz NOT NULL,
    purged_at     timestamptz
);
CREATE INDEX documents_dossier ON documents (dossier_id);

-- ONSS's reference of a title: one dossier per reference, with the hash of the payload it came with.
CREATE TABLE dossier_intake (
    onss_reference  text        PRIMARY KEY,
    dossier_id      text        NOT NULL UNIQUE,
    payload_sha256  bytea       NOT NULL,
    job_id          uuid,
    received_at     timestamptz NOT NULL
);

-- A bulk submission and its progress.
CREATE TABLE intake_jobs (
    id           uuid        PRIMARY KEY,
    submitted_by uuid,
    status       text        NOT NULL,
    lines_read   integer     NOT NULL DEFAULT 0,
    accepted     integer     NOT NULL DEFAULT 0,
    duplicates   integer     NOT NULL DEFAULT 0,
    rejected     integer     NOT NULL DEFAULT 0,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz,
    results      jsonb
);
