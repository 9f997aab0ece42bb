-- ---------------------------------------------------------------- 拜访签到 (visit check-in)
-- A check-in is a follow-up of method 'visit' with where the rep's phone said they were. checked_in_at is the
-- server's time of the check-in (a phone's clock is not trusted); happened_at carries the same instant.
ALTER TABLE follow_up
    ADD COLUMN place         text             CHECK (char_length(place) BETWEEN 1 AND 200),
    ADD COLUMN address       text             CHECK (char_length(address) BETWEEN 1 AND 300),
    ADD COLUMN latitude      double precision CHECK (latitude BETWEEN -90 AND 90),
    ADD COLUMN longitude     double precision CHECK (longitude BETWEEN -180 AND 180),
    ADD COLUMN accuracy_m    double precision CHECK (accuracy_m >= 0 AND accuracy_m <= 100000),
    ADD COLUMN checked_in_at timestamptz,
    ADD CONSTRAINT follow_up_check_in_whole
        CHECK ((latitude IS NULL) = (longitude IS NULL) AND (latitude IS NULL) = (checked_in_at IS NULL)),
    ADD CONSTRAINT follow_up_check_in_is_visit CHECK (checked_in_at IS NULL OR method = 'visit');

-- the team's visits of a day range (拜访 page): live visits by time, then filtered by author
CREATE INDEX follow_up_visit_idx ON follow_up (tenant_id, happened_at)
    WHERE method = 'visit' AND deleted_at IS NULL;
