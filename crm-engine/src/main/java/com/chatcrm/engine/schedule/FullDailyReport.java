package com.chatcrm.engine.schedule;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.port.Notification;
import com.chatcrm.engine.port.ReportChartLinks;
import com.chatcrm.engine.report.DailyReport;
import com.chatcrm.engine.report.DailyReportService;
import com.chatcrm.engine.report.PipelineComparison;
import com.chatcrm.engine.report.PipelinePeriod;
import com.chatcrm.engine.report.PipelineScope;
import com.chatcrm.engine.report.PipelineSummary;
import com.chatcrm.engine.report.PipelineSummaryService;
import com.chatcrm.engine.report.Yuan;
import com.chatcrm.engine.salestarget.TargetLines;
import com.chatcrm.engine.salestarget.TargetProgress;
import com.chatcrm.engine.salestarget.TargetService;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The manager's 日报 as pushed: the team's day from {@link DailyReportService} (per rep, won amounts,
 * idle reps, overdue reminders, customers about to return to the pool) and the funnel with its
 * change against the week before, from {@link PipelineSummaryService}, with the chart image when
 * {@link ReportChartLinks} says where it is served. The weekly summary stays the basic one.
 */
public final class FullDailyReport implements DailyReportContent {

  private final TargetService targets;

  private static final int MAX_REPS_LISTED = 15;
  private static final int MAX_RECLAIMS_LISTED = 5;

  private final DailyReportService reports;
  private final PipelineSummaryService pipeline;
  private final BasicDailyReport weekly;
  private final String dashboardUrl;
  private final ReportChartLinks charts;

  /**
   * @param dashboardUrl the mini-app's report page, for the button; null for none
   */
  public FullDailyReport(Pool pool, java.time.Clock clock, String dashboardUrl) {
    this(pool, clock, dashboardUrl, null);
  }

  /**
   * @param dashboardUrl the mini-app's report page, for the button; null for none
   * @param charts where the report's chart image is served; null for a report without one
   */
  public FullDailyReport(
      Pool pool, java.time.Clock clock, String dashboardUrl, ReportChartLinks charts) {
    this(pool, clock, new PipelineSummaryService(pool, clock), dashboardUrl, charts);
  }

  /**
   * @param pipeline the funnel as everyone else sees it (the process's cached one)
   */
  public FullDailyReport(
      Pool pool,
      java.time.Clock clock,
      PipelineSummaryService pipeline,
      String dashboardUrl,
      ReportChartLinks charts) {
    this.reports = new DailyReportService(pool, clock);
    this.targets = new TargetService(pool);
    this.pipeline = pipeline;
    this.weekly = new BasicDailyReport(pool);
    this.dashboardUrl = dashboardUrl;
    this.charts = charts;
  }

  @Override
  public Future<Optional<Notification>> render(long tenantId, long managerId, LocalDate day) {
    Actor manager = Actor.user(tenantId, managerId, Source.system("daily-report"));
    return reports
        .forManager(manager, day)
        .compose(
            report ->
                pipeline
                    .summary(
                        manager,
                        report.scope() == DailyReport.Scope.TENANT
                            ? PipelineScope.TENANT
                            : PipelineScope.TEAM,
                        PipelinePeriod.weekEnding(day))
                    .compose(
                        funnel ->
                            targets
                                .progress(manager, true, day)
                                .map(
                                    goals ->
                                        Optional.of(
                                            withChart(
                                                compose(report, funnel, goals, day),
                                                tenantId,
                                                managerId,
                                                day)))))
        .recover(
            e ->
                e instanceof Forbidden
                    ? Future.succeededFuture(Optional.empty()) // manages nobody: no report
                    : Future.failedFuture(e));
  }

  @Override
  public Future<Optional<Notification>> renderWeek(
      long tenantId, long managerId, LocalDate monday) {
    Actor manager = Actor.user(tenantId, managerId, Source.system("weekly-report"));
    // the targets as they stood at the week's end, under the week's figures
    return weekly
        .renderWeek(tenantId, managerId, monday)
        .compose(
            week ->
                week.isEmpty()
                    ? Future.succeededFuture(week)
                    : targets
                        .progress(manager, true, monday.plusDays(6))
                        .map(
                            goals ->
                                week.map(
                                    n ->
                                        new Notification(
                                            n.title(),
                                            (n.markdown() + TargetLines.of(goals, true)).strip(),
                                            n.fields(),
                                            n.buttons(),
                                            n.dedupeKey(),
                                            n.channels(),
                                            n.imageUrl()))));
  }

  private Notification withChart(Notification n, long tenantId, long managerId, LocalDate day) {
    return charts == null ? n : n.withImage(charts.dailyChartUrl(tenantId, managerId, day));
  }

  private Notification compose(
      DailyReport r, PipelineSummary funnel, List<TargetProgress> goals, LocalDate day) {
    DailyReport.Totals t = r.totals();
    StringBuilder md = new StringBuilder();
    md.append("今天团队跟进 ")
        .append(t.followUps().total())
        .append(" 次，新客户 ")
        .append(t.newCustomers())
        .append(" 个，阶段推进 ")
        .append(t.stageMoves())
        .append(" 次");
    if (t.wonDeals() > 0) {
      md.append("，赢单 ").append(t.wonDeals()).append(" 笔 ").append(Yuan.format(t.wonAmount()));
    }
    md.append("。\n");
    r.reps().stream()
        .filter(DailyReport.RepActivity::active)
        .limit(MAX_REPS_LISTED)
        .forEach(
            rep -> {
              md.append("- ").append(rep.name()).append("：跟进 ").append(rep.followUps().total());
              String methods = methods(rep.followUps());
              if (!methods.isEmpty()) {
                md.append("（").append(methods).append("）");
              }
              if (rep.newCustomers() > 0) {
                md.append("，新客户 ").append(rep.newCustomers());
              }
              if (rep.stageMoves() > 0) {
                md.append("，推进 ").append(rep.stageMoves());
              }
              if (rep.wonDeals() > 0) {
                md.append("，赢单 ").append(Yuan.format(rep.wonAmount()));
              }
              md.append('\n');
            });
    if (!r.inactiveReps().isEmpty()) {
      md.append("今天没有动静：")
          .append(String.join("、", r.inactiveReps().stream().map(DailyReport.Rep::name).toList()))
          .append('\n');
    }
    if (!r.aboutToReclaim().isEmpty()) {
      md.append("即将退回公海：");
      List<String> items = new ArrayList<>();
      r.aboutToReclaim().stream()
          .limit(MAX_RECLAIMS_LISTED)
          .forEach(
              w ->
                  items.add(
                      w.customerName()
                          + "（"
                          + w.ownerName()
                          + "，"
                          + (w.daysLeft() == 0 ? "今天" : w.daysLeft() + " 天后")
                          + "）"));
      md.append(String.join("、", items));
      if (r.aboutToReclaim().size() > MAX_RECLAIMS_LISTED) {
        md.append(" 等 ").append(t.aboutToReclaim()).append(" 个");
      }
      md.append('\n');
    }
    md.append(TargetLines.of(goals, true).strip());
    PipelineComparison open = funnel.open();
    List<Notification.Field> fields =
        List.of(
            new Notification.Field("跟进", Integer.toString(t.followUps().total())),
            new Notification.Field("逾期提醒", Integer.toString(t.overdueReminders())),
            new Notification.Field(
                "在跟商机", open.current().count() + " 个 " + Yuan.format(open.current().amount())),
            new Notification.Field("较上周", signed(open.change().amount())),
            new Notification.Field("加权金额", Yuan.format(open.current().weightedAmount())));
    List<Notification.Button> buttons =
        dashboardUrl == null
            ? List.of()
            : List.of(new Notification.Button("open:" + dashboardUrl, "打开报表"));
    return new Notification(
        "销售日报 " + day.getMonthValue() + "月" + day.getDayOfMonth() + "日",
        md.toString().strip(),
        fields,
        buttons,
        "daily-report:" + r.tenantId() + ":" + day,
        List.of(Notification.CHAT));
  }

  private static String methods(DailyReport.FollowUps f) {
    List<String> parts = new ArrayList<>();
    add(parts, "电话", f.call());
    add(parts, "拜访", f.visit());
    add(parts, "微信", f.wechat());
    add(parts, "邮件", f.email());
    add(parts, "会议", f.meeting());
    add(parts, "其他", f.other());
    return String.join(" ", parts);
  }

  private static void add(List<String> parts, String label, int n) {
    if (n > 0) {
      parts.add(label + " " + n);
    }
  }

  private static String signed(BigDecimal change) {
    return (change != null && change.signum() > 0 ? "+" : "") + Yuan.format(change);
  }
}
