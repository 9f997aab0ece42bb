package com.chatcrm.gateway.wecom;

import com.chatcrm.gateway.PlatformError;
import com.chatcrm.gateway.message.ChatMessage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.List;

/**
 * Team messages: to an app group chat (应用群聊, appchat/send) and through a group robot webhook
 * (群机器人), which alone can @-mention members — the way a daily report names whoever is behind.
 */
public final class WeComGroups {

  private final WeComSender sender;
  private final WebClient client;
  private final String baseUrl;

  public WeComGroups(WeComSender sender, WebClient client, String baseUrl) {
    this.sender = sender;
    this.client = client;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  /** Sends to an app group chat created by this app. */
  public Future<Void> toAppChat(long tenantId, String chatId, ChatMessage message) {
    // group chats take no interactive cards: buttons are dropped, the rest goes as markdown
    ChatMessage withoutButtons =
        new ChatMessage(message.title(), message.markdown(), message.fields(), List.of());
    JsonObject body = WeComRenderer.render(withoutButtons, null, 0, null);
    body.remove("touser");
    body.remove("agentid");
    return sender
        .api(tenantId)
        .compose(api -> api.post("/cgi-bin/appchat/send", body.put("chatid", chatId)))
        .mapEmpty();
  }

  /**
   * Posts to a group robot. Markdown mentions are written as {@code <@userid>} in the content; the
   * key is the robot's secret, kept in the tenant's channel settings.
   */
  public Future<Void> toRobot(String webhookKey, ChatMessage message, List<String> mentionUserIds) {
    StringBuilder content = new StringBuilder();
    if (message.title() != null) {
      content.append("**").append(message.title()).append("**\n");
    }
    if (message.markdown() != null) {
      content.append(message.markdown()).append('\n');
    }
    message
        .fields()
        .forEach(
            f -> content.append("> ").append(f.label()).append("：").append(f.value()).append('\n'));
    mentionUserIds.forEach(u -> content.append("<@").append(u).append("> "));
    JsonObject body =
        new JsonObject()
            .put("msgtype", "markdown")
            .put("markdown", new JsonObject().put("content", content.toString().strip()));
    if (message.isPlainText()) {
      body =
          new JsonObject()
              .put("msgtype", "text")
              .put(
                  "text",
                  new JsonObject()
                      .put("content", message.markdown())
                      .put("mentioned_list", new JsonArray(mentionUserIds)));
    }
    return client
        .postAbs(baseUrl + "/cgi-bin/webhook/send")
        .addQueryParam("key", webhookKey)
        .timeout(10_000)
        .sendJsonObject(body)
        .compose(
            r -> {
              JsonObject answer = r.statusCode() == 200 ? r.bodyAsJsonObject() : null;
              if (answer == null || answer.getInteger("errcode", -1) != 0) {
                return Future.failedFuture(
                    new PlatformError(
                        "wecom",
                        answer == null ? -r.statusCode() : answer.getInteger("errcode", -1),
                        answer == null ? "HTTP " + r.statusCode() : answer.getString("errmsg")));
              }
              return Future.succeededFuture();
            });
  }
}
