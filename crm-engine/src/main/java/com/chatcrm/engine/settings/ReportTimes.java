package com.chatcrm.engine.settings;

import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.audit.FieldChanges;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.schedule.DailyReportVerticle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * When a company's managers get the 日报 (every day) and the 周报 (Mondays), in the company's time
 * zone: the company's own times in {@code tenant.settings.schedule}, which the report scheduler
 * reads at every pass and prefers to the service's configured ones ({@code reports.dailyAt}, {@code
 * reports.weeklyAt}). A time not set (null) means the configured one.
 */
public final class ReportTimes {

  /** The keys in {@code tenant.settings.schedule}, also the API's field names. */
  public static final String DAILY = DailyReportVerticle.TENANT_SETTING;

  public static final String WEEKLY = DailyReportVerticle.WEEKLY_TENANT_SETTING;

  private static final List<String> KEYS = List.of(DAILY, WEEKLY);

  /** HH:mm, 00:00 to 23:59, as the page's time input sends it. */
  private static final Pattern HH_MM = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");

  /** The company's own times; null where the service's configured time applies. */
  public record Times(LocalTime dailyAt, LocalTime weeklyAt) {}

  private final Pool pool;
  private final AdminRoles admins;

  public ReportTimes(Pool pool, AdminRoles admins) {
    this.pool = pool;
    this.admins = admins;
  }

  /** The company's own times; for admins only. */
  public Future<Times> get(Actor actor) {
    return admins
        .requireAdmin(actor)
        .compose(v -> pool.preparedQuery(SettingsSql.SCHEDULE).execute(Tuple.of(actor.tenantId())))
        .map(rows -> times(rows.iterator().next().getJsonObject("schedule")));
  }

  /**
   * Sets the times named in {@code changes} ({@link #DAILY}, {@link #WEEKLY}) to an "HH:mm", or
   * back to the configured one with null; times not named stay as they are, so two admins changing
   * different times do not undo each other. Audited as {@code report_schedule} of the tenant.
   */
  public Future<Times> update(Actor actor, Map<String, String> changes) {
    try {
      validate(changes);
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    return AccessTransaction.asAdmin(
        pool,
        actor,
        "只有管理员可以修改日报和周报的时间",
        tx ->
            tx.preparedQuery(SettingsSql.SCHEDULE_FOR_UPDATE)
                .execute(Tuple.of(actor.tenantId()))
                .compose(
                    rows -> {
                      JsonObject before = rows.iterator().next().getJsonObject("schedule");
                      JsonObject after = before.copy();
                      changes.forEach(
                          (key, value) -> {
                            if (value == null) {
                              after.remove(key);
                            } else {
                              after.put(key, value);
                            }
                          });
                      JsonObject diff = FieldChanges.between(shown(before), shown(after));
                      if (diff.isEmpty()) {
                        return Future.succeededFuture(times(before));
                      }
                      return tx.preparedQuery(SettingsSql.SET_SCHEDULE)
                          .execute(Tuple.of(actor.tenantId(), after))
                          .compose(
                              v ->
                                  AuditLog.record(
                                      tx,
                                      actor,
                                      "update",
                                      "report_schedule",
                                      actor.tenantId(),
                                      diff))
                          .map(times(after));
                    }));
  }

  private static void validate(Map<String, String> changes) {
    if (changes == null || changes.isEmpty()) {
      throw InvalidInput.field(DAILY, "请填写日报或周报的时间");
    }
    for (Map.Entry<String, String> e : changes.entrySet()) {
      if (!KEYS.contains(e.getKey())) {
        throw InvalidInput.field(e.getKey(), "没有这项时间设置");
      }
      if (e.getValue() != null && !HH_MM.matcher(e.getValue()).matches()) {
        throw InvalidInput.field(
            e.getKey(),
            (DAILY.equals(e.getKey()) ? "日报" : "周报") + "时间应为 HH:mm（00:00 到 23:59），例如 18:30");
      }
    }
  }

  /** Only the report times, for the audit row (the schedule may hold other keys). */
  private static JsonObject shown(JsonObject schedule) {
    JsonObject out = new JsonObject();
    KEYS.forEach(k -> out.put(k, schedule.getValue(k)));
    return out;
  }

  private static Times times(JsonObject schedule) {
    return new Times(time(schedule, DAILY), time(schedule, WEEKLY));
  }

  /** As the scheduler reads it: a value that is no time (edited by hand) counts as not set. */
  private static LocalTime time(JsonObject schedule, String key) {
    Object v = schedule == null ? null : schedule.getValue(key);
    if (v instanceof String s) {
      try {
        return LocalTime.parse(s);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    return null;
  }
}
