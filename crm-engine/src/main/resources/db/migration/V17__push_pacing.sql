-- Token buckets that pace pushed messages per tenant (subject 0) and per user (subject = user id),
-- kept in Postgres so that every node draws on the same budget: two nodes together still stay under
-- a platform's per-company and per-member limits.
CREATE TABLE push_pace (
    tenant_id   bigint           NOT NULL REFERENCES tenant (tenant_id),
    subject_id  bigint           NOT NULL,
    tokens      double precision NOT NULL,
    refilled_at timestamptz      NOT NULL,
    PRIMARY KEY (tenant_id, subject_id)
);

-- The tokens of a bucket at $3, refilled at $5 a second since it was last drawn on, at most $4.
CREATE FUNCTION pace_tokens(tokens double precision, refilled_at timestamptz, at timestamptz,
                            cap double precision, per_second double precision) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT least(cap, tokens + greatest(0, extract(epoch FROM (at - refilled_at)))::double precision * per_second) $$;

-- Replies to what a user just typed go out before pushed messages: a backlog of reminder cards must not
-- make a chat answer wait. 0 = reply, 1 = push.
ALTER TABLE outbound_message ADD COLUMN priority smallint NOT NULL DEFAULT 0;
CREATE INDEX outbound_message_next_idx ON outbound_message (priority, next_attempt_at) WHERE status = 'pending';
