-- Admins are granted and revoked in the mini-app's 设置 page (issue #19). The directory sync gives each
-- member the role the channel settings' `admins` list says, at every sync; a member whose role an admin
-- set in the mini-app keeps that role instead, so neither a grant nor a revoke made there is undone by
-- the next sync. The audit log keeps who set it and when.
ALTER TABLE crm_user ADD COLUMN role_set_in_app boolean NOT NULL DEFAULT false;
