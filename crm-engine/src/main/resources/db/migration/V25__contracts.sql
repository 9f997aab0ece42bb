-- ---------------------------------------------------------------- contracts (合同) and collections (回款)
-- A won opportunity becomes at most one live contract; its collection plan (回款计划) is a list of
-- instalments with due dates; receipts (回款) are applied to the instalments in due order.
CREATE TABLE contract (
    tenant_id       bigint        NOT NULL,
    id              bigint        GENERATED ALWAYS AS IDENTITY,
    opportunity_id  bigint        NOT NULL,
    customer_id     bigint        NOT NULL,
    number          text          NOT NULL CHECK (number <> ''),
    amount          numeric(16,2) NOT NULL CHECK (amount > 0),
    received        numeric(16,2) NOT NULL DEFAULT 0 CHECK (received >= 0 AND received <= amount),
    signed_on       date          NOT NULL,
    starts_on       date,
    ends_on         date,
    owner_id        bigint        NOT NULL,
    created_by      bigint        NOT NULL,
    created_at      timestamptz   NOT NULL DEFAULT now(),
    updated_at      timestamptz   NOT NULL DEFAULT now(),
    version         integer       NOT NULL DEFAULT 1,
    -- the reminder before the period ends (续约), when the contract has an end
    renewal_reminder_id bigint,
    deleted_at      timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, number),
    FOREIGN KEY (tenant_id, opportunity_id) REFERENCES opportunity (tenant_id, id),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customer (tenant_id, id),
    FOREIGN KEY (tenant_id, owner_id) REFERENCES crm_user (tenant_id, id),
    FOREIGN KEY (tenant_id, renewal_reminder_id) REFERENCES reminder (tenant_id, id),
    CONSTRAINT contract_period CHECK (starts_on IS NULL OR ends_on IS NULL OR ends_on >= starts_on)
);
CREATE UNIQUE INDEX contract_opportunity_idx ON contract (tenant_id, opportunity_id) WHERE deleted_at IS NULL;
CREATE INDEX contract_customer_idx ON contract (tenant_id, customer_id) WHERE deleted_at IS NULL;
CREATE INDEX contract_owner_idx ON contract (tenant_id, owner_id, signed_on) WHERE deleted_at IS NULL;

CREATE TABLE contract_instalment (
    tenant_id        bigint        NOT NULL,
    id               bigint        GENERATED ALWAYS AS IDENTITY,
    contract_id      bigint        NOT NULL,
    seq              integer       NOT NULL CHECK (seq > 0),
    due_on           date          NOT NULL,
    amount           numeric(16,2) NOT NULL CHECK (amount > 0),
    received         numeric(16,2) NOT NULL DEFAULT 0 CHECK (received >= 0 AND received <= amount),
    paid_at          timestamptz,
    -- the reminder pushed before the due date
    reminder_id      bigint,
    -- overdue: when the owner, then the owner's manager, was told
    overdue_told_at  timestamptz,
    escalated_at     timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, contract_id, seq),
    FOREIGN KEY (tenant_id, contract_id) REFERENCES contract (tenant_id, id),
    FOREIGN KEY (tenant_id, reminder_id) REFERENCES reminder (tenant_id, id)
);
CREATE INDEX contract_instalment_unpaid_idx ON contract_instalment (tenant_id, due_on) WHERE paid_at IS NULL;

CREATE TABLE contract_receipt (
    tenant_id          bigint        NOT NULL,
    id                 bigint        GENERATED ALWAYS AS IDENTITY,
    contract_id        bigint        NOT NULL,
    amount             numeric(16,2) NOT NULL CHECK (amount > 0),
    received_on        date          NOT NULL,
    note               text,
    recorded_by        bigint        NOT NULL,
    recorded_at        timestamptz   NOT NULL DEFAULT now(),
    -- the platform message id: a re-delivered chat message never records twice
    source_message_id  text,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, contract_id) REFERENCES contract (tenant_id, id),
    FOREIGN KEY (tenant_id, recorded_by) REFERENCES crm_user (tenant_id, id)
);
CREATE INDEX contract_receipt_contract_idx ON contract_receipt (tenant_id, contract_id);
CREATE INDEX contract_receipt_on_idx ON contract_receipt (tenant_id, received_on);
CREATE UNIQUE INDEX contract_receipt_message_idx ON contract_receipt (tenant_id, source_message_id)
    WHERE source_message_id IS NOT NULL;
