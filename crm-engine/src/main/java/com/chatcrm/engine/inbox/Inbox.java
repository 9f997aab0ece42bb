package com.chatcrm.engine.inbox;

import com.chatcrm.engine.access.Actor;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The durable queue between "platform callback acknowledged" and "callback processed". A callback
 * is written here before the platform hears 200, so a crash after the answer loses nothing, and the
 * platform key makes a re-delivery a no-op.
 */
public final class Inbox {

  private static final String ACCEPT =
      "INSERT INTO inbound_event (tenant_id, platform, platform_key, kind, sender, payload)"
          + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT ON CONSTRAINT inbound_event_platform_key DO NOTHING RETURNING id";
  // Oldest first across tenants; SKIP LOCKED lets several nodes claim without twins.
  private static final String CLAIM =
      """
      UPDATE inbound_event e SET attempts = e.attempts + 1, next_attempt_at = now() + $2::bigint * interval '1 millisecond'
       WHERE (e.tenant_id, e.id) IN (
         SELECT tenant_id, id FROM inbound_event
          WHERE status = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
      RETURNING e.tenant_id, e.id, e.platform, e.platform_key, e.kind, e.sender, e.payload, e.attempts
      """;
  // A batch's answers remembered, its replies queued and its events done: one statement, one
  // commit.
  private static final String COMPLETE =
      """
      WITH remembered AS (
        INSERT INTO command_reply (tenant_id, message_key, reply)
        SELECT t, k, r::jsonb FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(t, k, r)
        ON CONFLICT DO NOTHING),
      queued AS (
        INSERT INTO outbound_message (tenant_id, channel, recipient, payload, dedupe_key, priority)
        SELECT t, c, r, p::jsonb, k, 0 FROM unnest($4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[]) AS q(t, c, r, p, k)
        ON CONFLICT (tenant_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING)
      UPDATE inbound_event SET status = 'done', processed_at = now(), last_error = NULL
       WHERE (tenant_id, id) IN (SELECT * FROM unnest($9::bigint[], $10::bigint[]))
      """;
  private static final String FAILED =
      "UPDATE inbound_event SET status = CASE WHEN attempts >= $4 THEN 'failed' ELSE 'pending' END,"
          + " last_error = $3 WHERE tenant_id = $1 AND id = $2";

  private static final String PURGE =
      "DELETE FROM inbound_event WHERE (tenant_id, id) IN (SELECT tenant_id, id FROM inbound_event"
          + " WHERE status = 'done' AND received_at < $1 LIMIT $2)";

  /** How long a claimed event stays invisible to other claimers: longer than processing takes. */
  static final Duration LEASE = Duration.ofSeconds(60);

  /** Attempts before an event is parked as failed for a human to look at. */
  public static final int MAX_ATTEMPTS = 5;

  /**
   * The widest timestamp window any callback route accepts (DingTalk robot callbacks: its
   * documented hour). A callback can be replayed until its timestamp leaves the window, up to twice
   * this after it was received, so a processed event's key must be kept longer than that (see
   * RetentionVerticle.Settings).
   */
  public static final Duration WIDEST_CALLBACK_WINDOW = Duration.ofHours(1);

  private final Pool pool;
  private final GroupedAccept grouped;

  public Inbox(Pool pool) {
    this.pool = pool;
    this.grouped = null;
  }

  private Inbox(Pool pool, GroupedAccept grouped) {
    this.pool = pool;
    this.grouped = grouped;
  }

  /**
   * An inbox whose {@link #accept} groups callbacks arriving together into one statement and one
   * commit: for the callback intake, where each acknowledgement waits for a durable commit.
   *
   * @param connections statements at once: the pool's size
   */
  public static Inbox grouped(Pool pool, int connections) {
    return new Inbox(pool, new GroupedAccept(pool, connections, 200));
  }

  /**
   * Records a callback; true when it is new, false when the platform re-delivered one we have.
   * Control characters PostgreSQL cannot store are dropped first ({@link StorableText}).
   */
  public Future<Boolean> accept(
      Actor actor,
      String platform,
      String rawKey,
      String rawKind,
      String rawSender,
      JsonObject rawPayload) {
    String platformKey = StorableText.clean(rawKey);
    String kind = StorableText.clean(rawKind);
    String sender = StorableText.clean(rawSender);
    JsonObject payload = StorableText.clean(rawPayload);
    if (grouped != null) {
      return grouped.accept(actor.tenantId(), platform, platformKey, kind, sender, payload);
    }
    return pool.preparedQuery(ACCEPT)
        .execute(
            Tuple.from(
                new Object[] {actor.tenantId(), platform, platformKey, kind, sender, payload}))
        .map(rows -> rows.size() > 0);
  }

  /**
   * How long recent callbacks waited to be recorded (ms, a moving average; 0 when it is quiet or
   * the inbox does not group): processing paces itself by it, so that acknowledgements keep their
   * speed under a backlog.
   */
  public double recentAcceptMillis() {
    return grouped == null ? 0 : grouped.recentMillis();
  }

  /** Takes up to {@code limit} pending events for processing; each is leased for a minute. */
  public Future<List<InboundEvent>> claim(int limit) {
    return pool.preparedQuery(CLAIM)
        .execute(Tuple.of(limit, LEASE.toMillis()))
        .map(
            rows -> {
              List<InboundEvent> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new InboundEvent(
                        r.getLong("tenant_id"),
                        r.getLong("id"),
                        r.getString("platform"),
                        r.getString("platform_key"),
                        r.getString("kind"),
                        r.getString("sender"),
                        r.getJsonObject("payload"),
                        r.getInteger("attempts")));
              }
              return out;
            });
  }

  /**
   * Marks the events of {@code done} processed, remembering their answers and queueing their
   * replies, in one statement: a reply is queued exactly when its event is done, and a batch costs
   * one round trip and one commit instead of three per event.
   */
  public Future<Void> complete(List<Completion> done) {
    if (done.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Long> rt = new ArrayList<>();
    List<String> rk = new ArrayList<>();
    List<String> rr = new ArrayList<>();
    List<Long> qt = new ArrayList<>();
    List<String> qc = new ArrayList<>();
    List<String> qr = new ArrayList<>();
    List<String> qp = new ArrayList<>();
    List<String> qk = new ArrayList<>();
    Long[] et = new Long[done.size()];
    Long[] ei = new Long[done.size()];
    for (int i = 0; i < done.size(); i++) {
      Completion c = done.get(i);
      long tenant = c.event().tenantId();
      et[i] = tenant;
      ei[i] = c.event().id();
      if (c.rememberKey() != null) {
        rt.add(tenant);
        rk.add(c.rememberKey());
        rr.add(c.remembered().encode());
      }
      for (Completion.Reply r : c.replies()) {
        qt.add(tenant);
        qc.add(r.channel());
        qr.add(r.recipient());
        qp.add(r.payload().encode());
        qk.add(r.dedupeKey());
      }
    }
    return pool.preparedQuery(COMPLETE)
        .execute(
            Tuple.from(
                new Object[] {
                  rt.toArray(Long[]::new),
                  rk.toArray(String[]::new),
                  rr.toArray(String[]::new),
                  qt.toArray(Long[]::new),
                  qc.toArray(String[]::new),
                  qr.toArray(String[]::new),
                  qp.toArray(String[]::new),
                  qk.toArray(String[]::new),
                  et,
                  ei
                }))
        .mapEmpty();
  }

  /**
   * Forgets up to {@code limit} events processed and received before {@code before}; answers how
   * many.
   */
  public Future<Integer> purgeDone(java.time.Instant before, int limit) {
    return pool.preparedQuery(PURGE)
        .execute(
            Tuple.of(java.time.OffsetDateTime.ofInstant(before, java.time.ZoneOffset.UTC), limit))
        .map(rows -> rows.rowCount());
  }

  /**
   * Processing failed: the event is tried again after its lease, up to {@link #MAX_ATTEMPTS} times.
   */
  public Future<Void> failed(InboundEvent event, String error) {
    return pool.preparedQuery(FAILED)
        .execute(Tuple.of(event.tenantId(), event.id(), error, MAX_ATTEMPTS))
        .mapEmpty();
  }
}
