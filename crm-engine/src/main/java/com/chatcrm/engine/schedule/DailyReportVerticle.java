package com.chatcrm.engine.schedule;

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
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each manager one daily report (日报) a day, at the tenant's local report time, and on Monday
 * mornings a summary of the week before. "One" holds across nodes and restarts: a report is claimed
 * in {@code scheduled_run} under (tenant, manager, day) before it is sent, and a claim whose node
 * died is taken over after the lease. A node that was down at report time catches up on start (up
 * to {@code catchUpDays} back), instead of skipping the day.
 */
public final class DailyReportVerticle extends PeriodicPass {

  private static final Logger LOG = LoggerFactory.getLogger(DailyReportVerticle.class);

  /** Key in {@code tenant.settings.schedule} overriding the report time, "HH:mm". */
  public static final String TENANT_SETTING = "dailyReportAt";

  /** Key in {@code tenant.settings.schedule} overriding the Monday 周报 time, "HH:mm". */
  public static final String WEEKLY_TENANT_SETTING = "weeklyReportAt";

  /**
   * @param tick how often to look for reports due
   * @param reportAt the local time reports go out, unless the tenant set its own
   * @param catchUpDays how many past days a late start still sends
   * @param lease after this a report claimed but not finished is claimed again
   * @param weeklyAt the local time on Mondays the weekly summary goes out, unless the tenant set
   *     its own
   */
  public record Settings(
      Duration tick, LocalTime reportAt, int catchUpDays, Duration lease, LocalTime weeklyAt) {

    public Settings(Duration tick, LocalTime reportAt, int catchUpDays, Duration lease) {
      this(tick, reportAt, catchUpDays, lease, LocalTime.of(9, 0));
    }

    public static Settings defaults() {
      return new Settings(
          Duration.ofMinutes(1),
          LocalTime.of(18, 30),
          1,
          Duration.ofMinutes(10),
          LocalTime.of(9, 0));
    }
  }

  /**
   * Reports made at the same time. One at a time, each report's dozen short statements left the
   * database waiting on round trips between them. Four lanes keep two cores busy and leave the
   * pool's other connections to the rest of the service.
   */
  static final int REPORTS_AT_ONCE = 4;

  private final DailyReportContent content;
  private final Notifier notifier;
  private final Clock clock;
  private final Settings settings;
  private final ScheduledRuns runs;

  public DailyReportVerticle(
      Pool pool, DailyReportContent content, Notifier notifier, Clock clock, Settings settings) {
    super(settings.tick(), "Daily report", true, settings.lease());
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
    return runs.tenants()
        .compose(
            tenants -> {
              Future<Integer> chain = Future.succeededFuture(0);
              for (TenantClock t : tenants) {
                for (LocalDate day : dueDays(t, now)) {
                  chain =
                      chain.compose(
                          sum ->
                              forDay(t.tenantId(), ScheduledRuns.DAILY_REPORT, day, now)
                                  .map(n -> sum + n)
                                  .otherwise(
                                      e -> {
                                        if (countedAsOutage(e)) {
                                          return sum;
                                        }
                                        LOG.warn(
                                            "Daily reports of tenant {} for {} not sent: {}",
                                            t.tenantId(),
                                            day,
                                            e.getMessage());
                                        return sum;
                                      }));
                }
                LocalDate week = dueWeek(t, now);
                if (week != null) {
                  chain =
                      chain.compose(
                          sum ->
                              forDay(t.tenantId(), ScheduledRuns.WEEKLY_REPORT, week, now)
                                  .map(n -> sum + n)
                                  .otherwise(
                                      e -> {
                                        if (countedAsOutage(e)) {
                                          return sum;
                                        }
                                        LOG.warn(
                                            "Weekly reports of tenant {} for {} not sent: {}",
                                            t.tenantId(),
                                            week,
                                            e.getMessage());
                                        return sum;
                                      }));
                }
              }
              return chain;
            });
  }

  /**
   * The days whose report time has passed, from the oldest still owed; none before the tenant
   * existed.
   */
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
   * The Monday of the last full week, once its summary is due: from {@code weeklyAt} (or the
   * tenant's own {@code weeklyReportAt}) on Monday until the end of Sunday (a late start catches
   * up); null when nothing is due or the tenant did not exist for the whole week.
   */
  LocalDate dueWeek(TenantClock t, Instant now) {
    LocalDate today = t.today(now);
    LocalDate thisMonday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    if (today.equals(thisMonday)
        && !t.reached(now, t.timeOf(WEEKLY_TENANT_SETTING, settings.weeklyAt()))) {
      return null;
    }
    LocalDate lastMonday = thisMonday.minusWeeks(1);
    return lastMonday.isBefore(t.firstDay()) ? null : lastMonday;
  }

  /**
   * The daily reports of one tenant and day, sent now as a pass sends them once their time has come
   * (claimed the same way, so never twice): for sending a day by hand, and for the benchmark.
   * Answers how many went out.
   */
  public Future<Integer> sendDaily(long tenantId, LocalDate day) {
    return forDay(tenantId, ScheduledRuns.DAILY_REPORT, day, clock.instant());
  }

  private Future<Integer> forDay(long tenantId, String kind, LocalDate day, Instant now) {
    return runs.managersWithoutReport(tenantId, kind, day)
        .compose(
            managers -> {
              Queue<Long> queue = new ConcurrentLinkedQueue<>(managers);
              AtomicInteger sent = new AtomicInteger();
              List<Future<Void>> lanes = new ArrayList<>();
              for (int i = 0; i < Math.min(REPORTS_AT_ONCE, managers.size()); i++) {
                lanes.add(drain(queue, sent, tenantId, kind, day, now));
              }
              return Future.all(lanes).map(v -> sent.get());
            });
  }

  /** One lane: reports from the queue, one after the other, until it is empty. */
  private Future<Void> drain(
      Queue<Long> queue,
      AtomicInteger sent,
      long tenantId,
      String kind,
      LocalDate day,
      Instant now) {
    Long manager = queue.poll();
    if (manager == null) {
      return Future.succeededFuture();
    }
    return oneReport(tenantId, kind, manager, day, now)
        .compose(
            ok -> {
              if (ok) {
                sent.incrementAndGet();
              }
              return drain(queue, sent, tenantId, kind, day, now);
            });
  }

  private Future<Boolean> oneReport(
      long tenantId, String kind, long manager, LocalDate day, Instant now) {
    boolean weekly = ScheduledRuns.WEEKLY_REPORT.equals(kind);
    return runs.claim(tenantId, kind, manager, day, now)
        .compose(
            mine -> {
              if (!mine) {
                return Future.succeededFuture(false);
              }
              return (weekly
                      ? content.renderWeek(tenantId, manager, day)
                      : content.render(tenantId, manager, day))
                  .compose(
                      report ->
                          report.isEmpty()
                              ? Future.succeededFuture(false)
                              : notifier
                                  .push(
                                      tenantId,
                                      manager,
                                      report
                                          .get()
                                          .withDedupeKey(
                                              weekly
                                                  ? weeklyKey(manager, day)
                                                  : dedupeKey(manager, day)))
                                  .map(true))
                  .compose(
                      sent -> runs.finish(tenantId, kind, manager, day, clock.instant()).map(sent))
                  .otherwise(
                      e -> {
                        // left 'claimed': after the lease this or another node sends it;
                        // for want of the database the outage logs once, not a line per report
                        if (countedAsOutage(e)) {
                          return false;
                        }
                        LOG.warn(
                            "Report {} of manager {} (tenant {}) for {} not sent: {}",
                            kind,
                            manager,
                            tenantId,
                            day,
                            e.getMessage());
                        return false;
                      });
            });
  }
}
