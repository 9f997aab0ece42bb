-- Follow-ups, reminders and mentions: what V2 left out. Additive only.

-- A repeating reminder is a series of rows, one per occurrence, so that pressing 完成 on today's
-- card can never complete tomorrow's. repeat_anchor is the series' first due time: its local time
-- of day and day of month survive snoozes and short months (a monthly reminder on the 31st fires on
-- 28 February and again on 31 March). next_id links an occurrence to the one scheduled after it, and
-- guards against scheduling the next occurrence twice.
ALTER TABLE reminder ADD COLUMN repeat_anchor timestamptz;
ALTER TABLE reminder ADD COLUMN next_id bigint;
ALTER TABLE reminder ADD CONSTRAINT reminder_next_fk FOREIGN KEY (tenant_id, next_id) REFERENCES reminder (tenant_id, id);
ALTER TABLE reminder ADD CONSTRAINT reminder_repeat_has_anchor CHECK (repeat_rule = 'none' OR repeat_anchor IS NOT NULL);

-- the reminder made from a follow-up's next follow-up time, found from the follow-up
CREATE INDEX reminder_follow_up_idx ON reminder (tenant_id, follow_up_id) WHERE follow_up_id IS NOT NULL;

-- "my @-mentions to others that are still open"
CREATE INDEX mention_from_idx ON mention (tenant_id, from_user_id, status);
