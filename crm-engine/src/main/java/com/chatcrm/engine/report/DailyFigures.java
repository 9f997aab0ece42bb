package com.chatcrm.engine.report;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.report.DailyReport.RepActivity;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;

/**
 * The 日报's figures of one day for every rep the actor may see: a rep their own, a manager their
 * subtrees', an admin everyone's. The same statement and the same rule of who is listed as {@link
 * DailyReportService}, so a day of an export and that day's 日报 agree; one day at a time, so that a
 * range is read and written day by day.
 */
public final class DailyFigures {

  private final Pool pool;

  public DailyFigures(Pool pool) {
    this.pool = pool;
  }

  /** The day's figures in the tenant's {@code zone}, by rep name then id. */
  public Future<List<RepActivity>> of(Actor actor, LocalDate day, ZoneId zone) {
    if (day == null) {
      return Future.failedFuture(InvalidInput.field("day", "must be given"));
    }
    return AccessResolver.resolve(pool, actor).compose(access -> read(access, day, zone));
  }

  private Future<List<RepActivity>> read(Access access, LocalDate day, ZoneId zone) {
    OffsetDateTime from = day.atStartOfDay(zone).toOffsetDateTime();
    OffsetDateTime to = day.plusDays(1).atStartOfDay(zone).toOffsetDateTime();
    return pool.preparedQuery(DailyReportSql.ACTIVITY)
        .execute(
            Tuple.of(
                access.tenantId(), access.seesEverything(), access.visibleOwnerArray(), from, to))
        .map(
            rows ->
                DailyReportService.listed(rows).stream()
                    .sorted(
                        Comparator.comparing(RepActivity::name)
                            .thenComparingLong(RepActivity::userId))
                    .toList());
  }
}
