-- The dossiers' ledger entries (every charge and payment), out of the state that every command rewrites and every
-- activation holds: a payment added about 270 bytes to the state, so a dossier paying by instalments rewrote a larger
-- row at each command. The state keeps the ledger's totals (what was charged and is owed by component, paid,
-- overpaid) and the numbers of its first and last entries; a turn that charges or imputes carries its new entries
-- in the state (ledger.entries, the last ones before lastSeq); the storage write appends them here in the statement
-- that writes the state, idempotent on (grain, seq), and the stored row keeps none of them. A ledger rebuilt by a
-- reduced claim numbers its entries after the old ones (ledger.totals.firstSeq), which stay as history.
-- Rows written before (a ledger of entries alone, no totals) are read as they are, their entries held; their next
-- write appends them and stores the totals.
CREATE TABLE ledger_entries (
    service_id text   NOT NULL,
    grain_type text   NOT NULL,
    grain_key  text   NOT NULL,
    seq        bigint NOT NULL,
    -- The entry in the state's JSON shape (kind, date, amountCents, component, allocations, overpaymentCents,
    -- ruleVersionId, reference).
    entry      jsonb  NOT NULL,
    PRIMARY KEY (service_id, grain_type, grain_key, seq)
);

-- The dossiers' documents (what was attached: id, kind, type, size, SHA-256, when, by which office), out of the state
-- in the same way: a document added about 250 bytes to every later write. A turn's new documents ride in the state's
-- `documents` (the last ones up to documentSeq); the write appends them here and the stored row keeps only
-- documentSeq. The purge marks every document purged through the dossier's own purge flag; the document's content
-- lives in `documents` as before. Rows written before hold their documents and no documentSeq: read as they are, their
-- next write moves them out.
CREATE TABLE dossier_documents (
    service_id text   NOT NULL,
    grain_type text   NOT NULL,
    grain_key  text   NOT NULL,
    seq        bigint NOT NULL,
    entry      jsonb  NOT NULL,
    PRIMARY KEY (service_id, grain_type, grain_key, seq)
);

-- The write query again: the ledger's held entries and the new documents out of the stored row, into their tables.
UPDATE OrleansQuery SET QueryText = $q$
WITH p AS (
    SELECT convert_from(@PayloadBinary, 'UTF8')::jsonb AS doc,
           orleans_grain_key(@GrainIdN0, @GrainIdN1, @GrainIdExtensionString) AS k),
ins AS (
    INSERT INTO orleans_grain_state (service_id, state_name, grain_key, version, payload, modified_at)
    SELECT @ServiceId, @GrainTypeString, p.k, 1, (p.doc - 'pendingJournal' - 'pendingTimeline' - 'pendingKeyDateTexts' - 'documents') #- '{ledger,entries}', now() FROM p
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT (service_id, state_name, grain_key) DO NOTHING
    RETURNING version),
upd AS (
    UPDATE orleans_grain_state s
    SET version = s.version + 1,
        payload = (SELECT (p.doc - 'pendingJournal' - 'pendingTimeline' - 'pendingKeyDateTexts' - 'documents') #- '{ledger,entries}' FROM p),
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
    ON CONFLICT (service_id, grain_type, grain_key, name) DO UPDATE SET french = EXCLUDED.french, dutch = EXCLUDED.dutch),
l AS (
    INSERT INTO ledger_entries (service_id, grain_type, grain_key, seq, entry)
    SELECT @ServiceId, @GrainTypeString, p.k,
           (p.doc #>> '{ledger,totals,lastSeq}')::bigint - jsonb_array_length(p.doc #> '{ledger,entries}') + e.n, e.entry
    FROM p, jsonb_array_elements(CASE WHEN jsonb_typeof(p.doc #> '{ledger,entries}') = 'array'
                                       AND jsonb_typeof(p.doc #> '{ledger,totals,lastSeq}') = 'number'
                                      THEN p.doc #> '{ledger,entries}' ELSE '[]'::jsonb END) WITH ORDINALITY AS e(entry, n)
    WHERE EXISTS (SELECT 1 FROM w)
    ON CONFLICT DO NOTHING),
d AS (
    INSERT INTO dossier_documents (service_id, grain_type, grain_key, seq, entry)
    SELECT @ServiceId, @GrainTypeString, p.k, (p.doc ->> 'documentSeq')::bigint - jsonb_array_length(p.doc -> 'documents') + e.n, e.entry
    FROM p, jsonb_array_elements(CASE WHEN jsonb_typeof(p.doc -> 'documents') = 'array' AND jsonb_typeof(p.doc -> 'documentSeq') = 'number'
                                      THEN p.doc -> 'documents' ELSE '[]'::jsonb END) WITH ORDINALITY AS e(entry, n)
    WHERE EXISTS (SELECT 1 FROM w)
    ON CONFLICT DO NOTHING)
SELECT (SELECT version FROM w) AS NewGrainStateVersion
$q$
WHERE QueryKey = 'WriteToStorageKey';
