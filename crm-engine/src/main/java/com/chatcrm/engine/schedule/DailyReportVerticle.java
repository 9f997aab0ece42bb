package com.chatcrm.engine.schedule;

import com.chatcrm.engine.port.Notification;
import com.chatcrm.engine.port.Notifier;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each manager one daily report (日报) a day, at the tenant's local report time, and on Monday
 * mornings a summary of the week before. "One" holds across
 * nodes and restarts: a report is claimed in {@code scheduled_run} under (tenant, manager, day) before it
 * is sent, and a claim whose node died is taken over after the lease. A node that was down at report
 * time catches up on start (up to {@code catchUpDays} back), instead of skipping the day.
 */
public final class DailyReportVerticle extends PeriodicPass {

  private static final Logger LOG = LoggerFactory.getLogger(DailyReportVerticle.class);
  /** Key in {@code tenant.settings.schedule} overriding the report time, "HH:mm". */
  public static final String TENANT_SETTING = "dailyReportAt";

  /**
   * @param tick how often to look for reports due
   * @param reportAt the local time reports go out, unless the tenant set its own
   * @param catchUpDays how many past days a late start still sends
   * @param lease after this a report claimed but not finished is claimed again
   * @param weeklyAt the local time on Mondays the weekly summary goes out
   */
  public record Settings(Duration tick, LocalTime reportAt, int catchUpDays, Duration lease, LocalTime weeklyAt) {

    public Settings(Duration tick, LocalTime reportAt, int catchUpDays, Duration lease) {
      this(tick, reportAt, catchUpDays, lease, LocalTime.of(9, 0));
    }

    public static Settings defaults() {
      return new Settings(Duration.ofMinutes(1), LocalTime.of(18, 30), 1, Duration.ofMinutes(10), LocalTime.of(9, 0));
    }
  }

  private final DailyReportContent content;
  private final Notifier notifier;
  private final Clock clock;
  private final Settings settings;
  private final ScheduledRuns runs;

  public DailyReportVerticle(Pool pool, DailyReportContent content, Notifier notifier, Clock clock, Settings settings) {
    super(settings.tick(), "Daily report", true);
    this.content = content;
    this.notifier = notifier;
    this.clock = clock;
    this.settings = settings;
    this.runs = new ScheduledRuns(pool, settings.lease());
  }

  /** The dedupe key of a manager's report of a day: a retried report is delivered once. */
  public static String dedupeKey(long managerId, LocalDate day) {
    return "daily-report:" + managerId + ":" + day;
  }

  /** The dedupe key of a manager's summary of the week starting on {@code monday}. */
  public static String weeklyKey(long managerId, LocalDate monday) {
    return "weekly-report:" + managerId + ":" + monday;
  }

  @Override
  protected Future<Integer> pass() {
    Instant now = clock.instant();
    return runs.tenants().compose(tenants -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (TenantClock t : tenants) {
        for (LocalDate day : dueDays(t, now)) {
          chain = chain.compose(sum -> forDay(t, ScheduledRuns.DAILY_REPORT, day, now).map(n -> sum + n)
              .otherwise(e -> {
                LOG.warn("Daily reports of tenant {} for {} not sent: {}", t.tenantId(), day, e.getMessage());
                return sum;
              }));
        }
        LocalDate week = dueWeek(t, now);
        if (week != null) {
          chain = chain.compose(sum -> forDay(t, ScheduledRuns.WEEKLY_REPORT, week, now).map(n -> sum + n)
              .otherwise(e -> {
                LOG.warn("Weekly reports of tenant {} for {} not sent: {}", t.tenantId(), week, e.getMessage());
                return sum;
              }));
        }
      }
      return chain;
    });
  }

  /** The days whose report time has passed, from the oldest still owed; none before the tenant existed. */
  List<LocalDate> dueDays(TenantClock t, Instant now) {
    LocalDate today = t.today(now);
    List<LocalDate> days = new ArrayList<>();
    for (int back = settings.catchUpDays(); back >= 1; back--) {
      days.add(today.minusDays(back));
    }
    if (t.reached(now, t.timeOf(TENANT_SETTING, settings.reportAt()))) {
      days.add(today);
    }
    days.removeIf(d -> d.isBefore(t.firstDay()));
    return days;
  }

  /**
   * The Monday of the last full week, once its summary is due: from {@code weeklyAt} on Monday until the
   * end of Sunday (a late start catches up); null when nothing is due or the tenant did not exist for the
   * whole week.
   */
  LocalDate dueWeek(TenantClock t, Instant now) {
    LocalDate today = t.today(now);
    LocalDate thisMonday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    if (today.equals(thisMonday) && !t.reached(now, settings.weeklyAt())) {
      return null;
    }
    LocalDate lastMonday = thisMonday.minusWeeks(1);
    return lastMonday.isBefore(t.firstDay()) ? null : lastMonday;
  }

  private Future<Integer> forDay(TenantClock t, String kind, LocalDate day, Instant now) {
    return runs.managersWithoutReport(t.tenantId(), kind, day).compose(managers -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (long manager : managers) {
        chain = chain.compose(sum -> oneReport(t, kind, manager, day, now).map(sent -> sum + (sent ? 1 : 0)));
      }
      return chain;
    });
  }

  private Future<Boolean> oneReport(TenantClock t, String kind, long manager, LocalDate day, Instant now) {
    boolean weekly = ScheduledRuns.WEEKLY_REPORT.equals(kind);
    return runs.claim(t.tenantId(), kind, manager, day, now).compose(mine -> {
      if (!mine) {
        return Future.succeededFuture(false);
      }
      return (weekly ? content.renderWeek(t.tenantId(), manager, day) : content.render(t.tenantId(), manager, day))
          .compose(report -> report.isEmpty()
              ? Future.succeededFuture(false)
              : notifier.push(t.tenantId(), manager,
                  keyed(report.get(), weekly ? weeklyKey(manager, day) : dedupeKey(manager, day))).map(true))
          .compose(sent -> runs.finish(t.tenantId(), kind, manager, day, clock.instant()).map(sent))
          .otherwise(e -> {
            // left 'claimed': after the lease this or another node sends it
            LOG.warn("Report {} of manager {} (tenant {}) for {} not sent: {}", kind, manager, t.tenantId(), day,
                e.getMessage());
            return false;
          });
    });
  }

  private static Notification keyed(Notification n, String key) {
    return new Notification(n.title(), n.markdown(), n.fields(), n.buttons(), key, n.channels());
  }
}
