package com.chatcrm.gateway.command;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.CustomerSearch;
import com.chatcrm.engine.org.OrgMember;
import com.chatcrm.engine.pool.PoolService;
import com.chatcrm.engine.transfer.CustomerTransfers;
import com.chatcrm.gateway.command.ChatCommands.Context;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.message.ChatMessage.Button;
import com.chatcrm.gateway.message.ChatMessage.Field;
import com.chatcrm.gateway.message.MiniAppLinks;
import com.chatcrm.language.ParsedCommand;
import io.vertx.core.Future;
import java.util.List;

/** 领取 (from the pool) and 转给 @同事: the intents that change a customer's owner. */
final class ClaimsAndTransfers {

  private final PoolService poolService;
  private final CustomerTransfers transfers;
  private final CustomerResolver resolver;
  private final ColleagueResolver colleagues;
  private final SlotQuestions questions;

  ClaimsAndTransfers(
      Engine engine,
      CustomerResolver resolver,
      ColleagueResolver colleagues,
      SlotQuestions questions) {
    this.poolService = engine.poolService();
    this.transfers = engine.transfers();
    this.resolver = resolver;
    this.colleagues = colleagues;
    this.questions = questions;
  }

  Future<ChatMessage> claim(Actor actor, ParsedCommand p, String text) {
    if (p.customer() == null) {
      return questions.ask(actor, p, "customer", "要领取哪个客户？", "例如：领取 星河传媒");
    }
    return resolver.withCustomer(
        actor,
        p,
        text,
        CustomerSearch.Scope.POOL,
        c ->
            poolService
                .claim(actor, c.id())
                .map(
                    x ->
                        new ChatMessage(
                            "✓ 已领取",
                            "「" + x.name() + "」现在是你的客户了。",
                            List.of(new Field("客户", x.name())),
                            List.of(
                                new Button("cmd:跟进 " + x.name() + " ", "写跟进"),
                                new Button(MiniAppLinks.DETAIL_CUSTOMER + x.id(), "打开详情"),
                                new Button("undo:claim:" + x.id(), "撤销")))));
  }

  Future<ChatMessage> transfer(Actor actor, Context ctx, ParsedCommand p, String text) {
    if (p.customer() == null) {
      return questions.ask(actor, p, "customer", "要转交哪个客户？", "例如：把星河转给 @李四");
    }
    if (p.mentions().isEmpty() && ctx.at().isEmpty()) {
      return questions.ask(actor, p, "mention", "转给哪位同事？", "例如：李四");
    }
    return transferTarget(actor, ctx.at(), p.mentions())
        .compose(
            to -> {
              if (to == null) {
                if (p.mentions().isEmpty()) {
                  return Future.succeededFuture(ChatMessage.text("通讯录里没有找到你@的同事。"));
                }
                return Future.succeededFuture(
                    ChatMessage.text("通讯录里没有找到「" + p.mentions().get(0) + "」。"));
              }
              return resolver.withCustomer(
                  actor,
                  p,
                  text,
                  CustomerSearch.Scope.VISIBLE,
                  c ->
                      transfers
                          .transfer(actor, c.id(), to.id())
                          .map(
                              x ->
                                  new ChatMessage(
                                      "✓ 已转交",
                                      "「" + x.name() + "」已转给 " + to.name(),
                                      List.of(
                                          new Field("客户", x.name()), new Field("新负责人", to.name())),
                                      List.of(
                                          new Button(MiniAppLinks.DETAIL_CUSTOMER + x.id(), "打开详情"),
                                          new Button(
                                              "undo:transfer:" + x.id() + ":" + c.ownerId(),
                                              "撤销")))));
            });
  }

  /**
   * Whom a transfer goes to: the colleague named in the text when the platform @-ed them or a
   * colleague has exactly that name; else the first colleague the platform says was @-ed (the text
   * showed a nickname).
   */
  private Future<OrgMember> transferTarget(Actor actor, List<String> at, List<String> names) {
    return colleagues
        .atMembers(actor, at)
        .compose(
            listed -> {
              if (names.isEmpty()) {
                return Future.succeededFuture(listed.isEmpty() ? null : listed.get(0));
              }
              String name = names.get(0);
              OrgMember named =
                  listed.stream()
                      .filter(m -> m.name().equals(name) || name.equals(m.platformUserId()))
                      .findFirst()
                      .orElse(null);
              if (named != null) {
                return Future.succeededFuture(named);
              }
              return colleagues
                  .colleague(actor, name)
                  .map(
                      m ->
                          listed.isEmpty()
                              ? m
                              : m != null && m.name().equals(name) ? m : listed.get(0));
            });
  }
}
