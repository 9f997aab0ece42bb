package com.chatcrm.engine.report;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.db.DatabaseLocation;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.tenant.TenantService;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recent activity for the mini-app's report page: follow-ups per day over the last days (in the
 * tenant's time zone), and a ranking of the people the actor sees (a rep: only themselves; a
 * manager: their subtrees; an admin: everyone) by deals won and follow-ups logged in that time.
 */
public final class ActivitySummaryService {

  public static final int MAX_DAYS = 90;

  /** Follow-ups logged on one day. */
  public record DayCount(LocalDate day, long followUps) {}

  /** One person's figures over the period. */
  public record RepLine(
      long userId, String name, long followUps, long wonCount, BigDecimal wonAmount) {}

  /** Days oldest first, every day present; ranking best first. */
  public record ActivitySummary(
      LocalDate from, LocalDate to, List<DayCount> days, List<RepLine> ranking) {}

  static final String PER_DAY =
      DatabaseLocation.PLANNED_PER_CALL
          + """
      SELECT (f.happened_at AT TIME ZONE $5)::date AS day, count(*) AS n
        FROM follow_up f
       WHERE f.tenant_id = $1 AND f.deleted_at IS NULL AND f.happened_at >= $4 AND f.happened_at < $6
         AND ($2 OR f.author_id = ANY($3))
       GROUP BY 1
      """;

  static final String RANKING =
      DatabaseLocation.PLANNED_PER_CALL
          + """
      SELECT u.id, u.name,
             (SELECT count(*) FROM follow_up f WHERE f.tenant_id = u.tenant_id AND f.author_id = u.id
                 AND f.deleted_at IS NULL AND f.happened_at >= $4) AS follow_ups,
             w.won_count, w.won_amount
        FROM crm_user u
        CROSS JOIN LATERAL (SELECT count(*) AS won_count, coalesce(sum(o.amount), 0) AS won_amount
                              FROM opportunity o
                             WHERE o.tenant_id = u.tenant_id AND o.owner_id = u.id AND o.status = 'won'
                               AND o.deleted_at IS NULL AND o.closed_at >= $4) w
       WHERE u.tenant_id = $1 AND u.active AND ($2 OR u.id = ANY($3))
       ORDER BY w.won_amount DESC, follow_ups DESC, u.name
       LIMIT 50
      """;

  private final Pool pool;
  private final TenantService tenants;
  private final Clock clock;

  public ActivitySummaryService(Pool pool, Clock clock) {
    this(pool, clock, new TenantService(pool));
  }

  public ActivitySummaryService(Pool pool, Clock clock, TenantService tenants) {
    this.pool = pool;
    this.tenants = tenants;
    this.clock = clock;
  }

  /** The last {@code days} days, today included. */
  public Future<ActivitySummary> lastDays(Actor actor, int days) {
    if (days < 1 || days > MAX_DAYS) {
      return Future.failedFuture(InvalidInput.field("days", "应在 1 到 " + MAX_DAYS + " 之间"));
    }
    return tenants
        .get(actor.tenantId())
        .compose(
            tenant ->
                AccessResolver.resolve(pool, actor)
                    .compose(
                        access -> {
                          LocalDate today = LocalDate.now(clock.withZone(tenant.timeZone()));
                          LocalDate from = today.minusDays(days - 1L);
                          return perDay(access, tenant.timeZone(), from, today)
                              .compose(
                                  dayList ->
                                      pool.preparedQuery(RANKING)
                                          .execute(
                                              Tuple.of(
                                                  actor.tenantId(),
                                                  access.seesEverything(),
                                                  access.visibleOwnerArray(),
                                                  startOf(from, tenant.timeZone())))
                                          .map(
                                              ranking -> {
                                                List<RepLine> lines = new ArrayList<>();
                                                for (Row r : ranking) {
                                                  lines.add(
                                                      new RepLine(
                                                          r.getLong("id"),
                                                          r.getString("name"),
                                                          r.getLong("follow_ups"),
                                                          r.getLong("won_count"),
                                                          r.getBigDecimal("won_amount")));
                                                }
                                                return new ActivitySummary(
                                                    from, today, dayList, List.copyOf(lines));
                                              }));
                        }));
  }

  /**
   * Follow-ups per day of the people the actor sees over the {@code days} days ending with {@code
   * lastDay} (in the tenant's time zone), oldest first, every day present — the 日报 chart's activity
   * bars.
   */
  public Future<List<DayCount>> followUpsPerDay(Actor actor, LocalDate lastDay, int days) {
    if (days < 1 || days > MAX_DAYS) {
      return Future.failedFuture(InvalidInput.field("days", "应在 1 到 " + MAX_DAYS + " 之间"));
    }
    if (lastDay == null) {
      return Future.failedFuture(InvalidInput.field("day", "must be given"));
    }
    return tenants
        .get(actor.tenantId())
        .compose(
            tenant ->
                AccessResolver.resolve(pool, actor)
                    .compose(
                        access ->
                            perDay(
                                access, tenant.timeZone(), lastDay.minusDays(days - 1L), lastDay)));
  }

  /**
   * Follow-ups per day over {@code period} (at most {@link ReportRange#MAX_DAYS} days) of the actor
   * (ME), the people they see (TEAM) or the whole company (TENANT, admins only); no ranking (the
   * report page's team rows are {@link TeamActivityService}'s).
   */
  public Future<ActivitySummary> range(Actor actor, PipelineScope scope, PipelinePeriod period) {
    if (scope == null || period == null || period.days() > ReportRange.MAX_DAYS) {
      return Future.failedFuture(InvalidInput.field("to", "统计区间最长 " + ReportRange.MAX_DAYS + " 天"));
    }
    return ReportAudience.resolve(pool, tenants, actor, scope)
        .compose(
            audience -> {
              LocalDate last = period.to().minusDays(1);
              return perDay(
                      audience.access().tenantId(),
                      audience.everyone(),
                      audience.owners(),
                      audience.zone(),
                      period.from(),
                      last)
                  .map(days -> new ActivitySummary(period.from(), last, days, List.of()));
            });
  }

  private Future<List<DayCount>> perDay(Access access, ZoneId zone, LocalDate from, LocalDate to) {
    return perDay(
        access.tenantId(), access.seesEverything(), access.visibleOwnerArray(), zone, from, to);
  }

  private Future<List<DayCount>> perDay(
      long tenantId, boolean everyone, Long[] owners, ZoneId zone, LocalDate from, LocalDate to) {
    Tuple args =
        Tuple.of(
            tenantId,
            everyone,
            owners,
            startOf(from, zone),
            zone.getId(),
            startOf(to.plusDays(1), zone));
    return pool.preparedQuery(PER_DAY)
        .execute(args)
        .map(
            rows -> {
              Map<LocalDate, Long> counts = new HashMap<>();
              for (Row r : rows) {
                counts.put(r.getLocalDate("day"), r.getLong("n"));
              }
              List<DayCount> dayList = new ArrayList<>();
              for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                dayList.add(new DayCount(d, counts.getOrDefault(d, 0L)));
              }
              return List.copyOf(dayList);
            });
  }

  private static OffsetDateTime startOf(LocalDate day, ZoneId zone) {
    return day.atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
  }
}
