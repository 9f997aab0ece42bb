package com.chatcrm.gateway.command;

import static com.chatcrm.gateway.command.CardTexts.label;
import static com.chatcrm.gateway.command.CardTexts.money;
import static com.chatcrm.gateway.command.CardTexts.nz;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.conversation.ConversationService;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerSearch;
import com.chatcrm.engine.opportunity.NewOpportunity;
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
import java.util.List;

/** 商机 and 推进到/赢单/输单: a new opportunity and its stage moves (confirmed when unclear). */
final class OpportunityCommands {

  private final OpportunityService opportunities;
  private final ConversationService conversations;
  private final CustomerResolver resolver;
  private final SlotQuestions questions;

  OpportunityCommands(Engine engine, CustomerResolver resolver, SlotQuestions questions) {
    this.opportunities = engine.opportunities();
    this.conversations = engine.conversations();
    this.resolver = resolver;
    this.questions = questions;
  }

  Future<ChatMessage> addOpportunity(Actor actor, Context ctx, ParsedCommand p, String text) {
    if (p.customerCandidates().isEmpty()) {
      return questions.ask(actor, p, "customer", "商机是哪个客户的？", "例如：商机 星河 年度框架 45万 方案报价");
    }
    return resolver.withCustomer(
        actor,
        p,
        text,
        CustomerSearch.Scope.VISIBLE,
        c -> {
          String name = p.opportunity() == null ? c.name() + "商机" : p.opportunity();
          NewOpportunity input =
              NewOpportunity.of(c.id(), name, p.amount() == null ? BigDecimal.ZERO : p.amount());
          Stage stage = stageNamed(ctx, p.stage());
          if (stage != null && stage.kind() == StageKind.OPEN) {
            input = input.withStage(stage.id());
          }
          // the parser gives a new deal's expected close as closeDate (预计年底签约)
          if (p.closeDate() != null) {
            input = input.withExpectedClose(p.closeDate());
          } else if (p.due() != null) {
            input = input.withExpectedClose(p.due().toLocalDate());
          }
          return opportunities
              .create(actor, input)
              .map(
                  o ->
                      new ChatMessage(
                          "✓ 已新建商机",
                          null,
                          List.of(
                              new Field("客户", c.name()),
                              new Field("商机", o.name()),
                              new Field("金额", money(o.amount())),
                              new Field("阶段", o.stageName() + " " + o.probability() + "%")),
                          List.of(
                              new Button("cmd:跟进 " + c.name() + " ", "写跟进"),
                              new Button(MiniAppLinks.DETAIL_CUSTOMER + c.id(), "打开详情"),
                              new Button("undo:opportunity:" + o.id(), "撤销"))));
        });
  }

  /**
   * @param saidSo whether the outcome was stated; null: judged from the line ({@link
   *     Confirmations#explicit})
   */
  Future<ChatMessage> moveStage(
      Actor actor, Context ctx, ParsedCommand p, String text, Boolean saidSo) {
    Stage target = stageNamed(ctx, p.stage());
    if (target == null) {
      return questions.ask(
          actor,
          p,
          "stage",
          "推进到哪个阶段？",
          "阶段有：" + String.join("、", ctx.stageList().stream().map(Stage::name).toList()));
    }
    if (p.customer() == null) {
      return questions.ask(actor, p, "customer", "是哪个客户的商机？", "例如：星河 年度框架 推进到 " + target.name());
    }
    // a linked customer is known by its full name; a deal named after the customer starts with
    // its name; else the customer as typed
    Future<CustomerResolver.Resolution> named =
        p.customerId() != null
            ? resolver.resolve(actor, List.of(p.customer()), CustomerSearch.Scope.VISIBLE)
            : p.opportunity() == null || p.opportunity().startsWith(p.customer())
                ? resolver.resolveByPrefix(
                    actor, p.opportunity() == null ? p.customer() : p.opportunity())
                : resolver.resolve(actor, p.customerCandidates(), CustomerSearch.Scope.VISIBLE);
    return named.compose(
        r -> {
          if (r.customer() == null) {
            return Future.succeededFuture(
                r.hits().isEmpty()
                    ? CustomerResolver.notFound(p.customer())
                    : CustomerResolver.choose(r, text, p.customer()));
          }
          Customer c = r.customer();
          return opportunities
              .listForCustomer(actor, c.id())
              .compose(
                  list -> {
                    String rest =
                        p.opportunity() == null ? "" : p.opportunity().replace(r.typed(), "");
                    List<Opportunity> live = list.stream().filter(o -> !o.deleted()).toList();
                    List<Opportunity> open = live.stream().filter(o -> !o.closed()).toList();
                    List<Opportunity> pool = open.isEmpty() ? live : open;
                    if (target.kind() == StageKind.LOST && p.content() == null && !pool.isEmpty()) {
                      // asked once the customer and a deal are known, so the answer finishes it
                      return askReason(actor, p.with("customer", c.name()), text, target, saidSo);
                    }
                    // a deal named is that deal, closed or not (a closed one asks 确认 below);
                    // only a line that names none falls back to the one open deal
                    Opportunity pick = bestOpportunity(live, rest);
                    if (pick == null && pool.size() == 1 && namesNoDeal(rest)) {
                      pick = pool.get(0);
                    }
                    if (pick != null && pick.stageId() == target.id()) {
                      return Future.succeededFuture(
                          ChatMessage.text(
                              "商机「" + pick.name() + "」已经是「" + target.name() + "」，没有改动。"));
                    }
                    boolean explicit =
                        saidSo != null ? saidSo : Confirmations.explicit(text, target);
                    if (pick == null) {
                      if (!pool.isEmpty() && !explicit) {
                        return Future.succeededFuture(
                            Confirmations.chooseAndConfirm(c, pool, target, nz(p.content())));
                      }
                      if (pool.isEmpty()) {
                        return Future.succeededFuture(
                            new ChatMessage(
                                "没有商机",
                                "客户「" + c.name() + "」还没有商机。",
                                List.of(),
                                List.of(new Button("cmd:商机 " + c.name() + " ", "新建商机"))));
                      }
                      List<Button> buttons =
                          pool.stream()
                              .limit(5)
                              .map(
                                  o ->
                                      new Button(
                                          "cmd:"
                                              + c.name()
                                              + " "
                                              + o.name()
                                              + " 推进到 "
                                              + target.name()
                                              + (target.kind() == StageKind.LOST
                                                  ? " " + p.content()
                                                  : "")
                                              // the amount said with the move goes with the choice
                                              + (p.amount() == null
                                                  ? ""
                                                  : " "
                                                      + p.amount()
                                                          .stripTrailingZeros()
                                                          .toPlainString()
                                                      + "元"),
                                          label(o.name())))
                              .toList();
                      return Future.succeededFuture(
                          new ChatMessage(
                              "是哪个商机？", "客户「" + c.name() + "」有多个商机，请选择：", List.of(), buttons));
                    }
                    Opportunity o = pick;
                    if (Confirmations.needed(o, target, explicit)) {
                      return Future.succeededFuture(
                          Confirmations.card(c, o, target, nz(p.content())));
                    }
                    long from = o.stageId();
                    Future<Opportunity> moved =
                        switch (target.kind()) {
                          case WON ->
                              atAmount(actor, o, p.amount())
                                  .compose(x -> opportunities.win(actor, x.id(), x.version()));
                          case LOST -> opportunities.lose(actor, o.id(), o.version(), p.content());
                          default ->
                              atAmount(actor, o, p.amount())
                                  .compose(
                                      x ->
                                          opportunities.moveStage(
                                              actor, x.id(), x.version(), target.id()));
                        };
                    return moved.map(
                        m ->
                            new ChatMessage(
                                m.status().code().equals("won")
                                    ? "🎉 赢单！"
                                    : m.status().code().equals("lost") ? "已标记输单" : "✓ 阶段已更新",
                                c.name()
                                    + "·"
                                    + m.name()
                                    + "："
                                    + o.stageName()
                                    + " → "
                                    + m.stageName(),
                                List.of(
                                    new Field("商机", m.name()),
                                    new Field("金额", money(m.amount())),
                                    new Field("阶段", m.stageName() + " " + m.probability() + "%")),
                                List.of(
                                    new Button("cmd:跟进 " + c.name() + " ", "写跟进"),
                                    new Button(MiniAppLinks.DETAIL_CUSTOMER + c.id(), "打开详情"),
                                    new Button("undo:stage:" + m.id() + ":" + from, "撤销"))));
                  });
        });
  }

  /** 输单原因是什么？ — whether the line said 输单 travels with it: 黄了 + a reason still needs 确认. */
  private Future<ChatMessage> askReason(
      Actor actor, ParsedCommand p, String text, Stage target, Boolean saidSo) {
    boolean stated = saidSo != null ? saidSo : Confirmations.explicit(text, target);
    return conversations
        .ask(
            actor,
            new io.vertx.core.json.JsonObject()
                .put("slot", "content")
                .put("command", ParsedCommandJson.toState(p))
                .put("stated", stated),
            ChatCommands.ANSWER_WITHIN)
        .map(
            v ->
                new ChatMessage(
                    "输单原因是什么？", "例如：" + p.customer() + " 输单 价格太高\n（直接回复即可）", List.of(), List.of()));
  }

  /**
   * The deal at the amount said with its move (签了！合同额 52万, 报价了，120万), changed first; as it is when
   * the line says none.
   */
  private Future<Opportunity> atAmount(Actor actor, Opportunity o, BigDecimal amount) {
    if (amount == null || amount.compareTo(o.amount()) == 0) {
      return Future.succeededFuture(o);
    }
    return opportunities.update(
        actor, o.id(), o.version(), OpportunityChanges.none().amount(amount));
  }

  /** Words that say "the deal" without naming one: 单子, 项目, 那单 … */
  private static final java.util.regex.Pattern ANY_DEAL =
      java.util.regex.Pattern.compile("[的这那个]*(单子|项目|商机|合同|订单|这单|那单|这笔|那笔)?");

  /** Whether the words left after the customer name no particular deal. */
  static boolean namesNoDeal(String phrase) {
    return phrase == null || ANY_DEAL.matcher(phrase.strip()).matches();
  }

  /**
   * The deal a line means among {@code deals}: the one its words name best, else the only one; null
   * when that leaves several (or none).
   */
  static Opportunity pick(List<Opportunity> deals, String phrase) {
    Opportunity best = bestOpportunity(deals, phrase);
    return best != null ? best : deals.size() == 1 && namesNoDeal(phrase) ? deals.get(0) : null;
  }

  /** The deal the phrase names among {@code deals}, or null. */
  static Opportunity named(List<Opportunity> deals, String phrase) {
    return bestOpportunity(deals, phrase);
  }

  private static Opportunity bestOpportunity(List<Opportunity> list, String phrase) {
    if (phrase == null || phrase.isBlank()) {
      return null;
    }
    Opportunity best = null;
    long bestScore = 0;
    for (Opportunity o : list) {
      long score = phrase.codePoints().filter(cp -> o.name().indexOf(cp) >= 0).count();
      if (o.name().equals(phrase)) {
        score += 100;
      }
      if (score > bestScore) {
        best = o;
        bestScore = score;
      } else if (score == bestScore) {
        best = null;
      }
    }
    return bestScore >= 2 ? best : null;
  }

  private Stage stageNamed(Context ctx, String name) {
    if (name == null) {
      return null;
    }
    return ctx.stageList().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
  }
}
