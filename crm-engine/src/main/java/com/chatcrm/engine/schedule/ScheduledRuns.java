package com.chatcrm.engine.schedule;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled work that must happen once across nodes and restarts, claimed through a unique key per
 * (tenant, kind, subject, day), with a lease after which a dead node's claim is taken over.
 */
public final class ScheduledRuns {

  private static final Logger LOG = LoggerFactory.getLogger(ScheduledRuns.class);

  public static final String DAILY_REPORT = "daily_report";
  public static final String WEEKLY_REPORT = "weekly_report";
  public static final String POOL_RECLAIM = "pool_reclaim";
  public static final String OVERDUE_NUDGE = "overdue_nudge";
  public static final String DIRECTORY_SYNC = "directory_sync";

  /**
   * Managers of a tenant (active, managing a department) whose report of this kind and day is not
   * done.
   */
  Future<List<Long>> managersWithoutReport(long tenantId, String kind, LocalDate day) {
    return pool.preparedQuery(ScheduleSql.MANAGERS_WITHOUT_REPORT)
        .execute(Tuple.of(tenantId, day, kind))
        .map(
            rows -> {
              List<Long> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(r.getLong(0));
              }
              return out;
            });
  }

  private final Pool pool;
  private final Duration lease;

  public ScheduledRuns(Pool pool, Duration lease) {
    this.pool = pool;
    this.lease = lease;
  }

  /** Every tenant with its time zone. */
  Future<List<TenantClock>> tenants() {
    return pool.preparedQuery(ScheduleSql.TENANTS).execute().map(ScheduledRuns::tenantClocks);
  }

  /**
   * The tenants with reminders due at {@code now}, or claimed between {@code staleAfter} and {@code
   * staleBefore} and never handed over.
   */
  Future<List<TenantClock>> tenantsWithDueReminders(
      Instant now, Instant staleBefore, Instant staleAfter) {
    return pool.preparedQuery(ScheduleSql.TENANTS_WITH_DUE_REMINDERS)
        .execute(Tuple.of(utc(now), utc(staleBefore), utc(staleAfter)))
        .map(ScheduledRuns::tenantClocks);
  }

  private static List<TenantClock> tenantClocks(Iterable<Row> rows) {
    List<TenantClock> out = new ArrayList<>();
    for (Row r : rows) {
      JsonObject schedule = r.getJsonObject("schedule");
      out.add(
          new TenantClock(
              r.getLong("tenant_id"),
              ZoneId.of(r.getString("time_zone")),
              r.getOffsetDateTime("created_at").toInstant(),
              schedule == null ? Map.of() : schedule.getMap()));
    }
    return out;
  }

  /**
   * Once a day per tenant, from the tenant's local {@code at} on: claims the day's run of {@code
   * kind} (one node wins), does {@code work} and marks the run finished. A failure leaves the run
   * claimed, so that after the lease this or another node does it again (each step of the work must
   * be idempotent); one tenant's failure never stops the others. Answers the sum of what the runs
   * answered.
   *
   * @param what names the work in the log, e.g. "Pool reclaim"
   * @param counted the tenants' failures left out of the log because they are counted elsewhere
   *     (for want of the database: the outage logs once)
   */
  Future<Integer> daily(
      String kind,
      String what,
      Instant now,
      Clock clock,
      Function<TenantClock, LocalTime> at,
      BiFunction<TenantClock, LocalDate, Future<Integer>> work,
      java.util.function.Predicate<Throwable> counted) {
    return tenants()
        .compose(
            tenants -> {
              Future<Integer> chain = Future.succeededFuture(0);
              for (TenantClock t : tenants) {
                if (!t.reached(now, at.apply(t))) {
                  continue;
                }
                LocalDate day = t.today(now);
                chain =
                    chain.compose(
                        sum ->
                            claim(t.tenantId(), kind, 0, day, now)
                                .compose(
                                    mine ->
                                        !mine
                                            ? Future.succeededFuture(sum)
                                            : work.apply(t, day)
                                                .compose(
                                                    n ->
                                                        finish(
                                                                t.tenantId(),
                                                                kind,
                                                                0,
                                                                day,
                                                                clock.instant())
                                                            .map(sum + n)))
                                .otherwise(
                                    e -> {
                                      if (counted.test(e)) {
                                        return sum;
                                      }
                                      LOG.warn(
                                          "{} of tenant {} for {} not finished: {}",
                                          what,
                                          t.tenantId(),
                                          day,
                                          e.getMessage());
                                      return sum;
                                    }));
              }
              return chain;
            });
  }

  /**
   * True when this caller now holds the run and must do it; false when another has it or it is
   * done.
   */
  public Future<Boolean> claim(
      long tenantId, String kind, long subjectId, LocalDate day, Instant now) {
    return pool.preparedQuery(ScheduleSql.CLAIM_RUN)
        .execute(Tuple.of(tenantId, kind, subjectId, day, utc(now), utc(now.minus(lease))))
        .map(rows -> rows.size() > 0);
  }

  public Future<Void> finish(
      long tenantId, String kind, long subjectId, LocalDate day, Instant now) {
    return pool.preparedQuery(ScheduleSql.FINISH_RUN)
        .execute(Tuple.of(tenantId, kind, subjectId, day, utc(now)))
        .mapEmpty();
  }

  public Future<Boolean> done(long tenantId, String kind, long subjectId, LocalDate day) {
    return pool.preparedQuery(ScheduleSql.RUN_DONE)
        .execute(Tuple.of(tenantId, kind, subjectId, day))
        .map(rows -> rows.size() > 0);
  }

  static OffsetDateTime utc(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }
}
