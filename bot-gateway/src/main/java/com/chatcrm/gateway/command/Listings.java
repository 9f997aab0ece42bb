package com.chatcrm.gateway.command;

import static com.chatcrm.gateway.command.CardTexts.DAY;
import static com.chatcrm.gateway.command.CardTexts.WHEN;
import static com.chatcrm.gateway.command.CardTexts.label;
import static com.chatcrm.gateway.command.CardTexts.money;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerHit;
import com.chatcrm.engine.customer.CustomerSearch;
import com.chatcrm.engine.pool.PoolFilter;
import com.chatcrm.engine.pool.PoolService;
import com.chatcrm.engine.reminder.Reminder;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.report.PipelinePeriod;
import com.chatcrm.engine.report.PipelineScope;
import com.chatcrm.engine.report.PipelineSummary;
import com.chatcrm.engine.report.PipelineSummaryService;
import com.chatcrm.engine.salestarget.TargetLines;
import com.chatcrm.engine.salestarget.TargetProgress;
import com.chatcrm.engine.salestarget.TargetService;
import com.chatcrm.gateway.command.ChatCommands.Context;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.message.ChatMessage.Button;
import com.chatcrm.gateway.message.ChatMessage.Field;
import com.chatcrm.gateway.message.MiniAppLinks;
import com.chatcrm.language.ParsedCommand;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The answers that only read: 查 X, 漏斗, 日报, 待办, 公海. Moved out of {@link ChatCommands}, which keeps
 * the lines that change records.
 */
final class Listings {

  private final CustomerSearch search;
  private final PipelineSummaryService pipelines;
  private final ReminderService reminders;
  private final PoolService poolService;
  private final Clock clock;
  private final TargetService targets;

  private final DidYouMean didYouMean;

  Listings(
      CustomerSearch search,
      PipelineSummaryService pipelines,
      ReminderService reminders,
      PoolService poolService,
      Clock clock,
      TargetService targets,
      DidYouMean didYouMean) {
    this.didYouMean = didYouMean;
    this.search = search;
    this.pipelines = pipelines;
    this.reminders = reminders;
    this.poolService = poolService;
    this.clock = clock;
    this.targets = targets;
  }

  /** 查 X: the customers the sender may see, else those in the pool, else an offer to create it. */
  /**
   * @param bare the line was only the name (no 查): when nothing is found, say how to search or
   *     create rather than offer a customer named after the line
   */
  Future<ChatMessage> findCustomer(Actor actor, Context ctx, String q, boolean bare) {
    return search
        .search(actor, q, CustomerSearch.Scope.VISIBLE, 5)
        .compose(
            hits -> {
              if (!hits.isEmpty()) {
                Customer top = hits.get(0).customer();
                StringBuilder md = new StringBuilder();
                for (CustomerHit h : hits) {
                  Customer c = h.customer();
                  md.append("- ")
                      .append(c.name())
                      .append(" · ")
                      .append(c.level().label())
                      .append(" · 负责人 ")
                      .append(nz(c.ownerName()));
                  if (c.lastFollowUpAt() != null) {
                    md.append(" · 最近跟进 ")
                        .append(
                            DAY.format(c.lastFollowUpAt().atZoneSameInstant(ctx.now().getZone())));
                  }
                  md.append('\n');
                }
                // the owner is in the customer's line already; one hit also shows its phone
                List<Field> fields = new ArrayList<>();
                if (hits.size() == 1 && !top.phones().isEmpty()) {
                  fields.add(new Field("电话", top.phones().get(0)));
                }
                return Future.succeededFuture(
                    new ChatMessage(
                        "找到 " + hits.size() + " 个客户",
                        md.toString().strip(),
                        fields,
                        List.of(
                            new Button("cmd:跟进 " + top.name() + " ", "写跟进"),
                            new Button("cmd:提醒我 明天上午 跟进" + top.name(), "设提醒"),
                            new Button(MiniAppLinks.DETAIL_CUSTOMER + top.id(), "打开详情"))));
              }
              return search
                  .search(actor, q, CustomerSearch.Scope.POOL, 3)
                  .compose(
                      pool ->
                          pool.isEmpty()
                              ? didYouMean.orElse(
                                  actor,
                                  q,
                                  "查 " + q,
                                  () ->
                                      bare
                                          ? new ChatMessage(
                                              "没太明白「" + q + "」",
                                              "你能看到的客户里没有叫这个的。要查客户请说「查 名称」，要新建请说「新客户 名称」。",
                                              List.of(),
                                              List.of(new Button("cmd:帮助", "查看用法")))
                                          : new ChatMessage(
                                              "没有找到「" + q + "」",
                                              "你能看到的客户和公海里都没有。",
                                              List.of(),
                                              List.of(new Button("cmd:新客户 " + q, "新建客户"))))
                              : Future.succeededFuture(
                                  new ChatMessage(
                                      "「" + q + "」在公海中",
                                      String.join(
                                          "\n",
                                          pool.stream()
                                              .map(h -> "- " + h.customer().name())
                                              .toList()),
                                      List.of(),
                                      List.of(
                                          new Button(
                                              "cmd:领取 " + pool.get(0).customer().name(), "领取")))));
            });
  }

  Future<ChatMessage> pipeline(Actor actor, Context ctx, ParsedCommand p) {
    PipelineScope scope = "team".equals(p.scope()) ? PipelineScope.TEAM : PipelineScope.ME;
    LocalDate day = p.date() == null ? ctx.now().toLocalDate() : p.date();
    return pipelines
        .summary(actor, scope, PipelinePeriod.month(YearMonth.from(day)))
        .compose(
            s ->
                targets
                    .progress(actor, scope == PipelineScope.TEAM, day)
                    .map(goals -> funnel(s, goals, scope, day)));
  }

  private static ChatMessage funnel(
      PipelineSummary s, List<TargetProgress> goals, PipelineScope scope, LocalDate day) {
    StringBuilder md = new StringBuilder();
    s.stages()
        .forEach(
            line ->
                md.append("- ")
                    .append(line.name())
                    .append(" ")
                    .append(line.probability())
                    .append("%：")
                    .append(line.figures().current().count())
                    .append(" 个 · ")
                    .append(money(line.figures().current().amount()))
                    .append('\n'));
    md.append(TargetLines.of(goals, scope == PipelineScope.TEAM));
    return new ChatMessage(
        (scope == PipelineScope.TEAM ? "团队" : "我的") + "销售漏斗 · " + day.getMonthValue() + "月",
        md.toString().strip(),
        List.of(
            new Field(
                "进行中", s.open().current().count() + " 个 · " + money(s.open().current().amount())),
            new Field("加权金额", money(s.open().current().weightedAmount())),
            new Field(
                "本月赢单", s.won().current().count() + " 个 · " + money(s.won().current().amount())),
            new Field("本月输单", s.lost().current().count() + " 个")),
        List.of(
            new Button(
                scope == PipelineScope.TEAM ? "cmd:漏斗" : "cmd:漏斗 团队",
                scope == PipelineScope.TEAM ? "我的漏斗" : "团队漏斗")));
  }

  /**
   * The day's deals won and lost and the open funnel, for the sender's team; the full report is
   * pushed to managers.
   */
  Future<ChatMessage> dailyReport(Actor actor, Context ctx, ParsedCommand p) {
    LocalDate day = p.date() == null ? ctx.now().toLocalDate() : p.date();
    PipelineScope scope = "me".equals(p.scope()) ? PipelineScope.ME : PipelineScope.TEAM;
    return pipelines
        .summary(actor, scope, new PipelinePeriod(day, day.plusDays(1)))
        .compose(
            s ->
                reminders
                    .overdue(actor, 50)
                    .map(
                        overdue ->
                            new ChatMessage(
                                "销售日报 " + DAY.format(day),
                                "完整日报（跟进、新客户、没有动静的同事）每天下班前推送给经理。",
                                List.of(
                                    new Field(
                                        "当日赢单",
                                        s.won().current().count()
                                            + " 个 · "
                                            + money(s.won().current().amount())),
                                    new Field("当日输单", s.lost().current().count() + " 个"),
                                    new Field(
                                        "进行中",
                                        s.open().current().count()
                                            + " 个 · "
                                            + money(s.open().current().amount())),
                                    new Field("我的逾期提醒", overdue.size() + " 项")),
                                List.of(
                                    new Button("cmd:漏斗 团队", "团队漏斗"),
                                    new Button("cmd:待办", "我的待办")))));
  }

  Future<ChatMessage> todo(Actor actor, Context ctx) {
    Instant endOfDay =
        ctx.now().toLocalDate().plusDays(1).atStartOfDay(ctx.now().getZone()).toInstant();
    Instant now = clock.instant();
    return reminders
        .overdue(actor, 20)
        .compose(
            overdue ->
                reminders
                    .upcoming(actor, 50)
                    .map(
                        upcoming -> {
                          List<Reminder> today =
                              upcoming.stream()
                                  .filter(
                                      r -> !r.dueAt().isBefore(now) && r.dueAt().isBefore(endOfDay))
                                  .toList();
                          if (overdue.isEmpty() && today.isEmpty()) {
                            return new ChatMessage(
                                "今天没有待办",
                                "今天没有到期或逾期的提醒。",
                                List.of(),
                                List.of(new Button("cmd:提醒我 明天上午 ", "设提醒")));
                          }
                          StringBuilder md = new StringBuilder();
                          overdue.forEach(
                              r ->
                                  md.append("- ⚠️ 逾期 ")
                                      .append(WHEN.format(r.dueAt().atZone(ctx.now().getZone())))
                                      .append(" ")
                                      .append(r.text())
                                      .append('\n'));
                          today.forEach(
                              r ->
                                  md.append("- ")
                                      .append(
                                          DateTimeFormatter.ofPattern("HH:mm")
                                              .format(r.dueAt().atZone(ctx.now().getZone())))
                                      .append(" ")
                                      .append(r.text())
                                      .append('\n'));
                          Reminder first = !overdue.isEmpty() ? overdue.get(0) : today.get(0);
                          return new ChatMessage(
                              "今日待办",
                              md.toString().strip(),
                              List.of(
                                  new Field("今天到期", today.size() + " 项"),
                                  new Field("已逾期", overdue.size() + " 项")),
                              List.of(
                                  new Button("reminder.done:" + first.id(), "完成第一项"),
                                  new Button("reminder.snooze:" + first.id() + ":60", "推迟1小时")));
                        }));
  }

  Future<ChatMessage> pool(Actor actor) {
    return poolService
        .list(actor, PoolFilter.all(), null, 5)
        .map(
            page -> {
              if (page.items().isEmpty()) {
                return ChatMessage.text("公海里暂时没有客户。");
              }
              StringBuilder md = new StringBuilder();
              page.items()
                  .forEach(
                      c ->
                          md.append("- ")
                              .append(c.name())
                              .append(
                                  c.previousOwnerName() == null
                                      ? ""
                                      : " · 原负责人 " + c.previousOwnerName())
                              .append('\n'));
              return new ChatMessage(
                  "公海客户",
                  md.toString().strip(),
                  List.of(),
                  page.items().stream()
                      .limit(3)
                      .map(c -> new Button("cmd:领取 " + c.name(), label("领取 " + c.name())))
                      .toList());
            });
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
