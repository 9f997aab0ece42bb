package com.chatcrm.miniapp;

import com.chatcrm.engine.report.DailyReport.FollowUps;
import com.chatcrm.engine.report.PipelineComparison;
import com.chatcrm.engine.report.PipelineFigures;
import com.chatcrm.engine.report.PipelineStageLine;
import com.chatcrm.engine.report.PipelineSummary;
import com.chatcrm.engine.report.TeamActivity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/** The JSON shapes of the 报表 page: the funnel and the per-rep rows. */
final class ReportViews {

  private ReportViews() {}

  /**
   * The funnel. Each stage also says how many deals {@code reached} it (there now, in a later
   * stage, or won in the range) and what share of those went on to the next stage ({@code
   * conversionToNext}, whole percent; null when none reached it); the last open stage's next is 赢单.
   */
  static JsonObject pipeline(PipelineSummary s, LocalDate today) {
    List<PipelineStageLine> lines = s.stages();
    long[] reached = new long[lines.size() + 1];
    reached[lines.size()] = s.won().current().count();
    for (int i = lines.size() - 1; i >= 0; i--) {
      reached[i] = reached[i + 1] + lines.get(i).figures().current().count();
    }
    JsonArray stages = new JsonArray();
    for (int i = 0; i < lines.size(); i++) {
      PipelineStageLine line = lines.get(i);
      stages.add(
          new JsonObject()
              .put("stageId", line.stageId())
              .put("name", line.name())
              .put("probability", line.probability())
              .put("figures", comparison(line.figures()))
              .put("reached", reached[i])
              .put(
                  "conversionToNext",
                  reached[i] == 0 ? null : Math.round(100.0 * reached[i + 1] / reached[i])));
    }
    return new JsonObject()
        .put("scope", s.scope().name().toLowerCase(Locale.ROOT))
        .put("timeZone", s.zone().getId())
        .put("today", today.toString())
        .put("from", s.period().from().toString())
        .put("to", s.period().to().toString())
        .put("lastDay", s.period().to().minusDays(1).toString())
        .put("asOf", Views.time(s.asOf()))
        .put("stages", stages)
        .put("open", comparison(s.open()))
        .put("won", comparison(s.won()))
        .put("lost", comparison(s.lost()));
  }

  static JsonObject teamActivity(TeamActivity t) {
    JsonArray reps = new JsonArray();
    t.reps().forEach(r -> reps.add(work(r)));
    return new JsonObject()
        .put("scope", t.scope().name().toLowerCase(Locale.ROOT))
        .put("timeZone", t.zone().getId())
        .put("from", t.from().toString())
        .put("lastDay", t.lastDay().toString())
        .put("reps", reps)
        .put("totals", work(t.totals()).put("userId", null).put("name", "合计"));
  }

  private static JsonObject work(TeamActivity.RepWork r) {
    FollowUps f = r.followUps();
    return new JsonObject()
        .put("userId", r.userId())
        .put("name", r.name())
        .put("newCustomers", r.newCustomers())
        .put("followUps", f.total())
        .put(
            "followUpsByMethod",
            new JsonObject()
                .put("call", f.call())
                .put("visit", f.visit())
                .put("wechat", f.wechat())
                .put("email", f.email())
                .put("meeting", f.meeting())
                .put("other", f.other()))
        .put("newOpportunities", r.newOpportunities())
        .put("stageMoves", r.stageMoves())
        .put("wonDeals", r.wonDeals())
        .put("wonAmount", Views.money(r.wonAmount()));
  }

  private static JsonObject comparison(PipelineComparison c) {
    return new JsonObject()
        .put("current", figures(c.current()))
        .put("previous", figures(c.previous()))
        .put("change", figures(c.change()));
  }

  private static JsonObject figures(PipelineFigures f) {
    return new JsonObject()
        .put("count", f.count())
        .put("amount", Views.money(f.amount()))
        .put("weightedAmount", Views.money(f.weightedAmount()));
  }
}
