package com.chatcrm.engine.schedule;

import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.followup.FollowUpMethod;
import com.chatcrm.engine.port.Notification;
import com.chatcrm.engine.port.Notification.Field;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A daily report computed in one statement over the manager's team (the department subtrees they
 * manage): follow-ups per rep by method, new customers, stage moves, overdue reminders and the reps
 * who did nothing. The fuller report (won amounts, pool warnings, funnel) plugs in through {@link
 * DailyReportContent}.
 */
public final class BasicDailyReport implements DailyReportContent {

  private final Pool pool;

  public BasicDailyReport(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Optional<Notification>> render(long tenantId, long managerId, LocalDate day) {
    String title = "销售日报 " + day.getMonthValue() + "月" + day.getDayOfMonth() + "日";
    return render(tenantId, managerId, day, day.plusDays(1), title, "今天");
  }

  @Override
  public Future<Optional<Notification>> renderWeek(
      long tenantId, long managerId, LocalDate monday) {
    LocalDate sunday = monday.plusDays(6);
    String title =
        "销售周报 "
            + monday.getMonthValue()
            + "月"
            + monday.getDayOfMonth()
            + "日—"
            + sunday.getMonthValue()
            + "月"
            + sunday.getDayOfMonth()
            + "日";
    return render(tenantId, managerId, monday, monday.plusDays(7), title, "本周");
  }

  /** The team's activity in the local days [from, to). */
  private Future<Optional<Notification>> render(
      long tenantId, long managerId, LocalDate first, LocalDate end, String title, String period) {
    Actor manager = Actor.user(tenantId, managerId, Source.system("daily-report"));
    return AccessResolver.resolve(pool, manager)
        .compose(
            access -> {
              if (!access.isManager() && !access.seesEverything()) {
                return Future.succeededFuture(Optional.<Notification>empty());
              }
              return zone(tenantId)
                  .compose(
                      zone -> {
                        OffsetDateTime from = first.atStartOfDay(zone).toOffsetDateTime();
                        OffsetDateTime to = end.atStartOfDay(zone).toOffsetDateTime();
                        return pool.preparedQuery(ScheduleSql.TEAM_DAY)
                            .execute(
                                Tuple.of(
                                    tenantId,
                                    access.visibleOwnerArray(),
                                    from,
                                    to,
                                    access.seesEverything()))
                            .map(rows -> Optional.of(compose(title, period, rows)));
                      });
            });
  }

  private Future<ZoneId> zone(long tenantId) {
    return pool.preparedQuery(ScheduleSql.TIME_ZONE)
        .execute(Tuple.of(tenantId))
        .map(rows -> ZoneId.of(rows.iterator().next().getString(0)));
  }

  private static Notification compose(String title, String period, Iterable<Row> rows) {
    int followUps = 0;
    int newCustomers = 0;
    int moves = 0;
    int overdue = 0;
    StringBuilder perRep = new StringBuilder();
    List<String> idle = new ArrayList<>();
    for (Row r : rows) {
      int f = r.getInteger("follow_ups");
      int c = r.getInteger("new_customers");
      int m = r.getInteger("stage_moves");
      followUps += f;
      newCustomers += c;
      moves += m;
      overdue += r.getInteger("overdue");
      if (f + c + m == 0) {
        idle.add(r.getString("name"));
      } else {
        perRep.append("- ").append(r.getString("name")).append("：跟进 ").append(f);
        String methods = methods(r.getString("by_method"));
        if (!methods.isEmpty()) {
          perRep.append("（").append(methods).append("）");
        }
        if (c > 0) {
          perRep.append("，新客户 ").append(c);
        }
        if (m > 0) {
          perRep.append("，推进阶段 ").append(m);
        }
        perRep.append('\n');
      }
    }
    String markdown =
        (perRep.length() == 0 ? period + "团队还没有跟进记录。\n" : perRep.toString())
            + (idle.isEmpty() ? "" : period + "无动作：" + String.join("、", idle));
    List<Field> fields =
        List.of(
            new Field("跟进", Integer.toString(followUps)),
            new Field("新增客户", Integer.toString(newCustomers)),
            new Field("阶段推进", Integer.toString(moves)),
            new Field("逾期提醒", Integer.toString(overdue)),
            new Field("无动作", Integer.toString(idle.size())));
    return Notification.of(title, markdown.strip(), fields, "daily-report");
  }

  /** "call:2,visit:1" → "电话 2、拜访 1". */
  private static String methods(String byMethod) {
    if (byMethod == null || byMethod.isEmpty()) {
      return "";
    }
    List<String> out = new ArrayList<>();
    for (String part : byMethod.split(",")) {
      String[] kv = part.split(":");
      String label = kv[0];
      for (FollowUpMethod m : FollowUpMethod.values()) {
        if (m.code().equals(kv[0])) {
          label = m.label();
        }
      }
      out.add(label + " " + kv[1]);
    }
    return String.join("、", out);
  }
}
