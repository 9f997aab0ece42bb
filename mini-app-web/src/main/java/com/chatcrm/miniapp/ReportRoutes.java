package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.input.DateBounds;
import com.chatcrm.engine.report.ActivitySummaryService;
import com.chatcrm.engine.report.PipelinePeriod;
import com.chatcrm.engine.report.PipelineScope;
import com.chatcrm.engine.report.PipelineSummaryService;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Reports: the pipeline of a month, and the activity of the last days. */
final class ReportRoutes {

  private final Clock clock;
  private final PipelineSummaryService pipeline;
  private final ActivitySummaryService activity;

  ReportRoutes(Engine engine) {
    this.clock = engine.clock();
    this.pipeline = engine.pipeline();
    this.activity = engine.activity();
  }

  void addTo(Operations operations) {
    operations.on("pipeline", 200, this::pipelineSummary);
    operations.on(
        "activity",
        200,
        c -> activity.lastDays(c.actor(), c.queryInt("days", 30)).map(Views::activity));
  }

  private Future<Object> pipelineSummary(Call c) {
    PipelineScope scope =
        PipelineScope.valueOf(
            (c.query("scope") == null ? "me" : c.query("scope")).toUpperCase(Locale.ROOT));
    String month = c.query("month");
    PipelinePeriod period;
    try {
      YearMonth asked = month == null ? YearMonth.now(clock) : YearMonth.parse(month);
      DateBounds.refuse("month", asked.atDay(1));
      period = PipelinePeriod.month(asked);
    } catch (DateTimeParseException e) {
      return Future.failedFuture(InvalidInput.field("month", "应为 yyyy-MM，例如 2026-11"));
    }
    return pipeline.summary(c.actor(), scope, period).map(Views::pipeline);
  }
}
