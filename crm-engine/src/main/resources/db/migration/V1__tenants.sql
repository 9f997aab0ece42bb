-- pg_trgm indexes Chinese names for substring search; it needs the UTF-8 locale set at initdb.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- A tenant is one company on one platform. Every other table starts its keys with tenant_id.
CREATE TABLE tenant (
    tenant_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform    text        NOT NULL CHECK (platform IN ('dingtalk', 'wecom')),
    corp_id     text        NOT NULL CHECK (corp_id <> ''),
    name        text        NOT NULL,
    time_zone   text        NOT NULL DEFAULT 'Asia/Shanghai',
    settings    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT tenant_platform_corp_key UNIQUE (platform, corp_id)
);
