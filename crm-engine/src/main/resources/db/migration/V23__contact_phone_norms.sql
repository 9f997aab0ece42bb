-- 查重 of contacts' phones by an index instead of normalising every contact's phones at query time. A phone is
-- compared as CompanyNames.normalizePhone compares it (the two must agree; CompanyNamesTest checks them on the
-- same samples): NFKC, digits only, the 0086 / +86 country code dropped (86 too before an 11-digit number),
-- and a landline written with the country code gets its trunk 0 back (+86 10 8888 6666 is 01088886666).
CREATE FUNCTION crm_phone_norms(phones text[]) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$
    SELECT coalesce(array_agg(DISTINCT n), '{}')
      FROM (SELECT CASE
                     WHEN nat IS NULL THEN d
                     WHEN nat = '' OR nat LIKE '0%' OR nat ~ '^1[0-9]{10}$' THEN nat
                     ELSE '0' || nat
                   END AS n
              FROM (SELECT d,
                           CASE
                             WHEN d LIKE '0086%' THEN substr(d, 5)
                             WHEN d LIKE '86%' AND (t ~ '^\s*\+' OR length(d) = 13) THEN substr(d, 3)
                           END AS nat
                      FROM (SELECT t, regexp_replace(t, '[^0-9]', '', 'g') AS d
                              FROM (SELECT normalize(p, NFKC) AS t FROM unnest(phones) AS p) AS a) AS b) AS c) AS x
     WHERE n <> ''
    $$;

-- Stored and computed by the database, so every way a contact is written (the engine, imports, the demo
-- data's COPY) keeps it right; adding it fills it for the existing rows.
ALTER TABLE contact ADD COLUMN phone_norms text[] GENERATED ALWAYS AS (crm_phone_norms(phones)) STORED;
CREATE INDEX contact_phone_norms_idx ON contact USING gin (tenant_id, phone_norms) WHERE deleted_at IS NULL;

-- Customers' phone_norms (written by the engine) follow the landline rule above from now on.
UPDATE customer SET phone_norms = crm_phone_norms(phones)
 WHERE NOT (phone_norms @> crm_phone_norms(phones) AND phone_norms <@ crm_phone_norms(phones));
