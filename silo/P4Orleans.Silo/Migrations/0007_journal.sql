-- The grains' journal, out of the state that every command rewrites: an append-only table. A grain records
-- its turn's entries in its state (pendingJournal, numbered by seq); the storage write below appends them
-- in the same statement as the state, idempotent on (grain, seq), and the grain drops them after the write.
-- So the history never grows the state, and an entry is in the journal exactly when its state is stored.
CREATE TABLE journal (
    service_id text        NOT NULL,
    grain_type text        NOT NULL,
    grain_key  text        NOT NULL,
    seq        bigint      NOT NULL,
    at         timestamptz NOT NULL,
    kind       text        NOT NULL,
    data       jsonb,
    -- The office an entry concerns: an office's performance is counted from its dossiers' entries.
    office_id  text GENERATED ALWAYS AS (data ->> 'officeId') STORED,
    PRIMARY KEY (service_id, grain_type, grain_key, seq)
);
CREATE INDEX journal_office ON journal (service_id, office_id, kind) WHERE office_id IS NOT NULL;

UPDATE OrleansQuery SET QueryText = $q$
WITH p AS (
    SELECT convert_from(@PayloadBinary, 'UTF8')::jsonb AS doc,
           orleans_grain_key(@GrainIdN0, @GrainIdN1, @GrainIdExtensionString) AS k),
ins AS (
    INSERT INTO orleans_grain_state (service_id, state_name, grain_key, version, payload, modified_at)
    SELECT @ServiceId, @GrainTypeString, p.k, 1, p.doc, now() FROM p
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT (service_id, state_name, grain_key) DO NOTHING
    RETURNING version),
upd AS (
    UPDATE orleans_grain_state s
    SET version = s.version + 1, payload = p.doc, modified_at = now()
    FROM p
    WHERE s.service_id = @ServiceId AND s.state_name = @GrainTypeString AND s.grain_key = p.k
      AND s.version = @GrainStateVersion
    RETURNING s.version),
w AS (SELECT version FROM ins UNION ALL SELECT version FROM upd LIMIT 1),
j AS (
    INSERT INTO journal (service_id, grain_type, grain_key, seq, at, kind, data)
    SELECT @ServiceId, @GrainTypeString, p.k, (e ->> 'seq')::bigint, (e ->> 'at')::timestamptz, e ->> 'kind',
           nullif(e -> 'data', 'null'::jsonb)
    FROM p, jsonb_array_elements(coalesce(p.doc -> 'pendingJournal', '[]'::jsonb)) e
    WHERE EXISTS (SELECT 1 FROM w)
    ON CONFLICT DO NOTHING)
SELECT (SELECT version FROM w) AS NewGrainStateVersion
$q$
WHERE QueryKey = 'WriteToStorageKey';

-- A running bulk job's node beats for it: a job nobody beats for is interrupted (its node died). This replaces
-- the first release's table of node heartbeats.
ALTER TABLE intake_jobs ADD COLUMN heartbeat_at timestamptz;

-- The balance is the dossier state's own top-level figure (the ledger keeps its parts only).
ALTER TABLE orleans_grain_state DROP COLUMN balance_cents;
ALTER TABLE orleans_grain_state ADD COLUMN balance_cents bigint GENERATED ALWAYS AS
    (CASE WHEN state_name = 'dossier' THEN (payload ->> 'balanceCents')::bigint END) STORED;

-- A string key that parses as a Guid (a dossier id is 32 hex digits) or as an integer reaches the storage as
-- Orleans' halves N0/N1, not as the string: give it back its canonical text (the Guid in "N" format, from the
-- bytes of Guid.ToByteArray; the integer in decimal), so that the grain's row carries the key the platform uses.
CREATE OR REPLACE FUNCTION orleans_grain_key(n0 bigint, n1 bigint, extension text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN n0 = 0 AND n1 = 0 AND extension IS NOT NULL THEN extension
        WHEN n0 = 0 THEN n1::text || coalesce('+' || extension, '')
        ELSE (SELECT string_agg(lpad(to_hex((CASE WHEN i < 8 THEN n0 ELSE n1 END >> (8 * (i % 8))) & 255), 2, '0'), '' ORDER BY o)
              FROM unnest(ARRAY[3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15]) WITH ORDINALITY AS b(i, o))
             || coalesce('+' || extension, '')
    END
$$;
