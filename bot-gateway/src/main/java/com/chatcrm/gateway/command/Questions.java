package com.chatcrm.gateway.command;

import static com.chatcrm.gateway.command.CardTexts.DAY;
import static com.chatcrm.gateway.command.CardTexts.WHEN;
import static com.chatcrm.gateway.command.CardTexts.money;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerFilter;
import com.chatcrm.engine.customer.CustomerList;
import com.chatcrm.engine.followup.FollowUp;
import com.chatcrm.engine.followup.FollowUpsOfDay;
import com.chatcrm.engine.mention.Mention;
import com.chatcrm.engine.mention.MentionBox;
import com.chatcrm.engine.mention.MentionService;
import com.chatcrm.engine.report.PipelinePeriod;
import com.chatcrm.engine.report.PipelineScope;
import com.chatcrm.engine.report.PipelineSummaryService;
import com.chatcrm.gateway.command.ChatCommands.Context;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.message.ChatMessage.Button;
import com.chatcrm.gateway.message.ChatMessage.Field;
import com.chatcrm.gateway.message.MiniAppLinks;
import com.chatcrm.language.ParsedCommand;
import io.vertx.core.Future;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * Questions answered in chat: 提到我的 (open @s to me), 李四的客户 / 我的客户 (a list), 我的客户有多少 (a count),
 * 团队今天的跟进 (a day's follow-ups) and 周报 (the week so far; on Monday the week before). Each sees only
 * what the asker may see.
 */
final class Questions {

  private static final int SHOWN = 10;

  private final MentionService mentions;
  private final CustomerList customerList;
  private final FollowUpsOfDay followUps;
  private final PipelineSummaryService pipelines;
  private final WhoseCustomers whose;

  private final com.chatcrm.engine.salestarget.TargetService targets;

  Questions(Engine engine, ColleagueResolver colleagues) {
    this.mentions = engine.mentions();
    this.customerList = engine.customerList();
    this.followUps = engine.followUpsOfDay();
    this.pipelines = engine.pipeline();
    this.whose = new WhoseCustomers(colleagues);
    this.targets = engine.targets();
  }

  Future<ChatMessage> mentionsMe(Actor actor, Context ctx) {
    ZoneId zone = ctx.now().getZone();
    return mentions
        .open(actor, MentionBox.TO_ME, SHOWN)
        .map(
            list -> {
              if (list.isEmpty()) {
                return ChatMessage.text("没有待处理的 @我。同事 @你 协助某个客户时会出现在这里。");
              }
              StringBuilder md = new StringBuilder();
              for (Mention m : list) {
                md.append("- ")
                    .append(m.fromName())
                    .append(m.customerName() == null ? "" : " · " + m.customerName())
                    .append("：")
                    .append(m.text())
                    .append(" · ")
                    .append(WHEN.format(m.createdAt().atZone(zone)))
                    .append('\n');
              }
              Mention first = list.get(0);
              return new ChatMessage(
                  "提到我的（" + list.size() + " 条待处理）",
                  md.toString().strip(),
                  List.of(),
                  first.customerId() == null
                      ? List.of()
                      : List.of(
                          new Button("cmd:跟进 " + first.customerName() + " ", "写跟进"),
                          new Button(MiniAppLinks.DETAIL_CUSTOMER + first.customerId(), "打开详情")));
            });
  }

  Future<ChatMessage> listCustomers(Actor actor, Context ctx, ParsedCommand p) {
    return whose.of(actor, p, (filter, label) -> listOf(actor, ctx, filter, label));
  }

  private Future<ChatMessage> listOf(
      Actor actor, Context ctx, CustomerFilter filter, String whose) {
    return customerList
        .count(actor, filter)
        .compose(
            total ->
                customerList
                    .list(actor, filter, null, SHOWN)
                    .map(page -> customersCard(whose, total, page.items(), ctx.now().getZone())))
        .recover(
            e ->
                e instanceof com.chatcrm.engine.error.Forbidden
                    ? Future.succeededFuture(
                        ChatMessage.text("你只能查看自己和你管理的同事的客户，看不到" + whose + "。"))
                    : Future.failedFuture(e));
  }

  private static ChatMessage customersCard(
      String whose, long total, List<Customer> shown, ZoneId zone) {
    if (total == 0) {
      return ChatMessage.text(whose + "：还没有客户。");
    }
    StringBuilder md = new StringBuilder();
    for (Customer c : shown) {
      md.append("- ").append(c.name()).append(" · ").append(c.level().label());
      if (c.lastFollowUpAt() != null) {
        md.append(" · 最近跟进 ").append(DAY.format(c.lastFollowUpAt().atZoneSameInstant(zone)));
      }
      md.append('\n');
    }
    return new ChatMessage(
        whose
            + "（共 "
            + total
            + " 个"
            + (total > shown.size() ? "，最近的 " + shown.size() + " 个" : "")
            + "）",
        md.toString().strip(),
        List.of(),
        List.of());
  }

  Future<ChatMessage> customerCount(Actor actor, ParsedCommand p) {
    boolean team = "team".equals(p.scope());
    return customerList
        .count(actor, team ? CustomerFilter.team() : CustomerFilter.mine())
        .map(
            n ->
                new ChatMessage(
                    (team ? "团队" : "你") + "共有 " + n + " 个客户",
                    team ? "包括你能看到的同事的客户和你协同的客户。" : "只算你负责的客户（不含协同和公海）。",
                    List.of(),
                    List.of(new Button(team ? "cmd:团队的客户" : "cmd:我的客户", "看列表"))));
  }

  Future<ChatMessage> followUpsOfDay(Actor actor, Context ctx, ParsedCommand p) {
    ZoneId zone = ctx.now().getZone();
    LocalDate day = p.date() == null ? ctx.now().toLocalDate() : p.date();
    boolean team = "team".equals(p.scope());
    String title =
        (team ? "团队" : "我")
            + (day.equals(ctx.now().toLocalDate()) ? "今天" : DAY.format(day))
            + "的跟进";
    return followUps
        .between(
            actor,
            team,
            day.atStartOfDay(zone).toInstant(),
            day.plusDays(1).atStartOfDay(zone).toInstant(),
            SHOWN)
        .map(
            w -> {
              if (w.total() == 0) {
                return ChatMessage.text(title + "：还没有记录。");
              }
              StringBuilder md = new StringBuilder();
              for (FollowUp f : w.newest()) {
                md.append("- ")
                    .append(
                        java.time.format.DateTimeFormatter.ofPattern("HH:mm")
                            .format(f.happenedAt().atZone(zone)))
                    .append(' ')
                    .append(team ? f.authorName() + " · " : "")
                    .append(f.customerName())
                    .append(" · ")
                    .append(f.method().label())
                    .append("：")
                    .append(shorten(f.content()))
                    .append('\n');
              }
              String shown = w.total() > w.newest().size() ? "，最近 " + w.newest().size() + " 条" : "";
              return new ChatMessage(
                  title + "（共 " + w.total() + " 条" + shown + "）",
                  md.toString().strip(),
                  List.of(),
                  List.of());
            });
  }

  Future<ChatMessage> weeklyReport(Actor actor, Context ctx, ParsedCommand p) {
    ZoneId zone = ctx.now().getZone();
    LocalDate today = ctx.now().toLocalDate();
    LocalDate monday = today.with(DayOfWeek.MONDAY);
    // asked on a Monday, 周报 is the week that just ended
    LocalDate from = today.equals(monday) ? monday.minusWeeks(1) : monday;
    LocalDate to = today.equals(monday) ? monday : today.plusDays(1);
    boolean team = !"me".equals(p.scope());
    return pipelines
        .summary(actor, team ? PipelineScope.TEAM : PipelineScope.ME, new PipelinePeriod(from, to))
        .compose(
            s ->
                followUps
                    .between(
                        actor,
                        team,
                        from.atStartOfDay(zone).toInstant(),
                        to.atStartOfDay(zone).toInstant(),
                        1)
                    .compose(
                        w ->
                            targets
                                .progress(actor, team, today)
                                .map(
                                    goals ->
                                        new ChatMessage(
                                            "周报 "
                                                + DAY.format(from)
                                                + "–"
                                                + DAY.format(to.minusDays(1)),
                                            (team ? "你和你能看到的同事的合计。" : "只算你自己的。")
                                                + com.chatcrm.engine.salestarget.TargetLines.of(
                                                    goals, team),
                                            List.of(
                                                new Field("跟进", w.total() + " 条"),
                                                new Field(
                                                    "赢单",
                                                    s.won().current().count()
                                                        + " 个 · "
                                                        + money(s.won().current().amount())),
                                                new Field("输单", s.lost().current().count() + " 个"),
                                                new Field(
                                                    "进行中",
                                                    s.open().current().count()
                                                        + " 个 · "
                                                        + money(s.open().current().amount()))),
                                            List.of(new Button("cmd:漏斗", "看漏斗"))))));
  }

  private static String shorten(String s) {
    return s.length() > 30 ? s.substring(0, 29) + "…" : s;
  }
}
