-- The collection-overdue pass (CollectionOverdueVerticle) reads, per tenant, only the instalments past their due
-- day that still owe a notice. V25's index held every unpaid one, so each pass on each node walked the future
-- instalments and those told and escalated long ago; this one leaves the latter out, and replaces V25's, which
-- nothing else reads. Built and dropped concurrently (Flyway runs this file outside a transaction): nodes still
-- running keep recording receipts while an upgraded one migrates.
CREATE INDEX CONCURRENTLY IF NOT EXISTS contract_instalment_owing_idx ON contract_instalment (tenant_id, due_on)
    WHERE paid_at IS NULL AND (overdue_told_at IS NULL OR escalated_at IS NULL);
DROP INDEX CONCURRENTLY IF EXISTS contract_instalment_unpaid_idx;
