-- A question the chat bot asked a user and is waiting for the answer to (e.g. "跟进的是哪个客户？"):
-- one per user, gone once answered or expired. In the database, so any node can take the answer.
CREATE TABLE conversation_state (
    tenant_id   bigint      NOT NULL REFERENCES tenant (tenant_id),
    user_id     bigint      NOT NULL,
    state       jsonb       NOT NULL,
    expires_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, user_id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES crm_user (tenant_id, id)
);

-- The bot's answer to one chat message, by the platform's message id: when the same message is handled
-- again (a retry after a failure further on), the answer is repeated and nothing is done twice.
CREATE TABLE command_reply (
    tenant_id    bigint      NOT NULL REFERENCES tenant (tenant_id),
    message_key  text        NOT NULL,
    reply        jsonb       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, message_key)
);
CREATE INDEX command_reply_created_idx ON command_reply (created_at);
