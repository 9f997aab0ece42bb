-- ---------------------------------------------------------------- sales targets (业绩目标)
-- A target of one rep (user_id) or of a department (department_id) for a month or a quarter, per metric.
-- period_start is the first day of the month or quarter in the tenant's calendar.
CREATE TABLE sales_target (
    tenant_id      bigint        NOT NULL,
    id             bigint        GENERATED ALWAYS AS IDENTITY,
    user_id        bigint,
    department_id  bigint,
    period_kind    text          NOT NULL CHECK (period_kind IN ('month', 'quarter')),
    period_start   date          NOT NULL,
    metric         text          NOT NULL
                                 CHECK (metric IN ('won_amount', 'collections', 'new_customers', 'follow_ups')),
    value          numeric(16,2) NOT NULL CHECK (value > 0),
    set_by         bigint        NOT NULL,
    updated_at     timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES crm_user (tenant_id, id),
    FOREIGN KEY (tenant_id, department_id) REFERENCES department (tenant_id, id),
    FOREIGN KEY (tenant_id, set_by) REFERENCES crm_user (tenant_id, id),
    CONSTRAINT sales_target_whose CHECK ((user_id IS NULL) <> (department_id IS NULL))
);
CREATE UNIQUE INDEX sales_target_user_idx ON sales_target (tenant_id, user_id, period_kind, period_start, metric)
    WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX sales_target_department_idx
    ON sales_target (tenant_id, department_id, period_kind, period_start, metric)
    WHERE department_id IS NOT NULL;
