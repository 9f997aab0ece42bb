package com.chatcrm.gateway.command;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.contract.Contract;
import com.chatcrm.engine.contract.ContractService;
import com.chatcrm.engine.contract.Instalment;
import com.chatcrm.engine.contract.NewContract;
import com.chatcrm.engine.contract.NewReceipt;
import com.chatcrm.engine.contract.PlannedInstalment;
import com.chatcrm.engine.contract.ReceiptResult;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerSearch;
import com.chatcrm.engine.opportunity.Opportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.opportunity.OpportunityStatus;
import com.chatcrm.engine.report.Yuan;
import com.chatcrm.gateway.command.ChatCommands.Context;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.language.ParsedCommand;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * 生成合同 and 回款 in a line: {@code 星河 生成合同 30万 分两期} makes the contract of the customer's latest won
 * deal that has none; {@code 星河 回款 20万} records money on its oldest contract still owed.
 */
final class ContractCommands {

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("M月d日");

  private final ContractService contracts;
  private final OpportunityService opportunities;
  private final CustomerResolver resolver;
  private final SlotQuestions questions;

  ContractCommands(Engine engine, CustomerResolver resolver, SlotQuestions questions) {
    this.contracts = engine.contracts();
    this.opportunities = engine.opportunities();
    this.resolver = resolver;
    this.questions = questions;
  }

  Future<ChatMessage> create(Actor actor, Context ctx, ParsedCommand p, String text) {
    if (p.customerCandidates().isEmpty()) {
      return questions.ask(actor, p, "customer", "给哪个客户生成合同？", "例如：星河 生成合同 30万 分两期");
    }
    return resolver.withCustomer(
        actor, p, text, CustomerSearch.Scope.VISIBLE, c -> create(actor, ctx, p, c));
  }

  private Future<ChatMessage> create(Actor actor, Context ctx, ParsedCommand p, Customer c) {
    return opportunities
        .listForCustomer(actor, c.id())
        .compose(
            deals ->
                contracts
                    .listForCustomer(actor, c.id())
                    .compose(
                        existing -> {
                          Set<Long> made =
                              existing.stream()
                                  .map(Contract::opportunityId)
                                  .collect(Collectors.toSet());
                          List<Opportunity> won =
                              deals.stream()
                                  .filter(o -> o.status() == OpportunityStatus.WON)
                                  .sorted(
                                      Comparator.comparing(
                                              Opportunity::closedAt,
                                              Comparator.nullsFirst(Comparator.naturalOrder()))
                                          .reversed())
                                  .toList();
                          if (won.isEmpty()) {
                            return text(
                                "「" + c.name() + "」还没有赢单的商机。先说「" + c.name() + " 赢单」，再生成合同。");
                          }
                          Opportunity deal =
                              won.stream()
                                  .filter(o -> !made.contains(o.id()))
                                  .findFirst()
                                  .orElse(null);
                          if (deal == null) {
                            return text(
                                "「"
                                    + c.name()
                                    + "」赢单的商机都已生成合同："
                                    + existing.stream()
                                        .map(Contract::number)
                                        .collect(Collectors.joining("、"))
                                    + "。");
                          }
                          BigDecimal amount = p.amount() == null ? deal.amount() : p.amount();
                          List<PlannedInstalment> plan = plan(p, amount, ctx.now().toLocalDate());
                          return contracts
                              .create(
                                  actor,
                                  new NewContract(
                                      deal.id(), null, p.amount(), null, null, null, plan))
                              .map(ContractCommands::made);
                        }));
  }

  /** 分N期: equal parts, the first a month from today, then monthly; the last takes the fen left. */
  static List<PlannedInstalment> plan(ParsedCommand p, BigDecimal amount, LocalDate today) {
    if (!p.planItems().isEmpty()) {
      return p.planItems().stream().map(i -> new PlannedInstalment(i.dueOn(), i.amount())).toList();
    }
    int n = p.planSplit();
    if (n <= 0 || amount == null || amount.signum() <= 0) {
      return List.of();
    }
    BigDecimal part = amount.divide(BigDecimal.valueOf(n), 2, RoundingMode.DOWN);
    List<PlannedInstalment> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      BigDecimal a = i < n ? part : amount.subtract(part.multiply(BigDecimal.valueOf(n - 1)));
      out.add(new PlannedInstalment(today.plusMonths(i), a));
    }
    return out;
  }

  private static ChatMessage made(Contract k) {
    StringBuilder md =
        new StringBuilder()
            .append(k.customerName())
            .append(" · ")
            .append(k.opportunityName())
            .append("\n合同编号 ")
            .append(k.number())
            .append("，金额 ")
            .append(Yuan.format(k.amount()));
    if (k.instalments().isEmpty()) {
      md.append("\n还没有回款计划，可在小程序的合同里添加。");
    } else {
      md.append("\n回款计划：");
      BigDecimal planned = BigDecimal.ZERO;
      for (Instalment i : k.instalments()) {
        planned = planned.add(i.amount());
        md.append("\n- 第")
            .append(i.seq())
            .append("期 ")
            .append(day(i.dueOn(), k.signedOn()))
            .append(" ")
            .append(Yuan.format(i.amount()));
      }
      if (planned.compareTo(k.amount()) < 0) {
        md.append("\n回款计划合计 ")
            .append(Yuan.format(planned))
            .append("，还有 ")
            .append(Yuan.format(k.amount().subtract(planned)))
            .append(" 没有排期。");
      }
      md.append("\n每期到期前 3 天提醒你。收到钱时说「").append(k.customerName()).append(" 回款 金额」。");
    }
    // 撤销 voids it while nothing is received on it (ContractService.voidContract)
    return new ChatMessage(
        "合同已生成",
        md.toString(),
        List.of(new ChatMessage.Field("合同", k.number())),
        List.of(new ChatMessage.Button("undo:contract:" + k.id(), "撤销")));
  }

  Future<ChatMessage> receipt(Actor actor, ParsedCommand p, String text) {
    if (p.customerCandidates().isEmpty()) {
      return questions.ask(actor, p, "customer", "哪个客户的回款？", "例如：星河 回款 20万");
    }
    if (p.amount() == null) {
      return questions.ask(actor, p, "amount", "「" + p.customer() + "」这笔回款是多少？", "例如：20万 ／ 150000");
    }
    return resolver.withCustomer(
        actor,
        p,
        text,
        CustomerSearch.Scope.VISIBLE,
        c ->
            contracts
                .listForCustomer(actor, c.id())
                .compose(
                    list -> {
                      Contract owed =
                          list.stream()
                              .filter(k -> !k.settled())
                              .min(
                                  Comparator.comparing(Contract::signedOn)
                                      .thenComparing(Contract::id))
                              .orElse(null);
                      if (owed == null) {
                        return text(
                            list.isEmpty()
                                ? "「" + c.name() + "」还没有合同。赢单后先说「" + c.name() + " 生成合同」。"
                                : "「" + c.name() + "」的合同都已全部回款。");
                      }
                      String messageId =
                          "chat".equals(actor.source().kind()) ? actor.source().ref() : null;
                      return contracts
                          .recordReceipt(
                              actor,
                              new NewReceipt(owed.id(), p.amount(), p.date(), null),
                              messageId)
                          .map(ContractCommands::received);
                    }));
  }

  /** 12月20日, with the year when it is not the signing year's (2027年1月20日). */
  private static String day(LocalDate d, LocalDate signedOn) {
    return d.getYear() == signedOn.getYear() ? DAY.format(d) : d.getYear() + "年" + DAY.format(d);
  }

  private static ChatMessage received(ReceiptResult r) {
    Contract k = r.contract();
    StringBuilder md =
        new StringBuilder()
            .append(k.customerName())
            .append(" 回款 ")
            .append(Yuan.format(r.amount()))
            .append("（合同 ")
            .append(k.number())
            .append("）");
    for (int seq : r.newlyPaid()) {
      md.append("\n第").append(seq).append("期 已回清");
    }
    md.append(
        k.settled()
            ? "\n合同已全部回款，共 " + Yuan.format(k.amount()) + "。"
            : "\n已回 " + Yuan.format(k.received()) + "，还差 " + Yuan.format(k.outstanding()) + "。");
    // a repeated message's card is not the change: its first delivery's card carries the 撤销
    return new ChatMessage(
        r.repeated() ? "这笔回款已记录过" : "已记录回款",
        md.toString(),
        List.of(new ChatMessage.Field("回款", Yuan.format(r.amount()) + "（合同 " + k.number() + "）")),
        r.repeated()
            ? List.of()
            : List.of(
                new ChatMessage.Button("undo:receipt:" + k.id() + ":" + r.receiptId(), "撤销")));
  }

  private static Future<ChatMessage> text(String s) {
    return Future.succeededFuture(ChatMessage.text(s));
  }
}
