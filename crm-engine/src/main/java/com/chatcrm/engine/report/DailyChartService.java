package com.chatcrm.engine.report;

import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.report.ActivitySummaryService.DayCount;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * The figures behind a manager's 日报 chart, for the same team and week as the report: the funnel of
 * open opportunities per stage (the week ending with the day) and the team's follow-ups on each of
 * those seven days.
 */
public final class DailyChartService {

  public static final int DAYS = 7;

  /** Stages in funnel order; days oldest first, all seven present. */
  public record DailyChart(
      LocalDate day, PipelineScope scope, List<PipelineStageLine> stages, List<DayCount> days) {}

  private final Pool pool;
  private final PipelineSummaryService pipeline;
  private final ActivitySummaryService activity;

  public DailyChartService(Pool pool, Clock clock) {
    this(pool, new PipelineSummaryService(pool, clock), new ActivitySummaryService(pool, clock));
  }

  public DailyChartService(
      Pool pool, PipelineSummaryService pipeline, ActivitySummaryService activity) {
    this.pool = pool;
    this.pipeline = pipeline;
    this.activity = activity;
  }

  /** Refused with {@link Forbidden} for someone who manages nobody, as the report itself is. */
  public Future<DailyChart> forManager(Actor manager, LocalDate day) {
    if (day == null) {
      return Future.failedFuture(InvalidInput.field("day", "must be given"));
    }
    return AccessResolver.resolve(pool, manager)
        .compose(
            access -> {
              if (!access.seesEverything() && !access.isManager()) {
                return Future.failedFuture(new Forbidden("只有主管或管理员可以查看团队日报图表"));
              }
              PipelineScope scope =
                  access.seesEverything() ? PipelineScope.TENANT : PipelineScope.TEAM;
              return pipeline
                  .summary(manager, scope, PipelinePeriod.weekEnding(day))
                  .compose(
                      funnel ->
                          activity
                              .followUpsPerDay(manager, day, DAYS)
                              .map(days -> new DailyChart(day, scope, funnel.stages(), days)));
            });
  }
}
