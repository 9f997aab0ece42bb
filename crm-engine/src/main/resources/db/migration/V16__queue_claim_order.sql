-- The inbox and the outbox are claimed oldest first across tenants (ORDER BY next_attempt_at LIMIT n). With
-- tenant_id leading, the pending indexes could not give that order: every claim read and sorted the whole
-- backlog (39 ms per claim of 20 at 7,700 pending callbacks, growing with the backlog, so a burst slowed its own
-- draining). These two are the exception to "tenant_id leads every index": a claim is the one query that has to
-- look across tenants; distributed, it runs per shard and the index serves it there too.
DROP INDEX inbound_event_pending_idx;
CREATE INDEX inbound_event_pending_idx ON inbound_event (next_attempt_at, tenant_id) WHERE status = 'pending';
DROP INDEX outbound_message_due_idx;
CREATE INDEX outbound_message_due_idx ON outbound_message (next_attempt_at, tenant_id) WHERE status = 'pending';
