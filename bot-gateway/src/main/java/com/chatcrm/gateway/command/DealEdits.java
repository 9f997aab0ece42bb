package com.chatcrm.gateway.command;

import static com.chatcrm.gateway.command.CardTexts.DAY;
import static com.chatcrm.gateway.command.CardTexts.money;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerSearch;
import com.chatcrm.engine.opportunity.Opportunity;
import com.chatcrm.engine.opportunity.OpportunityChanges;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.opportunity.Stage;
import com.chatcrm.engine.opportunity.StageKind;
import com.chatcrm.gateway.command.ChatCommands.Context;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.message.ChatMessage.Button;
import com.chatcrm.gateway.message.ChatMessage.Field;
import com.chatcrm.gateway.message.MiniAppLinks;
import com.chatcrm.language.ParsedCommand;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * 改商机 in a line: {@code 鼎海的商机 金额改成 60万}, {@code 星河的单子推迟到下个月}. Changes the customer's one open deal
 * (or the one the line names) at the version read, and answers old → new with a 撤销 that puts the
 * old values back: {@code undo:deal:<id>:<amount before>:<close date before or none>}.
 */
final class DealEdits {

  private final OpportunityService opportunities;
  private final CustomerResolver resolver;
  private final SlotQuestions questions;

  DealEdits(Engine engine, CustomerResolver resolver, SlotQuestions questions) {
    this.opportunities = engine.opportunities();
    this.resolver = resolver;
    this.questions = questions;
  }

  Future<ChatMessage> edit(Actor actor, Context ctx, ParsedCommand p, String text) {
    if (p.customerCandidates().isEmpty()) {
      return questions.ask(actor, p, "customer", "改哪个客户的商机？", "例如：鼎海的商机 金额改成 60万");
    }
    Stage stage =
        p.stage() == null
            ? null
            : ctx.stageList().stream()
                .filter(x -> x.name().equals(p.stage()))
                .findFirst()
                .orElse(null);
    if (stage != null && stage.kind() != StageKind.OPEN) {
      return Future.succeededFuture(
          ChatMessage.text("赢单、输单请直接说，例如「" + p.customer() + " " + stage.name() + "」。"));
    }
    if (p.amount() == null && p.closeDate() == null && stage == null) {
      return Future.succeededFuture(
          new ChatMessage(
              "要改商机的什么？",
              "可以改金额或预计成交日期，例如「" + p.customer() + "的商机 金额改成 60万」「" + p.customer() + "的单子推迟到下个月」。",
              List.of(),
              List.of()));
    }
    return resolver.withCustomer(
        actor,
        p,
        text,
        CustomerSearch.Scope.VISIBLE,
        c ->
            opportunities
                .listForCustomer(actor, c.id())
                .compose(
                    list -> {
                      List<Opportunity> open =
                          list.stream().filter(o -> !o.deleted() && !o.closed()).toList();
                      // a deal named is that deal, closed or not; else the one open deal
                      Opportunity named =
                          OpportunityCommands.named(
                              list.stream().filter(o -> !o.deleted()).toList(), p.opportunity());
                      Opportunity deal =
                          named != null ? named : OpportunityCommands.pick(open, p.opportunity());
                      if (deal == null) {
                        return Future.succeededFuture(noSingleDeal(c, open));
                      }
                      return change(actor, c, deal, p, stage);
                    }));
  }

  private Future<ChatMessage> change(
      Actor actor, Customer c, Opportunity deal, ParsedCommand p, Stage stage) {
    OpportunityChanges changes = OpportunityChanges.none();
    if (p.amount() != null) {
      changes = changes.amount(p.amount());
    }
    if (p.closeDate() != null) {
      changes = changes.expectedClose(p.closeDate());
    }
    String undo =
        p.amount() == null && p.closeDate() == null
            ? "undo:stage:" + deal.id() + ":" + deal.stageId()
            : "undo:deal:"
                + deal.id()
                + ":"
                + deal.amount().stripTrailingZeros().toPlainString()
                + ":"
                + (deal.expectedClose() == null ? "none" : deal.expectedClose().toString());
    Future<Opportunity> changed =
        p.amount() == null && p.closeDate() == null
            ? Future.succeededFuture(deal)
            : opportunities.update(actor, deal.id(), deal.version(), changes);
    return changed
        .compose(
            o ->
                stage == null || stage.id() == o.stageId()
                    ? Future.succeededFuture(o)
                    : opportunities.moveStage(actor, o.id(), o.version(), stage.id()))
        .map(
            o -> {
              List<Field> fields = new ArrayList<>();
              fields.add(new Field("客户", c.name()));
              fields.add(new Field("商机", o.name()));
              if (p.amount() != null) {
                fields.add(new Field("金额", money(deal.amount()) + " → " + money(o.amount())));
              }
              if (stage != null) {
                fields.add(new Field("阶段", deal.stageName() + " → " + o.stageName()));
              }
              if (p.closeDate() != null) {
                fields.add(
                    new Field("预计成交", day(deal.expectedClose()) + " → " + day(o.expectedClose())));
              }
              return new ChatMessage(
                  "✓ 商机已修改",
                  null,
                  fields,
                  List.of(
                      new Button(MiniAppLinks.DETAIL_CUSTOMER + c.id(), "打开详情"),
                      new Button(undo, "撤销")));
            });
  }

  private static String day(LocalDate d) {
    return d == null ? "未定" : DAY.format(d);
  }

  private static ChatMessage noSingleDeal(Customer c, List<Opportunity> open) {
    if (open.isEmpty()) {
      return new ChatMessage(
          "没有进行中的商机",
          "客户「" + c.name() + "」没有进行中的商机。",
          List.of(),
          List.of(new Button("cmd:商机 " + c.name() + " ", "新建商机")));
    }
    return new ChatMessage(
        "是哪个商机？",
        "客户「"
            + c.name()
            + "」有 "
            + open.size()
            + " 个进行中的商机（"
            + String.join("、", open.stream().limit(5).map(Opportunity::name).toList())
            + "），请带上商机名再说一次，例如「"
            + c.name()
            + " "
            + open.get(0).name()
            + " 金额改成 60万」。",
        List.of(),
        List.of(new Button(MiniAppLinks.DETAIL_CUSTOMER + c.id(), "打开详情")));
  }

  /** The values an {@code undo:deal} key puts back. */
  static OpportunityChanges undoChanges(String amount, String close) {
    OpportunityChanges back = OpportunityChanges.none().amount(new BigDecimal(amount));
    return close.equals("none")
        ? back.noExpectedClose()
        : back.expectedClose(LocalDate.parse(close));
  }
}
