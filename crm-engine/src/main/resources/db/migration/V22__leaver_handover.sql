-- 离职交接: the nightly directory sync of each tenant is claimed like the other nightly runs, and a member who
-- left is handed over once, to one successor.

ALTER TABLE scheduled_run DROP CONSTRAINT scheduled_run_kind_check;
ALTER TABLE scheduled_run ADD CONSTRAINT scheduled_run_kind_check
    CHECK (kind IN ('daily_report', 'weekly_report', 'pool_reclaim', 'overdue_nudge', 'directory_sync'));

-- One row per leaver whose customers, open opportunities and pending reminders were handed over: the primary
-- key is the "once" (a second tap, or another manager's, finds the row and is told to whom it went). The counts
-- are what was moved, for that answer and the audit.
CREATE TABLE leaver_handover (
    tenant_id      bigint      NOT NULL,
    leaver_id      bigint      NOT NULL,
    successor_id   bigint      NOT NULL,
    handed_by      bigint,
    handed_at      timestamptz NOT NULL DEFAULT now(),
    customers      integer     NOT NULL,
    opportunities  integer     NOT NULL,
    reminders      integer     NOT NULL,
    PRIMARY KEY (tenant_id, leaver_id),
    FOREIGN KEY (tenant_id, leaver_id) REFERENCES crm_user (tenant_id, id),
    FOREIGN KEY (tenant_id, successor_id) REFERENCES crm_user (tenant_id, id)
);
