-- Microsoft Orleans 10 ADO.NET providers (clustering, grain storage, reminders) on PostgreSQL.
-- The packages ship no SQL: the providers read named query texts from OrleansQuery, bind @Name
-- parameters and read result columns by name (case-insensitively). Tables and texts below are the
-- project's own, written to that contract (silo/README.md, "Orleans providers' schema").
-- Nothing here is used by the platform's own grain host; the runtime switch comes later.

-- The providers run `SELECT QueryKey, QueryText FROM OrleansQuery` unquoted, so the table keeps that
-- name (PostgreSQL folds it to lower case).
CREATE TABLE OrleansQuery (
    QueryKey  varchar(64) PRIMARY KEY,
    QueryText text        NOT NULL
);

-- ---------------------------------------------------------------------------------------------
-- Clustering. One version row per cluster (the provider's DeploymentId is the cluster id); every
-- change of a member row is a compare-and-swap on it. The provider's etag is a 32-bit integer.
CREATE TABLE orleans_membership_version (
    deployment_id text        PRIMARY KEY,
    version       integer     NOT NULL DEFAULT 0,
    changed_at    timestamptz NOT NULL DEFAULT now()
);

-- Status: 1 Created, 2 Joining, 3 Active, 4 ShuttingDown, 5 Stopping, 6 Dead (Orleans' SiloStatus).
CREATE TABLE orleans_membership (
    deployment_id   text        NOT NULL REFERENCES orleans_membership_version ON DELETE CASCADE,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NOT NULL DEFAULT 0,
    suspect_times   text,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- ---------------------------------------------------------------------------------------------
-- Grain state. The real identity is the primary key: (service, state name, grain key). The state
-- name is what the provider calls GrainTypeString (the name in [PersistentState("name", ...)]).
-- The payload is jsonb, so state is readable and indexable in SQL; the hashes the provider sends
-- are not stored (the primary key does their job without collisions).
CREATE TABLE orleans_grain_state (
    service_id  text        NOT NULL,
    state_name  text        NOT NULL,
    grain_key   text        NOT NULL,
    version     bigint      NOT NULL,
    payload     jsonb,
    modified_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, state_name, grain_key)
);

-- The grain key as text: a string key as it is (the platform's grains all have string keys), an
-- integer or Guid key as its two halves with the optional extension.
CREATE FUNCTION orleans_grain_key(n0 bigint, n1 bigint, extension text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN n0 = 0 AND n1 = 0 AND extension IS NOT NULL THEN extension
                ELSE n0::text || ':' || n1::text || coalesce('+' || extension, '') END
$$;

-- A JSON date written by System.Text.Json ("2026-03-02") as a date. make_date of integers does not
-- depend on DateStyle, so the function is truly immutable and fit for a generated column.
CREATE FUNCTION orleans_json_date(value text) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN value ~ '^\d{4}-\d{2}-\d{2}$'
                THEN make_date(substr(value, 1, 4)::int, substr(value, 6, 2)::int, substr(value, 9, 2)::int) END
$$;

-- A JSON instant written by System.Text.Json ("2026-03-02T09:00:00+00:00" or "...Z") as timestamptz.
-- Only texts that carry their offset are converted, so the result never depends on the session's
-- TimeZone: that is what makes the IMMUTABLE label true here.
CREATE FUNCTION orleans_json_instant(value text) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN value ~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$'
                THEN value::timestamptz END
$$;

-- Indexed facts of the dossier state (state name 'dossier'), computed by PostgreSQL from the payload
-- in the same write, so they can never disagree with the state. They expect the storage serializer
-- configured with camelCase names and enums as strings (the platform's JSON shape).
ALTER TABLE orleans_grain_state
    ADD COLUMN status            text        GENERATED ALWAYS AS
        (CASE WHEN state_name = 'dossier' THEN payload ->> 'status' END) STORED,
    ADD COLUMN office_id         text        GENERATED ALWAYS AS
        (CASE WHEN state_name = 'dossier' THEN payload ->> 'assignedOfficeId' END) STORED,
    ADD COLUMN arrondissement_id text        GENERATED ALWAYS AS
        (CASE WHEN state_name = 'dossier' THEN payload ->> 'arrondissementId' END) STORED,
    ADD COLUMN balance_cents     bigint      GENERATED ALWAYS AS
        (CASE WHEN state_name = 'dossier' THEN (payload -> 'ledger' ->> 'balanceCents')::bigint END) STORED,
    ADD COLUMN next_deadline     date        GENERATED ALWAYS AS
        (CASE WHEN state_name = 'dossier' THEN orleans_json_date(payload ->> 'nextDeadline') END) STORED,
    ADD COLUMN next_due_at       timestamptz GENERATED ALWAYS AS
        (CASE WHEN state_name = 'dossier' THEN orleans_json_instant(payload ->> 'nextDueAt') END) STORED;

CREATE INDEX orleans_dossier_status ON orleans_grain_state (service_id, status)
    WHERE state_name = 'dossier';
CREATE INDEX orleans_dossier_office ON orleans_grain_state (service_id, office_id, status)
    WHERE state_name = 'dossier' AND office_id IS NOT NULL;
CREATE INDEX orleans_dossier_arrondissement ON orleans_grain_state (service_id, arrondissement_id, status)
    WHERE state_name = 'dossier';
-- The deadline catch-up: dossiers whose next deadline has passed.
CREATE INDEX orleans_dossier_next_due ON orleans_grain_state (service_id, next_due_at)
    WHERE state_name = 'dossier' AND next_due_at IS NOT NULL;

-- ---------------------------------------------------------------------------------------------
-- Reminders. grain_id is Orleans' text form ("type/key"); grain_hash its uniform hash as a signed
-- integer, which places the reminder on the silos' consistent-hash ring.
CREATE TABLE orleans_reminders (
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,
    period_ms     bigint      NOT NULL,
    grain_hash    integer     NOT NULL,
    version       integer     NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);
CREATE INDEX orleans_reminders_ring ON orleans_reminders (service_id, grain_hash);

-- ---------------------------------------------------------------------------------------------
-- The named queries.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Clustering: returns 1 when this call created the cluster's version row.
('InsertMembershipVersionKey', $q$
WITH ins AS (
    INSERT INTO orleans_membership_version (deployment_id) VALUES (@DeploymentId)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1)
SELECT count(*)::int FROM ins
$q$),

-- Inserts a member when the table is still at @Version, moving it to @Version + 1. The version row
-- is locked first, so concurrent changes serialise on it; nothing moves unless the row is new.
('InsertMembershipKey', $q$
WITH bump AS (
    UPDATE orleans_membership_version v SET version = v.version + 1, changed_at = now()
    WHERE v.deployment_id = @DeploymentId AND v.version = @Version
      AND NOT EXISTS (SELECT 1 FROM orleans_membership m
                      WHERE m.deployment_id = @DeploymentId AND m.address = @Address
                        AND m.port = @Port AND m.generation = @Generation)
    RETURNING v.deployment_id),
ins AS (
    INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name,
                                    status, proxy_port, start_time, i_am_alive_time)
    SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName,
           @Status, coalesce(@ProxyPort, 0), @StartTime, @IAmAliveTime
    FROM bump
    ON CONFLICT DO NOTHING
    RETURNING 1)
SELECT count(*)::int FROM ins
$q$),

-- Updates a member when the table is still at @Version, moving it to @Version + 1.
('UpdateMembershipKey', $q$
WITH bump AS (
    UPDATE orleans_membership_version v SET version = v.version + 1, changed_at = now()
    WHERE v.deployment_id = @DeploymentId AND v.version = @Version
      AND EXISTS (SELECT 1 FROM orleans_membership m
                  WHERE m.deployment_id = @DeploymentId AND m.address = @Address
                    AND m.port = @Port AND m.generation = @Generation)
    RETURNING v.deployment_id),
upd AS (
    UPDATE orleans_membership m
    SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
    FROM bump
    WHERE m.deployment_id = bump.deployment_id AND m.address = @Address
      AND m.port = @Port AND m.generation = @Generation
    RETURNING 1)
SELECT count(*)::int FROM upd
$q$),

-- The heartbeat: no version change (Orleans' contract).
('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_membership SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$q$),

-- Reads return the version row even when no member matches (the provider reads the version from
-- the first row and a member only when StartTime is not null).
('MembershipReadRowKey', $q$
SELECT m.address AS Address, m.port AS Port, m.generation AS Generation, m.silo_name AS SiloName,
       m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
       m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime,
       v.version AS Version
FROM orleans_membership_version v
LEFT JOIN orleans_membership m
       ON m.deployment_id = v.deployment_id AND m.address = @Address
      AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId
$q$),

('MembershipReadAllKey', $q$
SELECT m.address AS Address, m.port AS Port, m.generation AS Generation, m.silo_name AS SiloName,
       m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
       m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime,
       v.version AS Version
FROM orleans_membership_version v
LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId
$q$),

('GatewaysQueryKey', $q$
SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
FROM orleans_membership
WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0
$q$),

-- The member rows go with the version row (ON DELETE CASCADE).
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId
$q$),

-- Required by 10.4.2: removes Dead members (status 6) not heard of since @IAmAliveTime. Unlike the
-- upstream script (every status but Active), a live silo that is slow to beat is never removed.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId AND status = 6 AND i_am_alive_time < @IAmAliveTime
$q$),

-- Optional in 10.4.2 and used instead of the one above when present: the provider reads the table,
-- picks the dead rows older than its cut-off, and deletes each only if it is still as it read it.
('CleanupDefunctSiloEntryKey', $q$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
  AND status = 6 AND start_time = @StartTime AND i_am_alive_time = @IAmAliveTime
  AND suspect_times IS NOT DISTINCT FROM @SuspectTimes
$q$),

-- Grain storage. Every query filters on the whole primary key.
-- Write: a first write (@GrainStateVersion null) inserts version 1; a later one updates only the
-- row still at @GrainStateVersion. Exactly one row comes back; a null NewGrainStateVersion is a
-- conflict, which the provider raises as InconsistentStateException.
('WriteToStorageKey', $q$
WITH ins AS (
    INSERT INTO orleans_grain_state (service_id, state_name, grain_key, version, payload, modified_at)
    SELECT @ServiceId, @GrainTypeString, orleans_grain_key(@GrainIdN0, @GrainIdN1, @GrainIdExtensionString),
           1, convert_from(@PayloadBinary, 'UTF8')::jsonb, now()
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT (service_id, state_name, grain_key) DO NOTHING
    RETURNING version),
upd AS (
    UPDATE orleans_grain_state
    SET version = version + 1, payload = convert_from(@PayloadBinary, 'UTF8')::jsonb, modified_at = now()
    WHERE service_id = @ServiceId AND state_name = @GrainTypeString
      AND grain_key = orleans_grain_key(@GrainIdN0, @GrainIdN1, @GrainIdExtensionString)
      AND version = @GrainStateVersion
    RETURNING version)
SELECT (SELECT version FROM ins UNION ALL SELECT version FROM upd LIMIT 1) AS NewGrainStateVersion
$q$),

-- Read: the payload back as UTF-8 bytes, the modification instant (read by nobody) and the version.
('ReadFromStorageKey', $q$
SELECT convert_to(payload::text, 'UTF8') AS PayloadBinary, modified_at AS ModifiedOn, version AS Version
FROM orleans_grain_state
WHERE service_id = @ServiceId AND state_name = @GrainTypeString
  AND grain_key = orleans_grain_key(@GrainIdN0, @GrainIdN1, @GrainIdExtensionString)
$q$),

-- Clear keeps the row with a null payload and a new version (the grain's next write updates it).
('ClearStorageKey', $q$
WITH upd AS (
    UPDATE orleans_grain_state
    SET version = version + 1, payload = NULL, modified_at = now()
    WHERE service_id = @ServiceId AND state_name = @GrainTypeString
      AND grain_key = orleans_grain_key(@GrainIdN0, @GrainIdN1, @GrainIdExtensionString)
      AND version = @GrainStateVersion
    RETURNING version)
SELECT (SELECT version FROM upd) AS NewGrainStateVersion
$q$),

-- Clear with DeleteStateOnClear: the row goes; the provider expects the deleted version + 1.
('DeleteStorageKey', $q$
WITH del AS (
    DELETE FROM orleans_grain_state
    WHERE service_id = @ServiceId AND state_name = @GrainTypeString
      AND grain_key = orleans_grain_key(@GrainIdN0, @GrainIdN1, @GrainIdExtensionString)
      AND version = @GrainStateVersion
    RETURNING version + 1 AS version)
SELECT (SELECT version FROM del) AS NewGrainStateVersion
$q$),

-- Reminders. The version (the etag) starts at 0 and moves at every upsert.
('UpsertReminderRowKey', $q$
INSERT INTO orleans_reminders AS r (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
SET start_time = excluded.start_time, period_ms = excluded.period_ms,
    grain_hash = excluded.grain_hash, version = r.version + 1
RETURNING r.version AS Version
$q$),

('ReadReminderRowsKey', $q$
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime,
       period_ms AS Period, version AS Version
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId
$q$),

('ReadReminderRowKey', $q$
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime,
       period_ms AS Period, version AS Version
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
$q$),

-- A ring range (@BeginHash, @EndHash] that does not wrap in signed order...
('ReadRangeRows1Key', $q$
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime,
       period_ms AS Period, version AS Version
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash
$q$),

-- ...and one that wraps: above @BeginHash or up to @EndHash.
('ReadRangeRows2Key', $q$
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime,
       period_ms AS Period, version AS Version
FROM orleans_reminders
WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)
$q$),

-- Deletes only the version the caller holds; returns whether a row went.
('DeleteReminderRowKey', $q$
WITH del AS (
    DELETE FROM orleans_reminders
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
      AND version = @Version
    RETURNING 1)
SELECT count(*) > 0 FROM del
$q$),

('DeleteReminderRowsKey', $q$
DELETE FROM orleans_reminders WHERE service_id = @ServiceId
$q$);
