package com.chatcrm.gateway.wecom;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.inbox.InboundEvent;
import com.chatcrm.engine.outbox.Outbox;
import com.chatcrm.gateway.inbound.CardActions;
import com.chatcrm.gateway.inbound.InboundHandler;
import com.chatcrm.gateway.inbound.TextCommands;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.outbound.OutboxDispatcher;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does what a recorded WeCom callback asks: text goes to the command language and its answer into
 * the outbox; opening the app is greeted (the inbox key already limits that to once a day); a card
 * click does what its button says (complete or snooze a reminder) and the card then shows it.
 * Replies are queued with a key derived from the callback, so handling the same event twice never
 * sends twice.
 */
public final class WeComInboundHandler implements InboundHandler {

  private static final Logger LOG = LoggerFactory.getLogger(WeComInboundHandler.class);

  private final TextCommands commands;
  private final Outbox outbox;
  private final WeComSender sender;
  private final EventBus eventBus;
  private final WeComDirectorySync directory;
  private final CardActions cardActions;

  public WeComInboundHandler(
      TextCommands commands,
      Outbox outbox,
      WeComSender sender,
      EventBus eventBus,
      WeComDirectorySync directory,
      CardActions cardActions) {
    this.cardActions = cardActions;
    this.commands = commands;
    this.outbox = outbox;
    this.sender = sender;
    this.eventBus = eventBus;
    this.directory = directory;
  }

  @Override
  public Future<Void> handle(InboundEvent event) {
    JsonObject p = event.payload();
    return switch (event.kind()) {
      case "text" ->
          commands
              .reply(event.tenantId(), event.sender(), p.getString("Content"), event.platformKey())
              .compose(reply -> queue(event, reply));
      case "enter_agent" ->
          queue(
              event,
              new ChatMessage(
                  "欢迎使用 Chat CRM",
                  "直接输入一句话即可记录客户和跟进，例如「跟进 华为技术 电话沟通了报价」。输入「帮助」查看全部用法。",
                  List.of(),
                  List.of()));
      case "template_card_event" ->
          cardActions
              .perform(
                  event.tenantId(), event.sender(), p.getString("EventKey"), event.platformKey())
              .compose(label -> updateButton(event, label));
      // create_user, update_party, ...: a full sync is idempotent and cheap at a company's size
      case "change_contact" -> directory.full(event.tenantId()).mapEmpty();
      default -> {
        LOG.debug("WeCom {} event of tenant {} needs no action", event.kind(), event.tenantId());
        yield Future.succeededFuture();
      }
    };
  }

  private Future<Void> queue(InboundEvent event, ChatMessage reply) {
    return outbox
        .enqueue(
            Actor.system(event.tenantId(), "wecom-reply"),
            "wecom",
            event.sender(),
            reply.toJson(),
            "reply:" + event.platform() + ":" + event.platformKey())
        .onSuccess(id -> eventBus.send(OutboxDispatcher.ADDRESS, event.tenantId()))
        .mapEmpty();
  }

  /**
   * Replaces the clicked button's text so the card shows what was done (response codes are
   * single-use).
   */
  private Future<Void> updateButton(InboundEvent event, String label) {
    JsonObject p = event.payload();
    String code = p.getString("ResponseCode");
    if (code == null || code.isEmpty()) {
      return Future.succeededFuture();
    }
    return sender
        .api(event.tenantId())
        .compose(
            api ->
                api.post(
                    "/cgi-bin/message/update_template_card",
                    new JsonObject()
                        .put("userids", new io.vertx.core.json.JsonArray().add(event.sender()))
                        .put("agentid", api.app().agentId())
                        .put("response_code", code)
                        .put("button", new JsonObject().put("replace_name", label))))
        .<Void>mapEmpty()
        // 40058: the code was used already, i.e. a previous run of this event updated the card
        .recover(
            e ->
                e instanceof com.chatcrm.gateway.PlatformError pe && pe.errcode() == 40058
                    ? Future.succeededFuture()
                    : Future.failedFuture(e));
  }
}
