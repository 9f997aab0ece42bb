package com.chatcrm.engine.reminder;

import static com.chatcrm.engine.reminder.ReminderRows.ids;
import static com.chatcrm.engine.reminder.ReminderRows.load;
import static com.chatcrm.engine.reminder.ReminderRows.utc;
import static com.chatcrm.engine.reminder.ReminderRows.visible;
import static com.chatcrm.engine.reminder.ReminderSeries.scheduleNext;

import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.error.Conflict;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.StaleVersion;
import com.chatcrm.engine.input.DateBounds;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Done, snooze, cancel and edit for {@link ReminderService}, each at the version the actor saw, by
 * whoever sees the reminder's owner (the owner, their managers, an admin).
 */
final class ReminderStatusChanges {

  private final Pool pool;
  private final Clock clock;

  ReminderStatusChanges(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  Future<Reminder> done(Actor actor, long reminderId, int expectedVersion) {
    return change(
        actor,
        reminderId,
        (tx, current) -> {
          if (current.status() == ReminderStatus.DONE) {
            return Future.succeededFuture(current);
          }
          if (current.status() == ReminderStatus.CANCELLED) {
            return Future.failedFuture(new Conflict("提醒「" + current.text() + "」已取消"));
          }
          if (current.version() != expectedVersion) {
            return Future.failedFuture(stale(current, expectedVersion));
          }
          return setStatus(tx, actor, current, ReminderStatus.DONE)
              .compose(
                  v ->
                      AuditLog.record(
                          tx,
                          actor,
                          "done",
                          "reminder",
                          current.id(),
                          new JsonObject()
                              .put("status", AuditLog.change(current.status().code(), "done"))))
              .compose(v -> scheduleNext(tx, actor, current, clock.instant()))
              .compose(v -> load(tx, actor.tenantId(), current.id(), false));
        });
  }

  Future<Reminder> snooze(Actor actor, long reminderId, int expectedVersion, Instant until) {
    InvalidInput bad = future("until", until, "稍后提醒的时间必须晚于现在");
    if (bad != null) {
      return Future.failedFuture(bad);
    }
    return change(
        actor,
        reminderId,
        (tx, current) -> {
          Future<Reminder> refused = refusal(current, expectedVersion, "");
          if (refused != null) {
            return refused;
          }
          return tx.preparedQuery(ReminderSql.SNOOZE)
              .execute(Tuple.of(actor.tenantId(), current.id(), utc(until)))
              .compose(
                  v ->
                      AuditLog.record(
                          tx,
                          actor,
                          "snooze",
                          "reminder",
                          current.id(),
                          new JsonObject()
                              .put("status", AuditLog.change(current.status().code(), "snoozed"))
                              .put(
                                  "dueAt",
                                  AuditLog.change(current.dueAt().toString(), until.toString()))))
              .compose(v -> load(tx, actor.tenantId(), current.id(), false));
        });
  }

  Future<Reminder> edit(
      Actor actor, long reminderId, int expectedVersion, Instant dueAt, String text) {
    String newText;
    try {
      if (dueAt == null && text == null) {
        throw InvalidInput.field("dueAt", "没有要修改的内容");
      }
      newText = text == null ? null : ReminderService.validText(text);
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    InvalidInput bad = dueAt == null ? null : future("dueAt", dueAt, "提醒时间必须晚于现在");
    if (bad != null) {
      return Future.failedFuture(bad);
    }
    return change(
        actor,
        reminderId,
        (tx, current) -> {
          Future<Reminder> refused = refusal(current, expectedVersion, "，不能再修改");
          if (refused != null) {
            return refused;
          }
          Instant due = dueAt == null ? current.dueAt() : dueAt;
          String t = newText == null ? current.text() : newText;
          JsonObject changes = new JsonObject();
          if (!due.equals(current.dueAt())) {
            changes.put("dueAt", AuditLog.change(current.dueAt().toString(), due.toString()));
          }
          if (!t.equals(current.text())) {
            changes.put("text", AuditLog.change(current.text(), t));
          }
          if (changes.isEmpty()) {
            return Future.succeededFuture(current);
          }
          return tx.preparedQuery(ReminderSql.EDIT)
              .execute(Tuple.of(actor.tenantId(), current.id(), utc(due), t))
              .compose(v -> AuditLog.record(tx, actor, "update", "reminder", current.id(), changes))
              .compose(v -> load(tx, actor.tenantId(), current.id(), false));
        });
  }

  Future<Reminder> cancel(Actor actor, long reminderId, int expectedVersion) {
    return change(
        actor,
        reminderId,
        (tx, current) -> {
          if (current.status() == ReminderStatus.CANCELLED) {
            return Future.succeededFuture(current);
          }
          if (current.status() == ReminderStatus.DONE && !current.repeatRule().repeats()) {
            return Future.failedFuture(new Conflict("提醒「" + current.text() + "」已完成"));
          }
          if (current.version() != expectedVersion) {
            return Future.failedFuture(stale(current, expectedVersion));
          }
          Future<Void> self =
              current.status().live()
                  ? setStatus(tx, actor, current, ReminderStatus.CANCELLED)
                  : Future.succeededFuture();
          return self.compose(
                  v ->
                      tx.preparedQuery(ReminderSql.CANCEL_FOLLOWING)
                          .execute(Tuple.of(actor.tenantId(), current.id())))
              .compose(
                  following -> {
                    JsonObject changes =
                        new JsonObject().put("cancelledFollowing", new JsonArray(ids(following)));
                    if (current.status().live()) {
                      changes.put("status", AuditLog.change(current.status().code(), "cancelled"));
                    }
                    return AuditLog.record(tx, actor, "cancel", "reminder", current.id(), changes);
                  })
              .compose(v -> load(tx, actor.tenantId(), current.id(), false));
        });
  }

  Future<List<Long>> cancelForFollowUp(SqlClient tx, Actor actor, long followUpId) {
    return cancelled(
        tx,
        actor,
        tx.preparedQuery(ReminderSql.CANCEL_FOR_FOLLOW_UP)
            .execute(Tuple.of(actor.tenantId(), followUpId)),
        new JsonObject().put("reason", "follow_up_deleted").put("followUpId", followUpId));
  }

  Future<List<Long>> cancelInTransaction(
      SqlClient tx, Actor actor, List<Long> reminderIds, String reason) {
    return cancelled(
        tx,
        actor,
        tx.preparedQuery(ReminderSql.CANCEL_IDS)
            .execute(
                Tuple.tuple()
                    .addLong(actor.tenantId())
                    .addArrayOfLong(reminderIds.toArray(Long[]::new))),
        new JsonObject().put("reason", reason));
  }

  /** Audits each reminder the update cancelled. */
  private static Future<List<Long>> cancelled(
      SqlClient tx, Actor actor, Future<RowSet<Row>> update, JsonObject why) {
    return update.compose(
        rows -> {
          List<Long> cancelled = ids(rows);
          Future<Void> audits = Future.succeededFuture();
          for (Long id : cancelled) {
            audits = audits.compose(v -> AuditLog.record(tx, actor, "cancel", "reminder", id, why));
          }
          return audits.map(cancelled);
        });
  }

  /** The step of a change: given the locked current row, do the work in the transaction. */
  private interface Change {
    Future<Reminder> apply(SqlClient tx, Reminder current);
  }

  private Future<Reminder> change(Actor actor, long reminderId, Change work) {
    return AccessTransaction.run(
        pool,
        actor,
        (tx, access) ->
            load(tx, actor.tenantId(), reminderId, true)
                .compose(current -> work.apply(tx, visible(access, current))));
  }

  private static Future<Void> setStatus(
      SqlClient tx, Actor actor, Reminder current, ReminderStatus status) {
    return tx.preparedQuery(ReminderSql.SET_STATUS)
        .execute(Tuple.of(actor.tenantId(), current.id(), status.code()))
        .mapEmpty();
  }

  private static StaleVersion stale(Reminder current, int expected) {
    return new StaleVersion(
        "提醒「"
            + current.text()
            + "」已被更新（你的版本 "
            + expected
            + "，当前版本 "
            + current.version()
            + "），请刷新后重试",
        new JsonObject()
            .put("entity", "reminder")
            .put("id", current.id())
            .put("expectedVersion", expected)
            .put("currentVersion", current.version()));
  }

  /** Why {@code t} is no new due time (null if it is one): it must lie ahead, within the bounds. */
  private InvalidInput future(String field, Instant t, String inThePast) {
    if (t == null || !t.isAfter(clock.instant())) {
      return InvalidInput.field(field, inThePast);
    }
    return DateBounds.within(t) ? null : DateBounds.refusal(field);
  }

  private static String finished(Reminder r) {
    return r.status() == ReminderStatus.DONE ? "完成" : "取消";
  }

  /** A finished reminder, or one changed since it was read, refused; null when it may change. */
  private static Future<Reminder> refusal(Reminder current, int expectedVersion, String tail) {
    if (!current.status().live()) {
      return Future.failedFuture(
          new Conflict("提醒「" + current.text() + "」已" + finished(current) + tail));
    }
    return current.version() != expectedVersion
        ? Future.failedFuture(stale(current, expectedVersion))
        : null;
  }
}
