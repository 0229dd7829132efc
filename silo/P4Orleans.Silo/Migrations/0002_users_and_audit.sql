-- Users registry and the append-only, hash-chained audit log.

CREATE TABLE users (
    id                 uuid        PRIMARY KEY,
    nrn_hash           bytea       NOT NULL UNIQUE,   -- HMAC-SHA256 of the national register number, for look-up
    nrn_cipher         bytea       NOT NULL,          -- AES-GCM ciphertext of the number, for display to registrars
    name               text        NOT NULL,
    organisation_kind  text        NOT NULL CHECK (organisation_kind IN ('Onss', 'Concessionaire', 'BailiffOffice', 'Chamber')),
    organisation_id    text        NOT NULL,
    roles              text[]      NOT NULL,
    status             text        NOT NULL CHECK (status IN ('Active', 'Suspended', 'Revoked')),
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL
);
CREATE INDEX users_organisation ON users (organisation_kind, organisation_id);

CREATE TABLE audit_head (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    seq        bigint  NOT NULL,
    hash       bytea   NOT NULL
);
INSERT INTO audit_head (singleton, seq, hash) VALUES (true, 0, decode(repeat('00', 32), 'hex'));

CREATE TABLE audit_log (
    seq         bigint      PRIMARY KEY,
    at          timestamptz NOT NULL,
    user_id     uuid,
    role        text,
    action      text        NOT NULL,
    resource    text,
    dossier_id  text,
    outcome     text        NOT NULL,
    request_id  text,
    hash        bytea       NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_user ON audit_log (user_id, seq);
CREATE INDEX audit_log_dossier ON audit_log (dossier_id, seq) WHERE dossier_id IS NOT NULL;

-- The canonical text of an entry; the verifier rebuilds the same text in C#.
CREATE FUNCTION audit_canonical(p_seq bigint, p_at timestamptz, p_user uuid, p_role text, p_action text, p_resource text,
                                p_dossier text, p_outcome text, p_request text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT concat_ws(E'\x1f', p_seq::text, to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                     coalesce(p_user::text, ''), coalesce(p_role, ''), p_action, coalesce(p_resource, ''),
                     coalesce(p_dossier, ''), p_outcome, coalesce(p_request, ''))
$$;

-- Appends entries in order under the head's lock: hash(n) = sha256(hash(n-1) || canonical(n)).
CREATE FUNCTION audit_append(p_at timestamptz[], p_user uuid[], p_role text[], p_action text[], p_resource text[],
                             p_dossier text[], p_outcome text[], p_request text[]) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_seq  bigint;
    v_hash bytea;
BEGIN
    SELECT seq, hash INTO v_seq, v_hash FROM audit_head WHERE singleton FOR UPDATE;
    FOR i IN 1 .. coalesce(array_length(p_action, 1), 0) LOOP
        v_seq := v_seq + 1;
        v_hash := sha256(v_hash || convert_to(audit_canonical(v_seq, p_at[i], p_user[i], p_role[i], p_action[i], p_resource[i],
                                                              p_dossier[i], p_outcome[i], p_request[i]), 'UTF8'));
        INSERT INTO audit_log (seq, at, user_id, role, action, resource, dossier_id, outcome, request_id, hash)
        VALUES (v_seq, p_at[i], p_user[i], p_role[i], p_action[i], p_resource[i], p_dossier[i], p_outcome[i], p_request[i], v_hash);
    END LOOP;
    UPDATE audit_head SET seq = v_seq, hash = v_hash WHERE singleton;
    RETURN v_seq;
END
$$;

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
