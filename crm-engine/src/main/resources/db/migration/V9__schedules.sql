-- Pushed work: the scheduled runs that must happen once, and what reminders and users need for it.

-- One row per piece of scheduled work that must happen once: a manager's daily report of a day (and
-- weekly summary of a week, dated by its Monday), a
-- tenant's nightly pool reclaim, a tenant's morning overdue nudge. The primary key is the "once":
-- whichever node inserts the row does the work; subject 0 stands for the whole tenant. A node that
-- dies mid-work leaves the row 'claimed'; after the lease another node takes it over, and the outbox
-- dedupe key keeps each message single.
CREATE TABLE scheduled_run (
    tenant_id   bigint      NOT NULL REFERENCES tenant (tenant_id),
    kind        text        NOT NULL CHECK (kind IN ('daily_report', 'weekly_report', 'pool_reclaim', 'overdue_nudge')),
    subject_id  bigint      NOT NULL,
    run_date    date        NOT NULL,
    status      text        NOT NULL DEFAULT 'claimed' CHECK (status IN ('claimed', 'done')),
    attempts    integer     NOT NULL DEFAULT 1,
    claimed_at  timestamptz NOT NULL,
    done_at     timestamptz,
    PRIMARY KEY (tenant_id, kind, subject_id, run_date)
);

-- A claimed reminder is 'sent' at once; notified_at says its notification was durably queued. A
-- reminder 'sent' but never notified (its node died in between) is picked up again after a lease.
ALTER TABLE reminder ADD COLUMN notified_at timestamptz;
UPDATE reminder SET notified_at = coalesce(sent_at, updated_at) WHERE status <> 'pending' AND status <> 'snoozed';
CREATE INDEX reminder_unnotified_idx ON reminder (tenant_id, sent_at) WHERE status = 'sent' AND notified_at IS NULL;

-- Reminders pushed and not done: the morning nudge of their owners and the escalation to managers.
CREATE INDEX reminder_sent_idx ON reminder (tenant_id, due_at) WHERE status = 'sent';

-- Users who want pushed messages (reminders, daily reports) by email as well as in chat.
ALTER TABLE crm_user ADD COLUMN notify_by_email boolean NOT NULL DEFAULT false;
