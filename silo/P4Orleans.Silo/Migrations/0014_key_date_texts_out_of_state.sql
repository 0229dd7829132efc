-- The reasons of the dossiers' key dates (the law engine's sentences in French and Dutch), out of the state that
-- every command rewrites and every activation holds: they were most of a dossier's stored state (2.5 of 2.8 KB on
-- average), which put the row over PostgreSQL's TOAST threshold, so that every command also rewrote a TOAST value.
-- One row per dossier and date name: the reason of the date last set under that name. A turn that sets dates carries
-- their reasons in the state it writes (pendingKeyDateTexts, by name); the storage write keeps them here in the
-- statement that writes the state, and the stored row keeps none of them.
CREATE TABLE key_date_texts (
    service_id text NOT NULL,
    grain_type text NOT NULL,
    grain_key  text NOT NULL,
    name       text NOT NULL,
    french     text NOT NULL,
    dutch      text NOT NULL,
    PRIMARY KEY (service_id, grain_type, grain_key, name)
);

-- Reasons stored before (by the grains since 0005, or by release 1 and moved by 0008) move out of the payloads.
INSERT INTO key_date_texts (service_id, grain_type, grain_key, name, french, dutch)
SELECT s.service_id, s.state_name, s.grain_key, k.key, k.value ->> 'french', k.value ->> 'dutch'
FROM orleans_grain_state s, jsonb_each(s.payload -> 'keyDates') k
WHERE s.state_name = 'dossier' AND jsonb_typeof(s.payload -> 'keyDates') = 'object'
  AND jsonb_typeof(k.value -> 'french') = 'string' AND jsonb_typeof(k.value -> 'dutch') = 'string';

UPDATE orleans_grain_state s
SET payload = jsonb_set(s.payload, '{keyDates}',
        (SELECT coalesce(jsonb_object_agg(k.key, k.value - 'french' - 'dutch'), '{}'::jsonb) FROM jsonb_each(s.payload -> 'keyDates') k))
WHERE s.state_name = 'dossier' AND jsonb_typeof(s.payload -> 'keyDates') = 'object';

-- The write query again, for two more reasons.
-- 1. The timeline's entries of dates moved, cancelled or reached name their reason: a turn that ends a date set by an
--    earlier one no longer has it in memory and leaves it null; the write fills it from the row above as it was before
--    the statement (a date set by this same turn carries its reason itself). A scalar subquery on the whole primary
--    key, evaluated only for such an entry: a join there was planned as a hash join over the whole table.
-- 2. The row is found by its key computed from the parameters, not by a join with a CTE: Npgsql prepares the
--    statement, and PostgreSQL's generic plan for the join scanned an index on service_id alone (hundreds of rows a
--    write) instead of the primary key.
UPDATE OrleansQuery SET QueryText = $q$
WITH p AS (
    SELECT convert_from(@PayloadBinary, 'UTF8')::jsonb AS doc,
           orleans_grain_key(@GrainIdN0, @GrainIdN1, @GrainIdExtensionString) AS k),
ins AS (
    INSERT INTO orleans_grain_state (service_id, state_name, grain_key, version, payload, modified_at)
    SELECT @ServiceId, @GrainTypeString, p.k, 1, p.doc - 'pendingJournal' - 'pendingTimeline' - 'pendingKeyDateTexts', now() FROM p
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT (service_id, state_name, grain_key) DO NOTHING
    RETURNING version),
upd AS (
    UPDATE orleans_grain_state s
    SET version = s.version + 1,
        payload = (SELECT p.doc - 'pendingJournal' - 'pendingTimeline' - 'pendingKeyDateTexts' FROM p),
        modified_at = now()
    WHERE s.service_id = @ServiceId AND s.state_name = @GrainTypeString
      AND s.grain_key = orleans_grain_key(@GrainIdN0, @GrainIdN1, @GrainIdExtensionString)
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
    SELECT @ServiceId, @GrainTypeString, p.k, (e ->> 'seq')::bigint,
           CASE WHEN jsonb_typeof(e -> 'deadline') = 'object' AND jsonb_typeof(e -> 'deadline' -> 'french') IS DISTINCT FROM 'string'
                THEN jsonb_set(e, '{deadline}', (e -> 'deadline') || coalesce(
                         (SELECT jsonb_build_object('french', x.french, 'dutch', x.dutch) FROM key_date_texts x
                          WHERE x.service_id = @ServiceId AND x.grain_type = @GrainTypeString AND x.grain_key = p.k
                            AND x.name = e -> 'deadline' ->> 'name'), '{}'::jsonb))
                ELSE e END
    FROM p, jsonb_array_elements(coalesce(p.doc -> 'pendingTimeline', '[]'::jsonb)) e
    WHERE EXISTS (SELECT 1 FROM w)
    ON CONFLICT DO NOTHING),
kt AS (
    INSERT INTO key_date_texts (service_id, grain_type, grain_key, name, french, dutch)
    SELECT @ServiceId, @GrainTypeString, p.k, e.key, e.value ->> 'french', e.value ->> 'dutch'
    FROM p, jsonb_each(coalesce(p.doc -> 'pendingKeyDateTexts', '{}'::jsonb)) e
    WHERE EXISTS (SELECT 1 FROM w)
    ON CONFLICT (service_id, grain_type, grain_key, name) DO UPDATE SET french = EXCLUDED.french, dutch = EXCLUDED.dutch)
SELECT (SELECT version FROM w) AS NewGrainStateVersion
$q$
WHERE QueryKey = 'WriteToStorageKey';
