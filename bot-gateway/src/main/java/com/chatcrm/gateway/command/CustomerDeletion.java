package com.chatcrm.gateway.command;

import static com.chatcrm.gateway.command.CardTexts.nz;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.conversation.ReplyLog;
import com.chatcrm.engine.customer.CustomerSearch;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.error.Conflict;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.message.ChatMessage.Button;
import com.chatcrm.gateway.message.ChatMessage.Field;
import com.chatcrm.language.ParsedCommand;
import io.vertx.core.Future;
import java.util.List;

/**
 * 删除客户 X: a card asks for one tap ({@code confirm:delete:<id>:<version>:<card>}, see {@link
 * Confirmations}); the tap deletes softly and answers with 撤销 ({@code undo:restore:<id>}), which
 * brings the customer back with its follow-ups and deals.
 */
final class CustomerDeletion {

  private final CustomerResolver resolver;
  private final SlotQuestions questions;

  CustomerDeletion(CustomerResolver resolver, SlotQuestions questions) {
    this.resolver = resolver;
    this.questions = questions;
  }

  /** The card that asks; nothing is deleted yet. */
  Future<ChatMessage> ask(Actor actor, ParsedCommand p, String text) {
    if (p.customerCandidates().isEmpty()) {
      return questions.ask(actor, p, "customer", "要删除哪个客户？", "例如：删除客户 星河传媒");
    }
    return resolver.withCustomer(
        actor,
        p,
        text,
        CustomerSearch.Scope.VISIBLE,
        c -> {
          String card = Confirmations.cardId();
          return Future.succeededFuture(
              new ChatMessage(
                  "请确认：删除客户",
                  "删除后「" + c.name() + "」不再出现在列表和搜索中，它的跟进记录和商机随之隐藏；删除后 10 分钟内可撤销。点「确认删除」才会删除。",
                  List.of(new Field("客户", c.name()), new Field("负责人", nz(c.ownerName()))),
                  List.of(
                      new Button(
                          "confirm:delete:" + c.id() + ":" + c.version() + ":" + card, "确认删除"),
                      new Button("cancel:card:" + card, "取消"))));
        });
  }

  /**
   * The tapped 确认删除: deletes the customer if it is still at {@code version}; the answer, recorded
   * as the tap's reply, carries the 撤销 a typed 撤销 also finds.
   */
  static Future<String> confirmed(
      CustomerService customers,
      ReplyLog replies,
      Actor actor,
      long customerId,
      int version,
      String clickKey) {
    return customers
        .get(actor, customerId)
        .compose(
            c ->
                c.version() != version
                    ? Future.failedFuture(new Conflict("客户「" + c.name() + "」在卡片发出后被改过，请重新发送"))
                    : customers.delete(actor, customerId))
        .compose(
            c -> {
              ChatMessage reply =
                  new ChatMessage(
                      "✓ 已删除客户",
                      "「" + c.name() + "」已删除，10 分钟内可撤销。",
                      List.of(new Field("客户", c.name())),
                      List.of(new Button("undo:restore:" + c.id(), "撤销")));
              return (clickKey == null
                      ? Future.<Void>succeededFuture()
                      : replies.record(actor.tenantId(), clickKey, reply.toJson()))
                  .map("✓ 已删除");
            });
  }
}
