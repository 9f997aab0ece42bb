package com.chatcrm.engine.schedule;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * How late the most overdue reminder is: due and not yet handed over to be pushed. Measured apart
 * from the dispatcher's passes, so that a dispatcher that stopped pushing shows as a growing age
 * instead of a silence.
 */
final class ReminderBacklog {

  private final Pool pool;
  private final Duration recoverWithin;

  ReminderBacklog(Pool pool, Duration recoverWithin) {
    this.pool = pool;
    this.recoverWithin = recoverWithin;
  }

  /** Zero when nothing due is waiting. */
  Future<Duration> oldestDueAge(Instant now) {
    return pool.preparedQuery(ScheduleSql.OLDEST_DUE)
        .execute(Tuple.of(ScheduledRuns.utc(now), ScheduledRuns.utc(now.minus(recoverWithin))))
        .map(
            rows -> {
              OffsetDateTime oldest = rows.iterator().next().getOffsetDateTime(0);
              if (oldest == null || oldest.toInstant().isAfter(now)) {
                return Duration.ZERO;
              }
              return Duration.between(oldest.toInstant(), now);
            });
  }
}
