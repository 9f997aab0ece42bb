package com.chatcrm.gateway.inbound;

import com.chatcrm.engine.inbox.Completion;
import com.chatcrm.engine.inbox.InboundEvent;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.platform.ChatEvent;
import com.chatcrm.gateway.platform.ChatPlatform;
import io.vertx.core.Future;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does what a recorded callback asks, for every platform: its {@link ChatPlatform} says what the
 * callback means; a line goes to the command language and the answer into the outbox, addressed
 * back to where it was written; a tapped button does what it says and its outcome shows on the card
 * or as a message; directory events keep our copy in step. Answers are queued under a key derived
 * from the platform's message id, so handling the same event twice never answers twice.
 */
public final class ChatEventHandler implements InboundHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ChatEventHandler.class);

  static final ChatMessage WELCOME =
      new ChatMessage(
          "欢迎使用 Chat CRM",
          "直接输入一句话即可记录客户和跟进，例如「跟进 华为技术 电话沟通了报价」。输入「帮助」查看全部用法。",
          List.of(),
          List.of());
  static final ChatMessage ONLY_TEXT = ChatMessage.text("目前只能处理文字消息，请直接输入文字。输入「帮助」查看用法。");
  static final ChatMessage MEMBERS_ONLY = ChatMessage.text("抱歉，只有本企业成员可以使用 Chat CRM。");

  private final ChatPlatform platform;
  private final TextCommands commands;
  private final CardActions cardActions;

  public ChatEventHandler(ChatPlatform platform, TextCommands commands, CardActions cardActions) {
    this.platform = platform;
    this.commands = commands;
    this.cardActions = cardActions;
  }

  @Override
  public Future<Void> handle(InboundEvent recorded, Completion done) {
    ChatEvent event = platform.decode(recorded);
    ChatEvent.Origin o = event.origin();
    if (event instanceof ChatEvent.Text t) {
      return commands
          .answer(
              o.tenantId(),
              o.sender(),
              t.text(),
              o.messageId(),
              t.mentions(),
              recorded.attempts() > 1)
          .map(
              a -> {
                if (a.remember()) {
                  done.remember(o.messageId(), a.message().toJson());
                }
                queue(done, o, o.replyTo(), a.message());
                return null;
              });
    }
    if (event instanceof ChatEvent.ButtonTap tap) {
      return cardActions
          .perform(o.tenantId(), o.sender(), tap.buttonKey(), o.messageId())
          .compose(label -> showOutcome(done, tap, label));
    }
    if (event instanceof ChatEvent.Opened) {
      queue(done, o, o.replyTo(), WELCOME);
      return Future.succeededFuture();
    }
    if (event instanceof ChatEvent.NotText) {
      queue(done, o, o.replyTo(), ONLY_TEXT);
      return Future.succeededFuture();
    }
    if (event instanceof ChatEvent.Stranger) {
      queue(done, o, o.replyTo(), MEMBERS_ONLY);
      return Future.succeededFuture();
    }
    if (event instanceof ChatEvent.Directory d) {
      return platform.syncDirectory(o.tenantId(), d.change());
    }
    LOG.debug(
        "{} {} event of tenant {} needs no action",
        platform.id(),
        ((ChatEvent.Ignored) event).kind(),
        o.tenantId());
    return Future.succeededFuture();
  }

  private Future<Void> showOutcome(Completion done, ChatEvent.ButtonTap tap, String label) {
    if (tap.cardRef() != null) {
      return platform.updateCard(tap.origin(), tap.cardRef(), label);
    }
    if (tap.outcomeTo() != null) {
      queue(done, tap.origin(), tap.outcomeTo(), ChatMessage.text(label));
    }
    return Future.succeededFuture();
  }

  /**
   * The reply goes out with the event's completion, under a key derived from the platform's message
   * id, so that handling the same event twice never answers twice.
   */
  private void queue(Completion done, ChatEvent.Origin o, String recipient, ChatMessage message) {
    done.reply(
        platform.id(), recipient, message.toJson(), "reply:" + platform.id() + ":" + o.messageId());
  }
}
