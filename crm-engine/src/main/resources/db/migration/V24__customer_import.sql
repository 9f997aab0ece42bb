-- 导入客户: an uploaded file becomes a job and one row per line of the file, each with what the preview found
-- (verdict) and, once imported, what happened (outcome). A batch of rows is written in one transaction with
-- the customers it creates, so a job taken up again after a crash or restart continues where it stopped.
CREATE TABLE customer_import (
    tenant_id      bigint      NOT NULL,
    id             bigint      GENERATED ALWAYS AS IDENTITY,
    created_by     bigint      NOT NULL,
    file_name      text        NOT NULL,
    -- SHA-256 of the file: the same file uploaded again by the same user is the same job
    file_hash      text        NOT NULL,
    status         text        NOT NULL DEFAULT 'preview'
                               CHECK (status IN ('preview', 'queued', 'running', 'done')),
    on_duplicate   text        NOT NULL DEFAULT 'skip' CHECK (on_duplicate IN ('skip')),
    total          integer     NOT NULL,
    -- the preview's counts and the file's columns that were not recognised
    preview        jsonb       NOT NULL,
    processed      integer     NOT NULL DEFAULT 0,
    created        integer     NOT NULL DEFAULT 0,
    skipped        integer     NOT NULL DEFAULT 0,
    failed         integer     NOT NULL DEFAULT 0,
    -- which worker holds the job, and until when; an expired lease is taken over
    lease_token    uuid,
    lease_until    timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    started_at     timestamptz,
    finished_at    timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, created_by, file_hash),
    FOREIGN KEY (tenant_id, created_by) REFERENCES crm_user (tenant_id, id)
);
-- the claim looks across tenants (like the outbox's, see V16): the one index tenant_id does not lead
CREATE INDEX customer_import_pending_idx ON customer_import (created_at, tenant_id)
    WHERE status IN ('queued', 'running');

CREATE TABLE customer_import_row (
    tenant_id      bigint      NOT NULL,
    import_id      bigint      NOT NULL,
    row_no         integer     NOT NULL,
    name           text,
    -- the row as read (the import's own field names), written as is when the job runs
    data           jsonb       NOT NULL,
    verdict        text        NOT NULL CHECK (verdict IN ('new', 'duplicate', 'in_file', 'error')),
    reason         text,
    outcome        text        CHECK (outcome IN ('created', 'skipped', 'failed')),
    outcome_reason text,
    customer_id    bigint,
    PRIMARY KEY (tenant_id, import_id, row_no),
    FOREIGN KEY (tenant_id, import_id) REFERENCES customer_import (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX customer_import_row_todo_idx ON customer_import_row (tenant_id, import_id, row_no)
    WHERE outcome IS NULL;
