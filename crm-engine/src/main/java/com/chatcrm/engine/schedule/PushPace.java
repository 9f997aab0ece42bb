package com.chatcrm.engine.schedule;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Token buckets in Postgres, one per tenant and one per user: every node draws on the same budget,
 * so the pace holds however many nodes push. A bucket holds at most {@code cap} tokens and gains
 * {@code perMinute} a minute, so at most {@code cap + perMinute} are spent in any minute. What the
 * tokens pay for is queued as of the instant they were taken (the outbox row's created_at is that
 * instant, not the moment the row is written), and a bucket is only drawn on at an instant no
 * earlier than its last draw: the budget then holds in any minute of queue time, however late and
 * from whichever node the rows are written.
 */
final class PushPace {

  /** The tenant's own bucket; users' buckets are keyed by their id. */
  static final long TENANT = 0;

  /** The size and refill rate of one kind of bucket. */
  record Bucket(double cap, double perMinute) {

    double perSecond() {
      return perMinute / 60.0;
    }

    /**
     * A bucket that never lets more than {@code perMinute} through in any 60 seconds: {@code
     * atOnce} of them may go together, the rest is spread over the minute.
     */
    static Bucket withinAMinute(int perMinute, int atOnce) {
      int cap = Math.max(1, Math.min(atOnce, perMinute));
      return new Bucket(cap, Math.max(1, perMinute - cap));
    }
  }

  private final Pool pool;

  PushPace(Pool pool) {
    this.pool = pool;
  }

  /** Whole tokens of the tenant's bucket at {@code now}. */
  Future<Integer> tenantTokens(long tenantId, Bucket bucket, Instant now) {
    return pool.preparedQuery(ScheduleSql.PACE_TOKENS)
        .execute(
            Tuple.of(tenantId, TENANT, ScheduledRuns.utc(now), bucket.cap(), bucket.perSecond()))
        .map(
            rows ->
                rows.size() == 0
                    ? (int) bucket.cap()
                    : (int) Math.floor(rows.iterator().next().getDouble(0)));
  }

  /**
   * Takes {@code spend} tokens from each subject's bucket, all or nothing per subject; answers the
   * subjects that got theirs. Another node may have taken them first, or drawn on the bucket at a
   * later instant than {@code now}: those are not in the answer. What is granted must be queued as
   * of {@code now}.
   */
  Future<Set<Long>> take(long tenantId, Map<Long, Integer> spend, Bucket bucket, Instant now) {
    if (spend.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    Long[] subjects = spend.keySet().toArray(Long[]::new);
    Integer[] amounts = new Integer[subjects.length];
    for (int i = 0; i < subjects.length; i++) {
      amounts[i] = spend.get(subjects[i]);
    }
    return pool.preparedQuery(ScheduleSql.PACE_TAKE)
        .execute(
            Tuple.tuple()
                .addLong(tenantId)
                .addOffsetDateTime(ScheduledRuns.utc(now))
                .addDouble(bucket.cap())
                .addArrayOfLong(subjects)
                .addArrayOfInteger(amounts)
                .addDouble(bucket.perSecond()))
        .map(
            rows -> {
              Set<Long> granted = new HashSet<>();
              for (Row r : rows) {
                granted.add(r.getLong(0));
              }
              return granted;
            });
  }
}
