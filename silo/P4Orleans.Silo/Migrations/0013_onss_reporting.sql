-- ONSS's change feed reads the journal in commit-safe order. A position from a sequence alone is not enough: a
-- later number can commit before an earlier one, and a reader whose cursor passed it would skip the earlier row
-- for ever. So each row also carries the id of the transaction that wrote it, and the feed reads, in (tx, position)
-- order, only rows of transactions older than the oldest one still running (pg_snapshot_xmin): every such
-- transaction has ended, so no row can appear later before the reader's cursor. Rows written before this migration
-- all get the migration's own transaction id and a position in their physical order.
ALTER TABLE journal ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE journal ADD COLUMN position bigint GENERATED ALWAYS AS IDENTITY;
CREATE INDEX journal_feed ON journal (service_id, tx, position) WHERE grain_type = 'dossier';
-- Reports count entries of a kind in a period.
CREATE INDEX journal_kind_at ON journal (service_id, kind, at) WHERE grain_type = 'dossier';

-- A closed period's report, stored by the first read after the period closed and returned byte for byte since.
CREATE TABLE report_snapshots (
    service_id  text        NOT NULL,
    period_from date        NOT NULL,
    period_to   date        NOT NULL,
    json        text        NOT NULL,
    csv         text        NOT NULL,
    stored_at   timestamptz NOT NULL,
    PRIMARY KEY (service_id, period_from, period_to)
);
