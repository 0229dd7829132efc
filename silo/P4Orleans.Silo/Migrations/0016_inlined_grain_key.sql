-- The grain key of a row, computed from Orleans' halves N0/N1 and the key extension, as one expression.
-- Since 0007 the Guid case read its 16 bytes through a sub-select over unnest(...). A SQL function whose body has a
-- sub-select is never inlined by the planner: every storage read and write called it as a function of its own
-- (an executor start-up each time, about 80 us of the server's time per call, two or three calls per command).
-- Without the sub-select the planner inlines the body into the statement. Same text as before for every input:
-- the Guid in "N" format, from the bytes of Guid.ToByteArray (bytes 3, 2, 1, 0, 5, 4, 7, 6 of N0, then 0 to 7 of N1).
CREATE OR REPLACE FUNCTION orleans_grain_key(n0 bigint, n1 bigint, extension text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN n0 = 0 AND n1 = 0 AND extension IS NOT NULL THEN extension
        WHEN n0 = 0 THEN n1::text || coalesce('+' || extension, '')
        ELSE lpad(to_hex(n0 & 4294967295), 8, '0')
             || lpad(to_hex((n0 >> 32) & 65535), 4, '0')
             || lpad(to_hex((n0 >> 48) & 65535), 4, '0')
             || lpad(to_hex(n1 & 255), 2, '0')
             || lpad(to_hex((n1 >> 8) & 255), 2, '0')
             || lpad(to_hex((n1 >> 16) & 255), 2, '0')
             || lpad(to_hex((n1 >> 24) & 255), 2, '0')
             || lpad(to_hex((n1 >> 32) & 255), 2, '0')
             || lpad(to_hex((n1 >> 40) & 255), 2, '0')
             || lpad(to_hex((n1 >> 48) & 255), 2, '0')
             || lpad(to_hex((n1 >> 56) & 255), 2, '0')
             || coalesce('+' || extension, '')
    END
$$;
