package com.chatcrm.gateway.command;

import static com.chatcrm.gateway.command.CardTexts.label;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.message.ChatMessage.Button;
import com.chatcrm.language.CommandParser;
import com.chatcrm.language.KnownCustomer;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A customer name that finds nothing but sounds like one the user may see (心河, 星和 → 星河传媒): "你是说
 * …吗", with a button that runs the line again with that name, rather than "not found".
 */
final class DidYouMean {

  private final CustomerLinks links;

  DidYouMean(CustomerLinks links) {
    this.links = links;
  }

  /**
   * The suggestion card for {@code typed} in {@code text}, or {@code notFound}'s card when nothing
   * sounds like it.
   */
  Future<ChatMessage> orElse(
      Actor actor, String typed, String text, Supplier<ChatMessage> notFound) {
    return links
        .soundsLike(actor, typed)
        .map(near -> near.isEmpty() ? notFound.get() : card(typed, text, near));
  }

  static ChatMessage card(String typed, String text, List<KnownCustomer> near) {
    String line = CommandParser.normalize(text);
    List<Button> buttons = new ArrayList<>();
    for (KnownCustomer c : near.stream().limit(3).toList()) {
      buttons.add(
          new Button(
              "cmd:" + CustomerResolver.withName(line, typed, c.name()), label("是 " + c.name())));
    }
    buttons.add(new Button("cmd:新客户 " + typed, label("新建客户 " + typed)));
    return new ChatMessage(
        "没有找到客户「" + typed + "」",
        "你是说「" + near.get(0).name() + "」吗？点一下即按这个客户执行。",
        List.of(),
        buttons);
  }
}
