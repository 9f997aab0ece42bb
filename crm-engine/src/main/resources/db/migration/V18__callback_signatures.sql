-- DingTalk robot and card callbacks are signed over their timestamp only, not the body: the messages a
-- (timestamp, sign) pair carried are remembered here until the pair falls out of the accepted window, so a pair
-- replayed with other messages beyond a few (genuine ones signed in the same millisecond) is refused on every
-- node and after a restart.
CREATE TABLE callback_signature (
    tenant_id   bigint      NOT NULL REFERENCES tenant (tenant_id),
    signed_at   bigint      NOT NULL,
    sign        text        NOT NULL,
    message_key text        NOT NULL,
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, signed_at, sign, message_key)
);
CREATE INDEX callback_signature_expiry_idx ON callback_signature (expires_at);
