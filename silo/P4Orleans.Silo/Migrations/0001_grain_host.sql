-- The grain host: state, journal, reminders, messages, nodes.

CREATE TABLE grain_state (
    grain_type   text        NOT NULL,
    grain_id     text        NOT NULL,
    version      bigint      NOT NULL DEFAULT 0,
    state        jsonb,
    idx_status   text,
    idx_owner    text,
    idx_group    text,
    idx_amount   bigint,
    idx_date     date,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (grain_type, grain_id)
);
CREATE INDEX grain_state_status ON grain_state (grain_type, idx_status);
CREATE INDEX grain_state_owner ON grain_state (grain_type, idx_owner, idx_status);
CREATE INDEX grain_state_group ON grain_state (grain_type, idx_group, idx_status);

CREATE TABLE grain_journal (
    seq          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    grain_type   text        NOT NULL,
    grain_id     text        NOT NULL,
    version      bigint      NOT NULL,
    at           timestamptz NOT NULL,
    kind         text        NOT NULL,
    data         jsonb
);
CREATE INDEX grain_journal_grain ON grain_journal (grain_type, grain_id, seq);

CREATE TABLE reminders (
    grain_type   text        NOT NULL,
    grain_id     text        NOT NULL,
    name         text        NOT NULL,
    due_at       timestamptz NOT NULL,
    period_us    bigint,
    lease_until  timestamptz,
    lease_owner  text,
    PRIMARY KEY (grain_type, grain_id, name),
    CHECK (period_us IS NULL OR period_us > 0)
);
CREATE INDEX reminders_due ON reminders (due_at);

CREATE TABLE outbox (
    id              uuid        PRIMARY KEY,
    target_type     text        NOT NULL,
    target_id       text        NOT NULL,
    message_type    text        NOT NULL,
    payload         jsonb       NOT NULL,
    sender_type     text,
    sender_id       text,
    sent_at         timestamptz NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    lease_until     timestamptz,
    lease_owner     text,
    dead            boolean     NOT NULL DEFAULT false,
    last_error      text
);
CREATE INDEX outbox_ready ON outbox (next_attempt_at) WHERE NOT dead;

CREATE TABLE inbox (
    grain_type   text        NOT NULL,
    grain_id     text        NOT NULL,
    message_id   uuid        NOT NULL,
    received_at  timestamptz NOT NULL,
    PRIMARY KEY (grain_type, grain_id, message_id)
);
CREATE INDEX inbox_received ON inbox (received_at);

CREATE TABLE nodes (
    node_id      text        PRIMARY KEY,
    role         text        NOT NULL,
    version      text        NOT NULL,
    host_name    text        NOT NULL,
    pid          integer     NOT NULL,
    started_at   timestamptz NOT NULL,
    last_beat    timestamptz NOT NULL,
    stopped_at   timestamptz,
    in_flight    integer     NOT NULL DEFAULT 0,
    turns_total  bigint      NOT NULL DEFAULT 0,
    reminders_fired bigint   NOT NULL DEFAULT 0,
    messages_delivered bigint NOT NULL DEFAULT 0,
    reminder_lateness_p50_ms double precision,
    reminder_lateness_p99_ms double precision
);
