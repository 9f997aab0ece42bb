package com.chatcrm.engine.reminder;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.error.NotFound;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reading reminders: loads by id, row mapping, and the check that makes a colleague's reminder
 * answer like a missing one.
 */
final class ReminderRows {

  static final int MAX_LIMIT = 200;

  private ReminderRows() {}

  static Reminder visible(Access access, Reminder r) {
    if (!access.seesOwner(r.ownerId())) {
      // a colleague's reminder answers like a missing one: not even its existence is told
      throw missing(r.id());
    }
    return r;
  }

  static NotFound missing(long id) {
    return new NotFound("提醒不存在（" + id + "）");
  }

  static Future<Reminder> load(SqlClient db, long tenantId, long id, boolean forUpdate) {
    return db.preparedQuery(forUpdate ? ReminderSql.BY_ID_FOR_UPDATE : ReminderSql.BY_ID)
        .execute(Tuple.of(tenantId, id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw missing(id);
              }
              return map(rows.iterator().next());
            });
  }

  static Future<List<Reminder>> loadAll(SqlClient db, long tenantId, List<Long> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return db.preparedQuery(ReminderSql.BY_IDS)
        .execute(Tuple.tuple().addLong(tenantId).addArrayOfLong(ids.toArray(Long[]::new)))
        .map(ReminderRows::mapAll);
  }

  static int clamp(int limit) {
    return Math.max(1, Math.min(limit, MAX_LIMIT));
  }

  static List<Long> ids(RowSet<Row> rows) {
    List<Long> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(r.getLong(0));
    }
    return out;
  }

  static List<Reminder> mapAll(RowSet<Row> rows) {
    List<Reminder> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(map(r));
    }
    return out;
  }

  static Reminder map(Row r) {
    String[] channels = r.getArrayOfStrings("channels");
    return new Reminder(
        r.getLong("id"),
        r.getLong("owner_id"),
        r.getLong("customer_id"),
        r.getString("customer_name"),
        r.getLong("follow_up_id"),
        instant(r, "due_at"),
        RepeatRule.parse(r.getString("repeat_rule")),
        instant(r, "repeat_anchor"),
        channels == null ? List.of() : List.copyOf(Arrays.asList(channels)),
        r.getString("text"),
        ReminderStatus.of(r.getString("status")),
        r.getLong("created_by"),
        instant(r, "created_at"),
        instant(r, "updated_at"),
        instant(r, "sent_at"),
        r.getInteger("version"),
        r.getLong("next_id"));
  }

  static Instant instant(Row r, String column) {
    OffsetDateTime t = r.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }

  static OffsetDateTime utc(Instant t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC);
  }
}
