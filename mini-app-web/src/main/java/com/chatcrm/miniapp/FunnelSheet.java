package com.chatcrm.miniapp;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.report.PipelineFigures;
import com.chatcrm.engine.report.PipelinePeriod;
import com.chatcrm.engine.report.PipelineScope;
import com.chatcrm.engine.report.PipelineStageLine;
import com.chatcrm.engine.report.PipelineSummary;
import com.chatcrm.engine.report.PipelineSummaryService;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * 销售漏斗: the funnel of a period as the 报表 page and chat compute it ({@link PipelineSummaryService}):
 * per open stage in the stages' order the open opportunities at the end of the period, their total,
 * then those won and lost in the period. Scope mine, team (a manager's subtrees) or company (admins
 * only).
 */
final class FunnelSheet implements ExportSheet {

  private final PipelineSummaryService pipeline;

  FunnelSheet(PipelineSummaryService pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  public ExportKind kind() {
    return ExportKind.FUNNEL;
  }

  @Override
  public ExportFilter filter(Map<String, String> given, LocalDate today) {
    return ExportFilter.builder()
        .range(given, today)
        .put("scope", ExportFilter.oneOf(given, "scope", "team", "mine", "team", "company"))
        .build();
  }

  @Override
  public Future<Long> check(Actor actor, ExportFilter filter) {
    // the company's funnel is refused to anyone but an admin here, before a link is made
    return summary(actor, filter).map(s -> null);
  }

  @Override
  public ExportWorkbook.Rows rows(Actor actor, ExportFilter filter, ZoneId zone) {
    return after -> summary(actor, filter).map(s -> new ExportWorkbook.Page(rows(s), null));
  }

  private Future<PipelineSummary> summary(Actor actor, ExportFilter filter) {
    PipelineScope scope =
        switch (filter.get("scope")) {
          case "mine" -> PipelineScope.ME;
          case "company" -> PipelineScope.TENANT;
          default -> PipelineScope.TEAM;
        };
    PipelinePeriod period = new PipelinePeriod(filter.day("from"), filter.day("to").plusDays(1));
    return pipeline.summary(actor, scope, period);
  }

  private static List<Object[]> rows(PipelineSummary s) {
    List<Object[]> rows = new ArrayList<>();
    for (PipelineStageLine line : s.stages()) {
      rows.add(row(line.name(), line.probability() + "%", line.figures().current()));
    }
    rows.add(row("进行中合计", null, s.open().current()));
    rows.add(row("赢单", "100%", s.won().current()));
    rows.add(row("输单", "0%", s.lost().current()));
    return rows;
  }

  private static Object[] row(String name, String rate, PipelineFigures f) {
    return new Object[] {name, f.count(), f.amount(), rate, weighted(f, rate)};
  }

  // won ones count in full and lost ones not at all, whatever rate their stage had when they
  // closed
  private static BigDecimal weighted(PipelineFigures f, String rate) {
    if ("100%".equals(rate)) {
      return f.amount();
    }
    return "0%".equals(rate) ? BigDecimal.ZERO.setScale(2) : f.weightedAmount();
  }
}
