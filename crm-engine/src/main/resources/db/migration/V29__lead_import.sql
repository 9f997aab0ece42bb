-- 导入线索 goes through the same jobs as 导入客户 (V24): a job says which it imports, and a row the lead it
-- created. The same file may be uploaded once as customers and once as leads: two jobs.
ALTER TABLE customer_import
    ADD COLUMN kind text NOT NULL DEFAULT 'customer' CHECK (kind IN ('customer', 'lead'));
ALTER TABLE customer_import DROP CONSTRAINT customer_import_tenant_id_created_by_file_hash_key;
ALTER TABLE customer_import ADD UNIQUE (tenant_id, created_by, kind, file_hash);

ALTER TABLE customer_import_row ADD COLUMN lead_id bigint;
