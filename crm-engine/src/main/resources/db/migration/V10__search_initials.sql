-- Pinyin initials are searched by substring (hf finds 成都汇峰精密...: names start with a city). Two
-- letters are too short for trigrams, so the initials' letter pairs get a GIN index of their own.
CREATE FUNCTION crm_bigrams(t text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT coalesce(array_agg(DISTINCT substr(t, i, 2)), '{}') FROM generate_series(1, length(t) - 1) AS i $$;

CREATE INDEX customer_initials_bigrams_idx ON customer USING gin (tenant_id, crm_bigrams(name_initials))
    WHERE deleted_at IS NULL;
