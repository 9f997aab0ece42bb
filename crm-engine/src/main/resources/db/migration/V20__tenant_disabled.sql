-- A company an operator disabled (`tenant disable`): its callbacks and logins are refused as from
-- an unknown company and the schedulers skip it; its records stay. `tenant add` enables it again.
ALTER TABLE tenant ADD COLUMN disabled_at timestamptz;
