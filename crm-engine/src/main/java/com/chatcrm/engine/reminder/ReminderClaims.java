package com.chatcrm.engine.reminder;

import static com.chatcrm.engine.reminder.ReminderRows.clamp;
import static com.chatcrm.engine.reminder.ReminderRows.ids;
import static com.chatcrm.engine.reminder.ReminderRows.loadAll;
import static com.chatcrm.engine.reminder.ReminderRows.utc;
import static com.chatcrm.engine.reminder.ReminderSeries.scheduleNext;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.db.Transactions;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The dispatcher's side of {@link ReminderService}: what is due, and the race-safe claim that
 * schedules a repeating reminder's next occurrence in the same transaction.
 */
final class ReminderClaims {

  private final Pool pool;

  ReminderClaims(Pool pool) {
    this.pool = pool;
  }

  Future<List<Reminder>> dueBetween(long tenantId, Instant from, Instant to, int limit) {
    return pool.preparedQuery(ReminderSql.DUE_BETWEEN)
        .execute(Tuple.of(tenantId, utc(from), utc(to), clamp(limit)))
        .map(ReminderRows::mapAll);
  }

  Future<List<Reminder>> claimDue(long tenantId, Instant now, int limit) {
    return Transactions.run(
        pool,
        tx ->
            tx.preparedQuery(ReminderSql.CLAIM)
                .execute(Tuple.of(tenantId, utc(now), clamp(limit)))
                .compose(rows -> withNextScheduled(tx, tenantId, ids(rows), now)));
  }

  Future<List<Reminder>> claimDueOf(
      long tenantId,
      Instant now,
      Map<Long, Integer> limits,
      Instant staleBefore,
      Instant staleAfter) {
    if (limits.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Long[] owners = limits.keySet().toArray(Long[]::new);
    Integer[] counts = Arrays.stream(owners).map(limits::get).toArray(Integer[]::new);
    return Transactions.run(
        pool,
        tx ->
            tx.preparedQuery(ReminderSql.CLAIM_FOR_OWNERS)
                .execute(
                    Tuple.tuple()
                        .addLong(tenantId)
                        .addOffsetDateTime(utc(now))
                        .addArrayOfLong(owners)
                        .addArrayOfInteger(counts)
                        .addOffsetDateTime(utc(staleBefore))
                        .addOffsetDateTime(utc(staleAfter)))
                .compose(rows -> withNextScheduled(tx, tenantId, ids(rows), now)));
  }

  /**
   * The claimed reminders, the next occurrence of each repeating one scheduled in the claim's
   * transaction.
   */
  private Future<List<Reminder>> withNextScheduled(
      SqlClient tx, long tenantId, List<Long> claimedIds, Instant now) {
    Actor system = Actor.system(tenantId, "reminder-dispatch");
    return loadAll(tx, tenantId, claimedIds)
        .compose(
            claimed -> {
              if (claimed.stream().noneMatch(r -> r.repeatRule().repeats() && r.nextId() == null)) {
                return Future.succeededFuture(claimed);
              }
              Future<Void> scheduled = Future.succeededFuture();
              for (Reminder r : claimed) {
                scheduled = scheduled.compose(v -> scheduleNext(tx, system, r, now));
              }
              return scheduled.compose(v -> loadAll(tx, tenantId, claimedIds));
            });
  }
}
