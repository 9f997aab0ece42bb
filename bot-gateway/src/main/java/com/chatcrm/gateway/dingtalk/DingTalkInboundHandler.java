package com.chatcrm.gateway.dingtalk;

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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does what a recorded DingTalk callback asks (platform {@code dingtalk} of the inbox processor): a
 * robot text goes to the command language — with the colleagues @-ed alongside the robot — and its
 * answer into the outbox, addressed back to the same chat; a tapped command link ("完成
 * #reminder.done:42") does what its button says, and so does a click on an interactive card, whose
 * outcome then replaces the card's buttons; org events keep the directory in step. Replies are
 * queued under a key derived from the message id, so handling the same message twice never answers
 * twice.
 */
public final class DingTalkInboundHandler implements InboundHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DingTalkInboundHandler.class);

  private final TextCommands commands;
  private final Outbox outbox;
  private final EventBus eventBus;
  private final DingTalkDirectorySync directory;
  private final CardActions cardActions;

  public DingTalkInboundHandler(
      TextCommands commands,
      Outbox outbox,
      EventBus eventBus,
      DingTalkDirectorySync directory,
      CardActions cardActions) {
    this.commands = commands;
    this.outbox = outbox;
    this.eventBus = eventBus;
    this.directory = directory;
    this.cardActions = cardActions;
  }

  @Override
  public Future<Void> handle(InboundEvent event) {
    JsonObject p = event.payload();
    return switch (event.kind()) {
      case "text", "richText" -> text(event, p);
      case DingTalkCardCallback.KIND ->
          cardActions
              .perform(
                  event.tenantId(), event.sender(), p.getString("buttonKey"), event.platformKey())
              .compose(
                  label ->
                      queue(
                          event,
                          DingTalkSender.card(p.getString("outTrackId")),
                          ChatMessage.text(label)));
      case "picture", "audio", "video", "file" ->
          queue(event, ChatMessage.text("目前只能处理文字消息，请直接输入文字。输入「帮助」查看用法。"));
      case "user_add_org", "user_modify_org", "user_active_org", "user_dept_change" ->
          directory.usersChanged(event.tenantId(), ids(p, "UserId"));
      case "user_leave_org" -> directory.usersLeft(event.tenantId(), ids(p, "UserId"));
      case "org_dept_create", "org_dept_modify" ->
          directory.departmentsChanged(event.tenantId(), ids(p, "DeptId"));
      case "org_dept_remove" -> directory.removeDepartments(event.tenantId(), ids(p, "DeptId"));
      default -> {
        LOG.debug("DingTalk {} of tenant {} needs no action", event.kind(), event.tenantId());
        yield Future.succeededFuture();
      }
    };
  }

  private Future<Void> text(InboundEvent event, JsonObject p) {
    String text = p.getString("text", "");
    String button = DingTalkRenderer.buttonKey(text);
    if (button != null && event.sender() != null) {
      return cardActions
          .perform(event.tenantId(), event.sender(), button, event.platformKey())
          .compose(label -> queue(event, ChatMessage.text(label)));
    }
    if (event.sender() == null) {
      // external members and unpublished robots come without a staff id: nobody to act as
      return queue(event, ChatMessage.text("抱歉，只有本企业成员可以使用 Chat CRM。"));
    }
    return commands
        .reply(
            event.tenantId(),
            event.sender(),
            text,
            event.platformKey(),
            ids(p, "mentionedStaffIds"))
        .compose(reply -> queue(event, reply));
  }

  private Future<Void> queue(InboundEvent event, ChatMessage reply) {
    JsonObject p = event.payload();
    return queue(
        event,
        DingTalkSender.replyTo(
            p.getString("conversationType"),
            p.getString("conversationId"),
            p.getString("senderStaffId"),
            p.getLong("sessionWebhookExpiredTime", 0L),
            p.getString("sessionWebhook")),
        reply);
  }

  private Future<Void> queue(InboundEvent event, String recipient, ChatMessage reply) {
    return outbox
        .enqueue(
            Actor.system(event.tenantId(), "dingtalk-reply"),
            "dingtalk",
            recipient,
            reply.toJson(),
            "reply:" + event.platform() + ":" + event.platformKey())
        .onSuccess(id -> eventBus.send(OutboxDispatcher.ADDRESS, event.tenantId()))
        .mapEmpty();
  }

  private static List<String> ids(JsonObject p, String key) {
    List<String> out = new ArrayList<>();
    Object v = p.getValue(key);
    if (v instanceof JsonArray a) {
      a.forEach(o -> out.add(String.valueOf(o)));
    } else if (v != null) {
      out.add(String.valueOf(v));
    }
    return out;
  }
}
