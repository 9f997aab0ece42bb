-- DingTalk robot and card callbacks are signed over their timestamp only, not the body: the first message a
-- (timestamp, sign) pair carried is remembered here until the pair falls out of the accepted window, so the
-- same pair with another message is refused as a replay on every node and after a restart.
CREATE TABLE callback_signature (
    tenant_id   bigint      NOT NULL REFERENCES tenant (tenant_id),
    signed_at   bigint      NOT NULL,
    sign        text        NOT NULL,
    message_key text        NOT NULL,
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, signed_at, sign)
);
CREATE INDEX callback_signature_expiry_idx ON callback_signature (expires_at);
