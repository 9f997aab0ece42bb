-- Retention deletes processed callbacks and sent messages by age: without these it read the whole
-- inbox and outbox every pass. Built concurrently (Flyway runs this file outside a transaction), so
-- nodes still running keep acknowledging callbacks while an upgraded one migrates.
CREATE INDEX CONCURRENTLY IF NOT EXISTS inbound_event_done_idx ON inbound_event (received_at) WHERE status = 'done';
CREATE INDEX CONCURRENTLY IF NOT EXISTS outbound_message_sent_idx ON outbound_message (created_at) WHERE status = 'sent';
