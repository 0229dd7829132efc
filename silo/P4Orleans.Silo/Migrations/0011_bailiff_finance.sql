-- Bailiffs' financial management (art. 40 §7-8). A remittance statement is SQL over the dossiers' journal; once its
-- period is closed it is stored here on first reading and never recomputed, so that it never changes.
CREATE TABLE remittance_statements (
    service_id      text        NOT NULL,
    office_id       text        NOT NULL,
    period_start    date        NOT NULL,
    period_end      date        NOT NULL,
    due_on          date        NOT NULL,
    collected_cents bigint      NOT NULL,
    kept_cents      bigint      NOT NULL,
    due_cents       bigint      NOT NULL,
    body            jsonb       NOT NULL,
    closed_at       timestamptz NOT NULL,
    PRIMARY KEY (service_id, office_id, period_start)
);

-- The remittances an operator records as received for a closed statement; the reference is the bank's.
CREATE TABLE remittance_receipts (
    service_id   text        NOT NULL,
    office_id    text        NOT NULL,
    period_start date        NOT NULL,
    reference    text        NOT NULL,
    amount_cents bigint      NOT NULL CHECK (amount_cents > 0),
    received_on  date        NOT NULL,
    recorded_at  timestamptz NOT NULL,
    recorded_by  uuid,
    PRIMARY KEY (service_id, office_id, period_start, reference),
    FOREIGN KEY (service_id, office_id, period_start) REFERENCES remittance_statements
);

-- An office's facts that name no office (payments, seizures, escalations) are found through its dossiers: those
-- once dispatched to it.
CREATE INDEX journal_dispatched_office ON journal (service_id, office_id, grain_key) WHERE kind = 'dispatched';
