CREATE TABLE journal (
    service_id text,
    grain_type text,
    grain_key  text,
    seq        bigint,
    at         timestamptz,
    kind       text,
    data       jsonb,
    office_id  text GENERATED ALWAYS AS (data ->> 'officeId') STORED,
    PRIMARY KEY (service_id, grain_type, grain_key, seq)
);
