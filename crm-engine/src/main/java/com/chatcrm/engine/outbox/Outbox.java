package com.chatcrm.engine.outbox;

import com.chatcrm.engine.access.Actor;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages to send, kept in Postgres until a channel took them: a restart, a platform outage or a
 * throttling answer delays a message but never loses it. The dedupe key queues a logical message
 * once.
 */
public final class Outbox {

  private static final String ENQUEUE =
      "INSERT INTO outbound_message (tenant_id, channel, recipient, payload, dedupe_key, priority, created_at)"
          + " VALUES ($1, $2, $3, $4, $5, $6, coalesce($7::timestamptz, now()))"
          + " ON CONFLICT (tenant_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING id";

  /** A reply answers someone waiting in the chat: it is sent before any pushed message. */
  private static final short REPLY = 0;

  private static final short PUSH = 1;
  private static final String CLAIM =
      """
      UPDATE outbound_message m SET attempts = m.attempts + 1, next_attempt_at = now() + $2::bigint * interval '1 millisecond'
       WHERE (m.tenant_id, m.id) IN (
         SELECT tenant_id, id FROM outbound_message
          WHERE status = 'pending' AND next_attempt_at <= now()
          ORDER BY priority, next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
      RETURNING m.tenant_id, m.id, m.channel, m.recipient, m.payload, m.attempts
      """;
  private static final String SENT_ALL =
      "UPDATE outbound_message m SET status = 'sent', sent_at = now(), platform_ref = s.ref, last_error = NULL"
          + " FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS s(t, id, ref)"
          + " WHERE m.tenant_id = s.t AND m.id = s.id";
  private static final String RETRY =
      "UPDATE outbound_message SET next_attempt_at = now() + $3::bigint * interval '1 millisecond', last_error = $4 WHERE tenant_id = $1 AND id = $2";
  private static final String GIVE_UP =
      "UPDATE outbound_message SET status = 'failed', last_error = $3 WHERE tenant_id = $1 AND id = $2";

  private static final String PURGE =
      "DELETE FROM outbound_message WHERE (tenant_id, id) IN (SELECT tenant_id, id FROM outbound_message"
          + " WHERE status = 'sent' AND created_at < $1 LIMIT $2)";

  /**
   * A claimed message is invisible to other senders this long: longer than a send with retries
   * takes.
   */
  static final Duration LEASE = Duration.ofMinutes(2);

  private final Pool pool;

  public Outbox(Pool pool) {
    this.pool = pool;
  }

  /**
   * Queues a message; returns its id, or null when the dedupe key was queued before. The actor is
   * the one on whose behalf it is sent (a user replying, or the system for reminders).
   */
  public Future<Long> enqueue(
      Actor actor, String channel, String recipient, JsonObject payload, String dedupeKey) {
    return enqueue(actor, channel, recipient, payload, dedupeKey, REPLY, null);
  }

  /**
   * Queues a message nobody is waiting for (a reminder, a report), behind every reply: a burst of
   * pushes never delays the answer to what a user just typed.
   */
  public Future<Long> enqueuePush(
      Actor actor, String channel, String recipient, JsonObject payload, String dedupeKey) {
    return enqueuePush(actor, channel, recipient, payload, dedupeKey, null);
  }

  /**
   * A push queued as of {@code queuedAt} (null: now), the instant a pace let it through: the
   * queue's created_at is then the pace's own time, so its budget holds in any window of queue
   * time.
   */
  public Future<Long> enqueuePush(
      Actor actor,
      String channel,
      String recipient,
      JsonObject payload,
      String dedupeKey,
      Instant queuedAt) {
    return enqueue(actor, channel, recipient, payload, dedupeKey, PUSH, queuedAt);
  }

  private Future<Long> enqueue(
      Actor actor,
      String channel,
      String recipient,
      JsonObject payload,
      String dedupeKey,
      short priority,
      Instant queuedAt) {
    OffsetDateTime at =
        queuedAt == null ? null : OffsetDateTime.ofInstant(queuedAt, ZoneOffset.UTC);
    return pool.preparedQuery(ENQUEUE)
        .execute(
            Tuple.from(
                new Object[] {
                  actor.tenantId(), channel, recipient, payload, dedupeKey, priority, at
                }))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
  }

  /**
   * Takes up to {@code limit} due messages; each is leased so that no other node sends it
   * meanwhile.
   */
  public Future<List<OutboundMessage>> claimDue(int limit) {
    return pool.preparedQuery(CLAIM)
        .execute(Tuple.of(limit, LEASE.toMillis()))
        .map(
            rows -> {
              List<OutboundMessage> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new OutboundMessage(
                        r.getLong("tenant_id"),
                        r.getLong("id"),
                        r.getString("channel"),
                        r.getString("recipient"),
                        r.getJsonObject("payload"),
                        r.getInteger("attempts")));
              }
              return out;
            });
  }

  /**
   * Marks a drain's delivered messages sent in one statement; {@code platformRefs} in the same
   * order (null where the platform gave none).
   */
  public Future<Void> sentAll(List<OutboundMessage> messages, List<String> platformRefs) {
    if (messages.isEmpty()) {
      return Future.succeededFuture();
    }
    Long[] tenants = new Long[messages.size()];
    Long[] ids = new Long[messages.size()];
    for (int i = 0; i < ids.length; i++) {
      tenants[i] = messages.get(i).tenantId();
      ids[i] = messages.get(i).id();
    }
    return pool.preparedQuery(SENT_ALL)
        .execute(Tuple.of(tenants, ids, platformRefs.toArray(String[]::new)))
        .mapEmpty();
  }

  /** Try again after {@code delay}. */
  public Future<Void> retryLater(OutboundMessage m, Duration delay, String error) {
    return pool.preparedQuery(RETRY)
        .execute(Tuple.of(m.tenantId(), m.id(), delay.toMillis(), error))
        .mapEmpty();
  }

  /**
   * Forgets up to {@code limit} messages sent and queued before {@code before}; answers how many.
   */
  public Future<Integer> purgeSent(java.time.Instant before, int limit) {
    return pool.preparedQuery(PURGE)
        .execute(
            Tuple.of(java.time.OffsetDateTime.ofInstant(before, java.time.ZoneOffset.UTC), limit))
        .map(rows -> rows.rowCount());
  }

  /**
   * A permanent failure (e.g. the recipient does not exist): kept for inspection, never retried.
   */
  public Future<Void> giveUp(OutboundMessage m, String error) {
    return pool.preparedQuery(GIVE_UP).execute(Tuple.of(m.tenantId(), m.id(), error)).mapEmpty();
  }
}
