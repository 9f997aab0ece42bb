-- How the service reaches each tenant on each channel (wecom, dingtalk, email): app ids, callback
-- token and keys. Platform-neutral here; the gateway reads the settings it understands.
CREATE TABLE tenant_channel (
    tenant_id   bigint      NOT NULL REFERENCES tenant (tenant_id),
    channel     text        NOT NULL CHECK (channel IN ('wecom', 'dingtalk', 'email')),
    settings    jsonb       NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, channel)
);

-- Every platform callback we acknowledged, durably, before the acknowledgement. The platform's
-- message id (or sender + create time for events) is unique: a re-delivery is recognised and dropped.
CREATE TABLE inbound_event (
    tenant_id     bigint      NOT NULL REFERENCES tenant (tenant_id),
    id            bigint      GENERATED ALWAYS AS IDENTITY,
    platform      text        NOT NULL,
    platform_key  text        NOT NULL,
    kind          text        NOT NULL,
    sender        text,
    payload       jsonb       NOT NULL,
    status        text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
    attempts      integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    received_at   timestamptz NOT NULL DEFAULT now(),
    processed_at  timestamptz,
    last_error    text,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT inbound_event_platform_key UNIQUE (tenant_id, platform, platform_key)
);
CREATE INDEX inbound_event_pending_idx ON inbound_event (tenant_id, next_attempt_at) WHERE status = 'pending';

-- Messages to send, kept until the platform took them: retried with backoff across restarts.
CREATE TABLE outbound_message (
    tenant_id        bigint      NOT NULL REFERENCES tenant (tenant_id),
    id               bigint      GENERATED ALWAYS AS IDENTITY,
    channel          text        NOT NULL,
    recipient        text        NOT NULL,
    payload          jsonb       NOT NULL,
    -- the same logical message (a reminder occurrence, a reply to one chat message) is queued once
    dedupe_key       text,
    status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text,
    platform_ref     text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX outbound_message_dedupe_key ON outbound_message (tenant_id, dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX outbound_message_due_idx ON outbound_message (tenant_id, next_attempt_at) WHERE status = 'pending';
