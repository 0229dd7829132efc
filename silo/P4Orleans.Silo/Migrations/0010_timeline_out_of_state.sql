-- The dossiers' timelines, out of the state that every command rewrites (and every activation holds): an
-- append-only table beside the journal. A turn numbers its timeline entries in the state (timelineSeq,
-- pendingTimeline); the storage write appends them in the statement that writes the state, idempotent on
-- (grain, seq); the rows it writes keep neither the pending journal nor the pending timeline.
CREATE TABLE timeline (
    service_id text   NOT NULL,
    grain_type text   NOT NULL,
    grain_key  text   NOT NULL,
    seq        bigint NOT NULL,
    -- The entry in the state's JSON shape (at, kind, status, detail, deadline with its French and Dutch, seq):
    -- history keeps the words it was written with.
    entry      jsonb  NOT NULL,
    PRIMARY KEY (service_id, grain_type, grain_key, seq)
);

-- Timelines written before (by release 1, moved by 0008, or by the grains since) move out of the payloads,
-- numbered in their order; the state keeps their count.
INSERT INTO timeline (service_id, grain_type, grain_key, seq, entry)
SELECT s.service_id, s.state_name, s.grain_key, e.n, e.entry || jsonb_build_object('seq', e.n)
FROM orleans_grain_state s, jsonb_array_elements(s.payload -> 'timeline') WITH ORDINALITY AS e(entry, n)
WHERE s.state_name = 'dossier' AND jsonb_typeof(s.payload -> 'timeline') = 'array';

UPDATE orleans_grain_state
SET payload = (payload - 'timeline')
              || jsonb_build_object('timelineSeq', CASE WHEN jsonb_typeof(payload -> 'timeline') = 'array'
                                                        THEN jsonb_array_length(payload -> 'timeline') ELSE 0 END)
WHERE state_name = 'dossier';

UPDATE OrleansQuery SET QueryText = $q$
WITH p AS (
    SELECT convert_from(@PayloadBinary, 'UTF8')::jsonb AS doc,
           orleans_grain_key(@GrainIdN0, @GrainIdN1, @GrainIdExtensionString) AS k),
r AS (SELECT p.doc - 'pendingJournal' - 'pendingTimeline' AS payload, p.k FROM p),
ins AS (
    INSERT INTO orleans_grain_state (service_id, state_name, grain_key, version, payload, modified_at)
    SELECT @ServiceId, @GrainTypeString, r.k, 1, r.payload, now() FROM r
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT (service_id, state_name, grain_key) DO NOTHING
    RETURNING version),
upd AS (
    UPDATE orleans_grain_state s
    SET version = s.version + 1, payload = r.payload, modified_at = now()
    FROM r
    WHERE s.service_id = @ServiceId AND s.state_name = @GrainTypeString AND s.grain_key = r.k
      AND s.version = @GrainStateVersion
    RETURNING s.version),
w AS (SELECT version FROM ins UNION ALL SELECT version FROM upd LIMIT 1),
j AS (
    INSERT INTO journal (service_id, grain_type, grain_key, seq, at, kind, data)
    SELECT @ServiceId, @GrainTypeString, p.k, (e ->> 'seq')::bigint, (e ->> 'at')::timestamptz, e ->> 'kind',
           nullif(e -> 'data', 'null'::jsonb)
    FROM p, jsonb_array_elements(coalesce(p.doc -> 'pendingJournal', '[]'::jsonb)) e
    WHERE EXISTS (SELECT 1 FROM w)
    ON CONFLICT DO NOTHING),
t AS (
    INSERT INTO timeline (service_id, grain_type, grain_key, seq, entry)
    SELECT @ServiceId, @GrainTypeString, p.k, (e ->> 'seq')::bigint, e
    FROM p, jsonb_array_elements(coalesce(p.doc -> 'pendingTimeline', '[]'::jsonb)) e
    WHERE EXISTS (SELECT 1 FROM w)
    ON CONFLICT DO NOTHING)
SELECT (SELECT version FROM w) AS NewGrainStateVersion
$q$
WHERE QueryKey = 'WriteToStorageKey';
