-- A dossier's stored state (about 2 KB of jsonb, more with its ledger) is compressed by PostgreSQL when the row passes
-- its TOAST threshold, at every command that rewrites it. lz4 compresses and decompresses several times faster than
-- the default pglz for a similar size: measured with pgbench on this table's shape, a rewrite of the row ran 10 to 15 %
-- faster. Values written before keep their compression until rewritten (PostgreSQL reads both).
-- A server built without lz4 refuses the setting: the tables keep pglz there, and nothing else changes.
DO $$
BEGIN
    ALTER TABLE orleans_grain_state ALTER COLUMN payload SET COMPRESSION lz4;
    ALTER TABLE journal ALTER COLUMN data SET COMPRESSION lz4;
    ALTER TABLE timeline ALTER COLUMN entry SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
    RAISE NOTICE 'lz4 is not available on this server: the state keeps pglz compression';
END
$$;
