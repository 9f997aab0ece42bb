-- ---------------------------------------------------------------- leads (线索)
-- A lead is a company someone showed interest for, before it is a customer: captured in chat, the
-- mini-app, an import, a web form or the API. An owned lead is worked by its owner; one without an
-- owner sits in the 线索池 for any rep to claim. Converting it makes a customer (+ contact,
-- + opportunity) and keeps the lead, status converted, pointing at them.
CREATE TABLE lead (
    tenant_id          bigint      NOT NULL REFERENCES tenant (tenant_id),
    id                 bigint      GENERATED ALWAYS AS IDENTITY,
    company            text        NOT NULL CHECK (company <> ''),
    -- CompanyNames.normalize(company): the 查重 key, as customer.name_norm
    company_norm       text        NOT NULL,
    contact_name       text,
    phones             text[]      NOT NULL DEFAULT '{}',
    -- as contact.phone_norms (V23): computed by the database so every writer keeps it right
    phone_norms        text[]      GENERATED ALWAYS AS (crm_phone_norms(phones)) STORED,
    source             text        NOT NULL CHECK (source IN ('chat', 'mini_app', 'import', 'webform', 'api')),
    status             text        NOT NULL DEFAULT 'new'
                                   CHECK (status IN ('new', 'contacted', 'invalid', 'converted')),
    -- NULL: in the 线索池
    owner_id           bigint,
    assigned_at        timestamptz,
    region             text,
    industry           text,
    note               text,
    invalid_reason     text,
    -- the status an invalid lead had, for 恢复 (reopen)
    former_status      text        CHECK (former_status IN ('new', 'contacted')),
    customer_id        bigint,
    opportunity_id     bigint,
    contact_id         bigint,
    converted_at       timestamptz,
    -- the chat message or web-form submission it came from: a re-delivery never captures twice
    source_message_id  text,
    version            integer     NOT NULL DEFAULT 1,
    -- NULL for captures without an acting user (web form, API)
    created_by         bigint,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    deleted_at         timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, owner_id) REFERENCES crm_user (tenant_id, id),
    FOREIGN KEY (tenant_id, created_by) REFERENCES crm_user (tenant_id, id),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customer (tenant_id, id),
    FOREIGN KEY (tenant_id, opportunity_id) REFERENCES opportunity (tenant_id, id),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contact (tenant_id, id),
    CONSTRAINT lead_converted CHECK (status <> 'converted' OR customer_id IS NOT NULL)
);
CREATE UNIQUE INDEX lead_message_idx ON lead (tenant_id, source_message_id)
    WHERE source_message_id IS NOT NULL;
CREATE INDEX lead_owner_idx ON lead (tenant_id, owner_id, id) WHERE deleted_at IS NULL;
CREATE INDEX lead_company_idx ON lead (tenant_id, company_norm) WHERE deleted_at IS NULL;
CREATE INDEX lead_phone_norms_idx ON lead USING gin (tenant_id, phone_norms) WHERE deleted_at IS NULL;
-- the reclaim pass: owned leads still untouched
CREATE INDEX lead_untouched_idx ON lead (tenant_id, assigned_at)
    WHERE status = 'new' AND owner_id IS NOT NULL AND deleted_at IS NULL;

-- How captures without an acting user are handed out: the first enabled rule (by position) that
-- matches picks the next active member of its department after the last one it picked.
CREATE TABLE lead_assignment_rule (
    tenant_id              bigint      NOT NULL REFERENCES tenant (tenant_id),
    id                     bigint      GENERATED ALWAYS AS IDENTITY,
    position               integer     NOT NULL,
    kind                   text        NOT NULL CHECK (kind IN ('round_robin', 'region', 'industry')),
    -- the region or industry a lead must have; NULL for round robin
    match                  text,
    department_id          bigint      NOT NULL,
    -- the round-robin cursor
    last_assigned_user_id  bigint,
    enabled                boolean     NOT NULL DEFAULT true,
    updated_at             timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, position),
    FOREIGN KEY (tenant_id, department_id) REFERENCES department (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, last_assigned_user_id) REFERENCES crm_user (tenant_id, id) ON DELETE SET NULL,
    CONSTRAINT lead_rule_match CHECK ((kind = 'round_robin') = (match IS NULL))
);
