-- Audit entries may carry details (JSON as text, never jsonb: the hash covers the exact stored text), such as the
-- roles and status before and after a change of rights. An entry without details keeps the canonical text it was
-- hashed with, so every entry written before this migration still verifies.

ALTER TABLE audit_log ADD COLUMN details text;

CREATE FUNCTION audit_canonical(p_seq bigint, p_at timestamptz, p_user uuid, p_role text, p_action text, p_resource text,
                                p_dossier text, p_outcome text, p_request text, p_details text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN p_details IS NULL
                THEN audit_canonical(p_seq, p_at, p_user, p_role, p_action, p_resource, p_dossier, p_outcome, p_request)
                ELSE audit_canonical(p_seq, p_at, p_user, p_role, p_action, p_resource, p_dossier, p_outcome, p_request) || E'\x1f' || p_details
           END
$$;

-- The same chain as before, with the details; callers without details still work (the last argument defaults to none).
DROP FUNCTION audit_append(timestamptz[], uuid[], text[], text[], text[], text[], text[], text[]);
CREATE FUNCTION audit_append(p_at timestamptz[], p_user uuid[], p_role text[], p_action text[], p_resource text[],
                             p_dossier text[], p_outcome text[], p_request text[], p_details text[] DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_seq  bigint;
    v_hash bytea;
BEGIN
    SELECT seq, hash INTO v_seq, v_hash FROM audit_head WHERE singleton FOR UPDATE;
    FOR i IN 1 .. coalesce(array_length(p_action, 1), 0) LOOP
        v_seq := v_seq + 1;
        v_hash := sha256(v_hash || convert_to(audit_canonical(v_seq, p_at[i], p_user[i], p_role[i], p_action[i], p_resource[i],
                                                              p_dossier[i], p_outcome[i], p_request[i], p_details[i]), 'UTF8'));
        INSERT INTO audit_log (seq, at, user_id, role, action, resource, dossier_id, outcome, request_id, details, hash)
        VALUES (v_seq, p_at[i], p_user[i], p_role[i], p_action[i], p_resource[i], p_dossier[i], p_outcome[i], p_request[i], p_details[i], v_hash);
    END LOOP;
    UPDATE audit_head SET seq = v_seq, hash = v_hash WHERE singleton;
    RETURN v_seq;
END
$$;

-- The security coordinator reads the history of one user's rights (resource user/<id>).
CREATE INDEX audit_log_resource ON audit_log (resource, seq) WHERE resource IS NOT NULL;
