package com.chatcrm.engine.inbox;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Group commit for callbacks: what arrives while earlier callbacks are being written goes in with
 * the next statement, so many acknowledgements share one durable commit (one WAL flush) instead of
 * each queueing for a connection and a flush of its own: under load callbacks then waited for
 * connections, not for PostgreSQL.
 */
final class GroupedAccept {

  // One statement for a group; ON CONFLICT makes a re-delivery (or a twin inside the group) a
  // no-op.
  private static final String ACCEPT_MANY =
      """
      INSERT INTO inbound_event (tenant_id, platform, platform_key, kind, sender, payload)
      SELECT t, p, k, kd, s, pl::jsonb
        FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(t, p, k, kd, s, pl)
      ON CONFLICT ON CONSTRAINT inbound_event_platform_key DO NOTHING
      RETURNING tenant_id, platform, platform_key
      """;

  private record Pending(
      long tenantId,
      String platform,
      String key,
      String kind,
      String sender,
      JsonObject payload,
      Promise<Boolean> promise,
      Context context,
      long arrivedNanos) {

    String identity() {
      return tenantId + "\u0000" + platform + "\u0000" + key;
    }
  }

  private final Pool pool;
  private final int maxInFlight;
  private final int maxGroup;
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private int inFlight;

  /** After a second without callbacks the recent average says nothing about now. */
  private static final long QUIET_NANOS = 1_000_000_000L;

  /**
   * Moving average of the last few dozen accepts (arrival → committed), and when the last one
   * finished.
   */
  private long recentNanos;

  private long lastDoneNanos = System.nanoTime() - 2 * QUIET_NANOS;

  /**
   * @param maxInFlight statements at once, at most the pool's size
   * @param maxGroup callbacks in one statement at most
   */
  GroupedAccept(Pool pool, int maxInFlight, int maxGroup) {
    this.pool = pool;
    this.maxInFlight = Math.max(1, maxInFlight);
    this.maxGroup = Math.max(1, maxGroup);
  }

  Future<Boolean> accept(
      long tenantId, String platform, String key, String kind, String sender, JsonObject payload) {
    Promise<Boolean> promise = Promise.promise();
    synchronized (this) {
      waiting.add(
          new Pending(
              tenantId,
              platform,
              key,
              kind,
              sender,
              payload,
              promise,
              Vertx.currentContext(),
              System.nanoTime()));
    }
    pump();
    return promise.future();
  }

  private void pump() {
    while (true) {
      List<Pending> group;
      synchronized (this) {
        if (inFlight >= maxInFlight || waiting.isEmpty()) {
          return;
        }
        group = new ArrayList<>(Math.min(maxGroup, waiting.size()));
        while (group.size() < maxGroup && !waiting.isEmpty()) {
          group.add(waiting.poll());
        }
        inFlight++;
      }
      write(group)
          .onComplete(
              ar -> {
                long now = System.nanoTime();
                synchronized (this) {
                  inFlight--;
                  for (Pending p : group) {
                    recentNanos += (now - p.arrivedNanos() - recentNanos) / 16;
                  }
                  lastDoneNanos = now;
                }
                for (int i = 0; i < group.size(); i++) {
                  Pending p = group.get(i);
                  if (ar.succeeded()) {
                    // the first of twins inside one group is the new one
                    Integer left = ar.result().get(p.identity());
                    boolean fresh = left != null && left > 0;
                    if (fresh) {
                      ar.result().put(p.identity(), left - 1);
                    }
                    complete(p, Future.succeededFuture(fresh));
                  } else {
                    complete(p, Future.failedFuture(ar.cause()));
                  }
                }
                pump();
              });
    }
  }

  /**
   * How long callbacks have recently waited for their commit, in milliseconds; 0 when none came for
   * a second (an old average says nothing about now).
   */
  synchronized double recentMillis() {
    return System.nanoTime() - lastDoneNanos > QUIET_NANOS ? 0 : recentNanos / 1e6;
  }

  /** Answers how many rows of each identity were inserted (0 or 1). */
  private Future<Map<String, Integer>> write(List<Pending> group) {
    int n = group.size();
    Long[] tenants = new Long[n];
    String[] platforms = new String[n];
    String[] keys = new String[n];
    String[] kinds = new String[n];
    String[] senders = new String[n];
    String[] payloads = new String[n];
    for (int i = 0; i < n; i++) {
      Pending p = group.get(i);
      tenants[i] = p.tenantId();
      platforms[i] = p.platform();
      keys[i] = p.key();
      kinds[i] = p.kind();
      senders[i] = p.sender();
      payloads[i] = p.payload() == null ? null : p.payload().encode();
    }
    return pool.preparedQuery(ACCEPT_MANY)
        .execute(Tuple.of(tenants, platforms, keys, kinds, senders, payloads))
        .map(
            rows -> {
              Map<String, Integer> inserted = new HashMap<>();
              for (Row r : rows) {
                inserted.merge(
                    r.getLong(0) + "\u0000" + r.getString(1) + "\u0000" + r.getString(2),
                    1,
                    Integer::sum);
              }
              return inserted;
            });
  }

  /** Hands the answer back on the caller's own context, where its HTTP response lives. */
  private static void complete(Pending p, Future<Boolean> outcome) {
    if (p.context() == null) {
      p.promise().handle(outcome);
    } else {
      p.context().runOnContext(v -> p.promise().handle(outcome));
    }
  }
}
