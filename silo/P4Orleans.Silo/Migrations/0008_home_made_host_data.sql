-- A database of release 1 (the home-made grain host) moves into the Orleans shape, then the home-made
-- tables go (silo/README.md, "Upgrade from release 1"). The migration runs in one transaction: either
-- everything moved and the old tables are gone, or nothing changed.
--
-- Grain rows without state (a turn that committed nothing left them) have no grain to move; grain types
-- other than dossier and bailiff were never the platform's. Neither moves, and nor does their journal.

-- The service id is the node's configuration (Silo:ServiceId), which SQL cannot read: the migrator
-- passes it as the setting p4.service_id; the default is the platform's default service id.
CREATE TEMP TABLE p4_upgrade ON COMMIT DROP AS
SELECT coalesce(nullif(current_setting('p4.service_id', true), ''), 'p4orleans') AS service_id;

-- An instant as System.Text.Json writes a DateTimeOffset at offset zero: "2026-03-02T09:00:00+00:00",
-- with the fraction of a second only when there is one, without its trailing zeros.
CREATE FUNCTION pg_temp.p4_json_instant(value timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT to_char(value AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
        || CASE WHEN extract(microseconds FROM value)::bigint % 1000000 = 0 THEN ''
                ELSE '.' || rtrim(to_char(value AT TIME ZONE 'UTC', 'US'), '0') END
        || '+00:00'
$$;

CREATE TEMP TABLE p4_upgrade_grains ON COMMIT DROP AS
SELECT grain_type, grain_id, version, state, idx_amount, updated_at
FROM grain_state
WHERE grain_type IN ('dossier', 'bailiff') AND state IS NOT NULL AND jsonb_typeof(state) = 'object';

-- The journal: each grain's entries in their order, numbered 1..n.
INSERT INTO journal (service_id, grain_type, grain_key, seq, at, kind, data)
SELECT u.service_id, j.grain_type, j.grain_id,
       row_number() OVER (PARTITION BY j.grain_type, j.grain_id ORDER BY j.seq),
       j.at, j.kind, j.data
FROM grain_journal j
JOIN p4_upgrade_grains g ON g.grain_type = j.grain_type AND g.grain_id = j.grain_id
CROSS JOIN p4_upgrade u;

-- Release 1 counted an office's performance in its state (the counters its messages moved); this release
-- counts it from the dossiers' journal, whose office-* entries release 1 never wrote. The counters as
-- release 1 last showed them close each office's own journal, so that they outlive the office's next
-- write (which drops them from its state) and can be added to what the journal counts from now on.
-- Release 1 did write 'dispatched' entries (now in the dossiers' journal): how many name the office is
-- kept beside its 'assigned' counter, so that counting them as well counts no assignment twice.
-- The dossiers' journal is moved above, so the count is over what moved.
INSERT INTO journal (service_id, grain_type, grain_key, seq, at, kind, data)
SELECT u.service_id, 'bailiff', g.grain_id,
       1 + (SELECT count(*) FROM journal j WHERE j.service_id = u.service_id AND j.grain_type = 'bailiff' AND j.grain_key = g.grain_id),
       now(), 'release-1-performance',
       jsonb_build_object('officeId', g.grain_id,
                          'assigned', coalesce((g.state ->> 'assigned')::bigint, 0),
                          'accepted', coalesce((g.state ->> 'accepted')::bigint, 0),
                          'refused', coalesce((g.state ->> 'refused')::bigint, 0),
                          'missedAcceptanceDeadlines', coalesce((g.state ->> 'missedAcceptanceDeadlines')::bigint, 0),
                          'served', coalesce((g.state ->> 'served')::bigint, 0),
                          'totalDaysToService', coalesce((g.state ->> 'totalDaysToService')::bigint, 0),
                          'dispatchedInJournal', (SELECT count(*) FROM journal d
                                                  WHERE d.service_id = u.service_id AND d.grain_type = 'dossier'
                                                    AND d.kind = 'dispatched' AND d.office_id = g.grain_id))
FROM p4_upgrade_grains g
CROSS JOIN p4_upgrade u
WHERE g.grain_type = 'bailiff';

-- Dossiers: the state as it was, plus its pending reminders as wake-ups (state is the truth now), the
-- earliest of them, the next pending key date, its balance and its journal's length. Release 1 kept the
-- balance out of the state (it is computed from the ledger's entries) and in its indexed column; the
-- generated column balance_cents reads it from the state's top level now.
INSERT INTO orleans_grain_state (service_id, state_name, grain_key, version, payload, modified_at)
SELECT u.service_id, 'dossier', g.grain_id, g.version,
       g.state || jsonb_build_object(
           'balanceCents', g.idx_amount,
           'wakeUps', coalesce(w.wake_ups, '{}'::jsonb),
           'nextDueAt', w.next_due_at,
           'nextDeadline', (
               SELECT k.value ->> 'date'
               FROM jsonb_each(CASE WHEN jsonb_typeof(g.state -> 'keyDates') = 'object' THEN g.state -> 'keyDates' ELSE '{}' END) k
               WHERE NOT coalesce((k.value ->> 'reached')::boolean, false)
               ORDER BY orleans_json_instant(k.value ->> 'dueAt'), (k.value ->> 'name') COLLATE "C"
               LIMIT 1),
           'journalSeq', (SELECT count(*) FROM journal j
                          WHERE j.service_id = u.service_id AND j.grain_type = 'dossier' AND j.grain_key = g.grain_id),
           'pendingJournal', '[]'::jsonb,
           'appliedMessages', '[]'::jsonb),
       g.updated_at
FROM p4_upgrade_grains g
CROSS JOIN p4_upgrade u
LEFT JOIN LATERAL (
    SELECT jsonb_object_agg(r.name, pg_temp.p4_json_instant(r.due_at)) AS wake_ups,
           pg_temp.p4_json_instant(min(r.due_at)) AS next_due_at
    FROM reminders r
    WHERE r.grain_type = 'dossier' AND r.grain_id = g.grain_id) w ON true
WHERE g.grain_type = 'dossier';

-- Offices: the state without its load bookkeeping (the load is a count over the dossiers now). The
-- reassignment requests an office had sent and that were still pending become its outbox: one entry per
-- status change (every request of one change asked the same of each dossier of the office), oldest first,
-- under the id of its first request. Requests set aside as dead were never to be delivered again and go.
INSERT INTO orleans_grain_state (service_id, state_name, grain_key, version, payload, modified_at)
SELECT u.service_id, 'bailiff', g.grain_id, g.version,
       (g.state - 'open' - 'released' - 'load') || jsonb_build_object(
           'outbox', coalesce(o.entries, '[]'::jsonb),
           'journalSeq', (SELECT count(*) FROM journal j
                          WHERE j.service_id = u.service_id AND j.grain_type = 'bailiff' AND j.grain_key = g.grain_id)),
       g.updated_at
FROM p4_upgrade_grains g
CROSS JOIN p4_upgrade u
LEFT JOIN LATERAL (
    SELECT jsonb_agg(jsonb_build_object('messageId', c.message_id, 'officeStatus', c.office_status) ORDER BY c.first_sent, c.message_id) AS entries
    FROM (SELECT m.payload ->> 'officeStatus' AS office_status,
                 (array_agg(m.id ORDER BY m.sent_at, m.id))[1] AS message_id,
                 min(m.sent_at) AS first_sent
          FROM outbox m
          WHERE m.message_type = 'dossier.reassignment-requested' AND NOT m.dead
            AND m.payload ->> 'officeId' = g.grain_id
          GROUP BY m.payload ->> 'officeStatus') c) o ON true
WHERE g.grain_type = 'bailiff';

-- The home-made host's tables. Pending dossier -> office messages go with the outbox: they only kept
-- the office's load, which is now counted from the dossiers.
DROP TABLE outbox;
DROP TABLE inbox;
DROP TABLE reminders;
DROP TABLE grain_journal;
DROP TABLE grain_state;
DROP TABLE nodes;
DROP FUNCTION pg_temp.p4_json_instant(timestamptz);
