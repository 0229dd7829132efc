-- The security coordinator's and the data-protection manager's records (deliberation 17/006, §16, §19, §21):
-- users' periodic recertification, internal audit campaigns, incidents, backup and restore tests, and the yearly
-- security report's section the coordinator writes. None of them holds personal data (user ids only).

-- When a registrar last confirmed that an active user still needs their access; null: never (the registration counts).
ALTER TABLE users ADD COLUMN recertified_at timestamptz;
-- The users of an existing registry count as confirmed at the upgrade: their first recertification falls one period
-- later, instead of every account older than a period being suspended at the job's first run.
UPDATE users SET recertified_at = now() WHERE status = 'Active';

CREATE TABLE audit_campaigns (
    id           uuid        PRIMARY KEY,
    created_at   timestamptz NOT NULL,
    created_by   uuid        NOT NULL,
    title        text        NOT NULL,
    scope_from   date        NOT NULL,
    scope_to     date        NOT NULL,
    office_id    text,
    seed         bigint      NOT NULL,
    sample_size  integer     NOT NULL,
    -- The dossier ids and audit seqs drawn, as the platform drew them (jsonb: {dossierIds: [...], auditSeqs: [...]}).
    sample       jsonb       NOT NULL,
    findings     text,
    follow_up    text,
    closed_at    timestamptz
);

CREATE TABLE security_incidents (
    id           uuid        PRIMARY KEY,
    recorded_at  timestamptz NOT NULL,
    recorded_by  uuid        NOT NULL,
    occurred_on  date        NOT NULL,
    severity     text        NOT NULL CHECK (severity IN ('Low', 'Medium', 'High', 'Critical')),
    summary      text        NOT NULL,
    resolved_on  date
);
CREATE INDEX security_incidents_occurred ON security_incidents (occurred_on);

CREATE TABLE backup_tests (
    id           uuid        PRIMARY KEY,
    recorded_at  timestamptz NOT NULL,
    recorded_by  uuid        NOT NULL,
    kind         text        NOT NULL CHECK (kind IN ('Backup', 'Restore')),
    performed_on date        NOT NULL,
    succeeded    boolean     NOT NULL,
    notes        text
);
CREATE INDEX backup_tests_performed ON backup_tests (performed_on);

-- The yearly report's section the coordinator completes; editable until finalised, then frozen.
CREATE TABLE security_reports (
    year          integer     PRIMARY KEY,
    statement     text        NOT NULL,
    updated_at    timestamptz NOT NULL,
    updated_by    uuid        NOT NULL,
    finalised_at  timestamptz,
    finalised_by  uuid,
    -- The document as finalised (Markdown): a finalised year's report never changes.
    document      text
);
