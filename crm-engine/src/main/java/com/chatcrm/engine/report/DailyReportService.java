package com.chatcrm.engine.report;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.CustomerLevel;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.report.DailyReport.FollowUps;
import com.chatcrm.engine.report.DailyReport.ReclaimWarning;
import com.chatcrm.engine.report.DailyReport.Rep;
import com.chatcrm.engine.report.DailyReport.RepActivity;
import com.chatcrm.engine.report.DailyReport.Scope;
import com.chatcrm.engine.report.DailyReport.Totals;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Computes the 日报 data for a manager's team (an admin: the whole company) and one day in the
 * tenant's time zone. Four statements whatever the team's size: access, time zone, one grouped pass
 * over the activity tables, and the list of customers about to fall back to the pool.
 */
public final class DailyReportService {

  private final Pool pool;
  private final Clock clock;

  public DailyReportService(Pool pool, Clock clock) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The report of {@code day} for the actor's team. A manager gets the department subtrees they
   * manage, an admin (or the system) the whole tenant; anyone who manages nobody is refused with
   * {@link Forbidden}. A day after today in the tenant's time zone is refused with {@link
   * InvalidInput}.
   */
  public Future<DailyReport> forManager(Actor actor, LocalDate day) {
    if (day == null) {
      return Future.failedFuture(InvalidInput.field("day", "must be given"));
    }
    return Future.all(AccessResolver.resolve(pool, actor), timeZone(actor.tenantId()))
        .compose(
            both -> {
              Access access = both.resultAt(0);
              ZoneId zone = both.resultAt(1);
              if (!access.seesEverything() && !access.isManager()) {
                return Future.failedFuture(
                    new Forbidden("只有主管或管理员可以查看团队日报 (the daily report is for managers)"));
              }
              if (day.isAfter(LocalDate.now(clock.withZone(zone)))) {
                return Future.failedFuture(InvalidInput.field("day", day + " 还没有到，无法生成日报"));
              }
              return compute(access, day, zone);
            });
  }

  /** The report of today so far, in the tenant's time zone. */
  public Future<DailyReport> today(Actor actor) {
    return timeZone(actor.tenantId())
        .compose(zone -> forManager(actor, LocalDate.now(clock.withZone(zone))));
  }

  private Future<ZoneId> timeZone(long tenantId) {
    return pool.preparedQuery(DailyReportSql.TIME_ZONE)
        .execute(Tuple.of(tenantId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new NotFound("no tenant " + tenantId);
              }
              return ZoneId.of(rows.iterator().next().getString(0));
            });
  }

  private Future<DailyReport> compute(Access access, LocalDate day, ZoneId zone) {
    // The day's bounds are taken in the tenant's zone, then handed to Postgres as instants.
    OffsetDateTime from = day.atStartOfDay(zone).toOffsetDateTime();
    OffsetDateTime to = day.plusDays(1).atStartOfDay(zone).toOffsetDateTime();
    Tuple args =
        Tuple.of(access.tenantId(), access.seesEverything(), access.visibleOwnerArray(), from, to);
    Future<RowSet<Row>> activity = pool.preparedQuery(DailyReportSql.ACTIVITY).execute(args);
    Future<RowSet<Row>> reclaim =
        pool.preparedQuery(DailyReportSql.ABOUT_TO_RECLAIM)
            .execute(
                Tuple.of(
                    access.tenantId(),
                    access.seesEverything(),
                    access.visibleOwnerArray(),
                    from,
                    to,
                    DailyReport.MAX_RECLAIM_LISTED));
    return Future.all(activity, reclaim)
        .map(v -> assemble(access, day, zone, from, to, activity.result(), reclaim.result()));
  }

  /**
   * The reps a report lists from a run of {@link DailyReportSql#ACTIVITY}: the active reps in
   * scope, and anyone else (an admin, someone who left) only for what they did.
   */
  static List<RepActivity> listed(RowSet<Row> activityRows) {
    List<RepActivity> reps = new ArrayList<>();
    for (Row r : activityRows) {
      RepActivity a =
          new RepActivity(
              r.getLong("id"),
              r.getString("name"),
              DailyReportSql.followUps(r),
              r.getInteger("new_customers"),
              r.getInteger("stage_moves"),
              r.getInteger("won_deals"),
              r.getBigDecimal("won_amount").setScale(2),
              r.getInteger("overdue_reminders"),
              r.getInteger("about_to_reclaim"));
      boolean member = r.getBoolean("active") && "rep".equals(r.getString("role"));
      if (member || a.active()) {
        reps.add(a);
      }
    }
    return reps;
  }

  private static DailyReport assemble(
      Access access,
      LocalDate day,
      ZoneId zone,
      OffsetDateTime from,
      OffsetDateTime to,
      RowSet<Row> activityRows,
      RowSet<Row> reclaimRows) {
    List<RepActivity> reps = listed(activityRows);
    reps.sort(
        Comparator.comparingInt((RepActivity a) -> a.followUps().total())
            .reversed()
            .thenComparing(RepActivity::wonAmount, Comparator.reverseOrder())
            .thenComparingLong(RepActivity::userId));

    List<Rep> inactive =
        reps.stream()
            .filter(a -> !a.active())
            .map(a -> new Rep(a.userId(), a.name()))
            .sorted(Comparator.comparingLong(Rep::userId))
            .toList();

    List<ReclaimWarning> warnings = new ArrayList<>();
    for (Row r : reclaimRows) {
      OffsetDateTime reclaimAt = r.getOffsetDateTime("reclaim_at");
      LocalDate reclaimDay = reclaimAt.atZoneSameInstant(zone).toLocalDate();
      warnings.add(
          new ReclaimWarning(
              r.getLong("id"),
              r.getString("name"),
              CustomerLevel.parse(r.getString("level")),
              r.getLong("owner_id"),
              r.getString("owner_name"),
              r.getOffsetDateTime("last_activity_at"),
              reclaimAt,
              (int) ChronoUnit.DAYS.between(day, reclaimDay)));
    }

    FollowUps followUps = FollowUps.NONE;
    int newCustomers = 0;
    int stageMoves = 0;
    int wonDeals = 0;
    BigDecimal wonAmount = BigDecimal.ZERO.setScale(2);
    int overdue = 0;
    int reclaim = 0;
    for (RepActivity a : reps) {
      followUps = followUps.plus(a.followUps());
      newCustomers += a.newCustomers();
      stageMoves += a.stageMoves();
      wonDeals += a.wonDeals();
      wonAmount = wonAmount.add(a.wonAmount());
      overdue += a.overdueReminders();
      reclaim += a.aboutToReclaim();
    }
    // Warnings about customers of people not listed (an admin, someone who left) still count.
    Set<Long> listed = reps.stream().map(RepActivity::userId).collect(Collectors.toSet());
    for (Row r : activityRows) {
      if (!listed.contains(r.getLong("id"))) {
        reclaim += r.getInteger("about_to_reclaim");
      }
    }
    Totals totals =
        new Totals(
            followUps,
            newCustomers,
            stageMoves,
            wonDeals,
            wonAmount,
            overdue,
            reps.size() - inactive.size(),
            inactive.size(),
            reclaim);
    return new DailyReport(
        access.tenantId(),
        day,
        zone,
        from,
        to,
        access.seesEverything() ? Scope.TENANT : Scope.TEAM,
        List.copyOf(reps),
        inactive,
        List.copyOf(warnings),
        totals);
  }
}
