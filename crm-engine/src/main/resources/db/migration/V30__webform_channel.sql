-- A company's signed web-form webhook for leads (POST /webhooks/{tenant}/leads): its HMAC secret is
-- kept as the other channels' secrets are (sealed in tenant_channel.settings), under channel 'webform'.
ALTER TABLE tenant_channel DROP CONSTRAINT tenant_channel_channel_check;
ALTER TABLE tenant_channel ADD CONSTRAINT tenant_channel_channel_check
    CHECK (channel IN ('wecom', 'dingtalk', 'email', 'webform'));
