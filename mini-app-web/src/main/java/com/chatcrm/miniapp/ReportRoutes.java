package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.input.DateBounds;
import com.chatcrm.engine.report.ActivitySummaryService;
import com.chatcrm.engine.report.PipelinePeriod;
import com.chatcrm.engine.report.PipelineScope;
import com.chatcrm.engine.report.PipelineSummaryService;
import com.chatcrm.engine.report.ReportRange;
import com.chatcrm.engine.report.TeamActivityService;
import com.chatcrm.engine.tenant.TenantService;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The 报表 page: the funnel, follow-ups per day and the per-rep rows, all over one range of days in
 * the tenant's time zone ({@code from}/{@code to}, both counted; by default this month there).
 */
final class ReportRoutes {

  private final Clock clock;
  private final TenantService tenants;
  private final PipelineSummaryService pipeline;
  private final ActivitySummaryService activity;
  private final TeamActivityService team;

  ReportRoutes(Engine engine) {
    this.clock = engine.clock();
    this.tenants = engine.tenants();
    this.pipeline = engine.pipeline();
    this.activity = engine.activity();
    this.team = engine.teamActivity();
  }

  void addTo(Operations operations) {
    operations.on("pipeline", 200, this::pipelineSummary);
    operations.on("activity", 200, this::activity);
    operations.on("reportTeam", 200, this::team);
  }

  private Future<Object> pipelineSummary(Call c) {
    PipelineScope scope = scope(c, "me");
    return zone(c)
        .compose(
            zone ->
                pipeline
                    .summary(c.actor(), scope, period(c, zone, true))
                    .map(s -> ReportViews.pipeline(s, LocalDate.now(clock.withZone(zone)))));
  }

  private Future<Object> activity(Call c) {
    if (c.query("from") == null && c.query("to") == null) {
      return activity.lastDays(c.actor(), c.queryInt("days", 30)).map(Views::activity);
    }
    PipelineScope scope = scope(c, "me");
    return zone(c)
        .compose(zone -> activity.range(c.actor(), scope, period(c, zone, false)))
        .map(Views::activity);
  }

  private Future<Object> team(Call c) {
    PipelineScope scope = scope(c, "team");
    return zone(c)
        .compose(zone -> team.range(c.actor(), scope, period(c, zone, false)))
        .map(ReportViews::teamActivity);
  }

  private static PipelineScope scope(Call c, String fallback) {
    String asked = c.query("scope") == null ? fallback : c.query("scope");
    return PipelineScope.valueOf(asked.toUpperCase(Locale.ROOT));
  }

  private Future<ZoneId> zone(Call c) {
    return tenants.get(c.actor().tenantId()).map(t -> t.timeZone());
  }

  /**
   * The range asked: {@code from} and {@code to}, or (the funnel only) a {@code month}, or this
   * month in the tenant's zone — not the server's, which at 00:30 on the 1st in Shanghai still says
   * the month before.
   */
  private PipelinePeriod period(Call c, ZoneId zone, boolean monthAllowed) {
    String month = monthAllowed ? c.query("month") : null;
    boolean range = c.query("from") != null || c.query("to") != null;
    if (month != null && range) {
      throw InvalidInput.field("month", "请只给出 month，或只给出 from 和 to");
    }
    if (range) {
      return ReportRange.parse(c.query("from"), c.query("to"));
    }
    try {
      YearMonth asked =
          month == null ? YearMonth.now(clock.withZone(zone)) : YearMonth.parse(month);
      DateBounds.refuse("month", asked.atDay(1));
      return PipelinePeriod.month(asked);
    } catch (DateTimeParseException e) {
      throw InvalidInput.field("month", "应为 yyyy-MM，例如 2026-11");
    }
  }
}
