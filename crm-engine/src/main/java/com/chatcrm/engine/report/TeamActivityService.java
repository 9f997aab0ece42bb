package com.chatcrm.engine.report;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.db.DatabaseLocation;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.report.TeamActivity.RepWork;
import com.chatcrm.engine.tenant.TenantService;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Per-rep work over a range of days (新增客户, 跟进, 新商机, 赢单...) for the actor (ME), the people they see
 * (TEAM; a rep: only themselves, as the funnel's TEAM) or the whole company (TENANT, admins only).
 * Counted by the 日报's own statements ({@link DailyReportSql#WORK}), so a one-day range shows the
 * 日报's figures.
 */
public final class TeamActivityService {

  /** The 日报's team and work, plus the opportunities each member came to own in the range. */
  static final String RANGE_WORK =
      DatabaseLocation.PLANNED_PER_CALL
          + "WITH "
          + DailyReportSql.TEAM
          + ", "
          + DailyReportSql.WORK
          + """
          , new_opportunities AS (
            SELECT o.owner_id AS user_id, count(*) AS n
              FROM opportunity o
             WHERE o.tenant_id = $1 AND o.owner_id = ANY(ARRAY(SELECT id FROM team))
               AND o.created_at >= $4 AND o.created_at < $5 AND o.deleted_at IS NULL
             GROUP BY o.owner_id
          )
          SELECT
          """
          + DailyReportSql.WORK_COLUMNS
          + """
                 , coalesce(no.n, 0) AS new_opportunities
            FROM
            """
          + DailyReportSql.WORK_JOINS
          + """
            LEFT JOIN new_opportunities no ON no.user_id = u.id
           WHERE u.tenant_id = $1 AND u.id IN (SELECT id FROM team)
          """;

  private final Pool pool;
  private final TenantService tenants;

  public TeamActivityService(Pool pool, TenantService tenants) {
    this.pool = pool;
    this.tenants = tenants;
  }

  public Future<TeamActivity> range(Actor actor, PipelineScope scope, PipelinePeriod period) {
    if (scope == null || period == null) {
      return Future.failedFuture(InvalidInput.field("scope", "请给出范围和统计区间"));
    }
    if (period.days() > ReportRange.MAX_DAYS) {
      return Future.failedFuture(InvalidInput.field("to", "统计区间最长 " + ReportRange.MAX_DAYS + " 天"));
    }
    return ReportAudience.resolve(pool, tenants, actor, scope)
        .compose(
            audience -> {
              ZoneId zone = audience.zone();
              OffsetDateTime from = period.from().atStartOfDay(zone).toOffsetDateTime();
              OffsetDateTime to = period.to().atStartOfDay(zone).toOffsetDateTime();
              return pool.preparedQuery(RANGE_WORK)
                  .execute(
                      Tuple.of(
                          audience.access().tenantId(),
                          audience.everyone(),
                          audience.owners(),
                          from,
                          to))
                  .map(
                      rows -> {
                        List<RepWork> reps = new ArrayList<>();
                        RepWork totals = RepWork.none();
                        for (Row r : rows) {
                          RepWork w = work(r);
                          boolean member =
                              r.getBoolean("active") && "rep".equals(r.getString("role"));
                          boolean self = scope == PipelineScope.ME;
                          if (self || member || w.active()) {
                            reps.add(w);
                            totals = totals.plus(w);
                          }
                        }
                        reps.sort(
                            Comparator.comparing(RepWork::wonAmount, Comparator.reverseOrder())
                                .thenComparing(
                                    (RepWork w) -> w.followUps().total(), Comparator.reverseOrder())
                                .thenComparingLong(RepWork::userId));
                        return new TeamActivity(
                            scope,
                            zone,
                            period.from(),
                            period.to().minusDays(1),
                            List.copyOf(reps),
                            totals);
                      });
            });
  }

  private static RepWork work(Row r) {
    return new RepWork(
        r.getLong("id"),
        r.getString("name"),
        r.getInteger("new_customers"),
        DailyReportSql.followUps(r),
        r.getInteger("new_opportunities"),
        r.getInteger("stage_moves"),
        r.getInteger("won_deals"),
        r.getBigDecimal("won_amount").setScale(2));
  }
}
