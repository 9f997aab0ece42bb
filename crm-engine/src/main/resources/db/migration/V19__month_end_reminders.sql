-- 每月底提醒我对账: a reminder on the last day of every month, whatever its length. A monthly
-- rule keeps the anchor's day of the month (the 30th stays the 30th), so month end is a rule of
-- its own.
ALTER TABLE reminder DROP CONSTRAINT reminder_repeat_rule_check;
ALTER TABLE reminder ADD CONSTRAINT reminder_repeat_rule_check
    CHECK (repeat_rule IN ('none', 'daily', 'weekdays', 'weekly', 'monthly', 'month_end'));
