package com.chatcrm.engine.reminder;

import static com.chatcrm.engine.reminder.ReminderRows.utc;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** Writes reminder rows: a new reminder, or the next occurrence of a repeating one's series. */
final class ReminderSeries {

  private ReminderSeries() {}

  static Future<Void> scheduleNext(SqlClient tx, Actor actor, Reminder current, Instant now) {
    if (!current.repeatRule().repeats() || current.nextId() != null) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(ReminderSql.TENANT_ZONE)
        .execute(Tuple.of(actor.tenantId()))
        .compose(
            rows -> {
              ZoneId zone = ZoneId.of(rows.iterator().next().getString("time_zone"));
              Instant due = nextAfter(current, zone, now).orElseThrow();
              return insert(
                      tx,
                      actor,
                      current.ownerId(),
                      current.customerId(),
                      null,
                      due,
                      current.repeatRule(),
                      current.repeatAnchor(),
                      current.channels(),
                      current.text(),
                      current.createdBy())
                  .compose(
                      nextId ->
                          tx.preparedQuery(ReminderSql.SET_NEXT)
                              .execute(Tuple.of(actor.tenantId(), current.id(), nextId))
                              .compose(
                                  v ->
                                      AuditLog.record(
                                          tx,
                                          actor,
                                          "create",
                                          "reminder",
                                          nextId,
                                          new JsonObject()
                                              .put("repeatOf", current.id())
                                              .put("dueAt", due.toString())
                                              .put("repeatRule", current.repeatRule().code()))));
            });
  }

  static Optional<Instant> nextAfter(Reminder r, ZoneId zone, Instant now) {
    Instant anchor = r.repeatAnchor() == null ? r.dueAt() : r.repeatAnchor();
    Instant after = r.dueAt().isAfter(now) ? r.dueAt() : now;
    return RepeatSchedule.next(r.repeatRule(), anchor.atZone(zone), after);
  }

  static Future<Long> insert(
      SqlClient tx,
      Actor actor,
      long owner,
      Long customerId,
      Long followUpId,
      Instant due,
      RepeatRule rule,
      Instant anchor,
      List<String> channels,
      String text,
      long createdBy) {
    return tx.preparedQuery(ReminderSql.INSERT)
        .execute(
            Tuple.from(
                new Object[] {
                  actor.tenantId(),
                  owner,
                  customerId,
                  followUpId,
                  utc(due),
                  rule.code(),
                  utc(anchor),
                  channels.toArray(String[]::new),
                  text,
                  createdBy
                }))
        .map(rows -> rows.iterator().next().getLong(0));
  }
}
