package com.chatcrm.sandbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the bot sent one user, picked out of the calls the platform stand-ins recorded and put into
 * one shape per platform message, for the sandbox chat page.
 */
final class SandboxChatShapes {

  private final WeComSandbox wecom;
  private final DingTalkSandbox dingtalk;

  /** WeCom response codes handed out with clicks → the card (task id) they update. */
  private final Map<String, String> clickedCards = new ConcurrentHashMap<>();

  SandboxChatShapes(WeComSandbox wecom, DingTalkSandbox dingtalk) {
    this.wecom = wecom;
    this.dingtalk = dingtalk;
  }

  /** A click on a WeCom card got this response code: updates with it are that card's. */
  void clicked(String responseCode, String taskId) {
    clickedCards.put(responseCode, taskId);
  }

  /** The message a recorded call sent this user, or null when it sent them none. */
  JsonObject message(String platform, String corpId, String userId, SandboxCall call) {
    return "wecom".equals(platform) ? weCom(corpId, userId, call) : dingTalk(corpId, userId, call);
  }

  /**
   * A WeCom app message or card update to this user, as {@code {kind, msgtype, <msgtype>: ...}}.
   */
  private JsonObject weCom(String corpId, String userId, SandboxCall call) {
    JsonObject body = call.body();
    if (call.answer() == null || call.answer().getInteger("errcode", -1) != 0 || body == null) {
      return null;
    }
    SandboxCorp corp = wecom.corp(corpId);
    if (!String.valueOf(corp.agentId()).equals(String.valueOf(body.getValue("agentid")))) {
      return null;
    }
    switch (call.path()) {
      case "/cgi-bin/message/send" -> {
        List<String> to = Arrays.asList(body.getString("touser", "").split("\\|"));
        if (!to.contains(userId) && !to.contains("@all")) {
          return null;
        }
        String type = body.getString("msgtype");
        return new JsonObject()
            .put("kind", "bot")
            .put("msgtype", type)
            .put(type, body.getValue(type));
      }
      case "/cgi-bin/message/update_template_card" -> {
        JsonArray users = body.getJsonArray("userids", new JsonArray());
        String taskId = clickedCards.get(body.getString("response_code", ""));
        if (!users.contains(userId) || taskId == null) {
          return null;
        }
        JsonObject update = new JsonObject().put("kind", "update").put("taskId", taskId);
        if (body.getJsonObject("button") != null) {
          update.put("replaceName", body.getJsonObject("button").getString("replace_name"));
        }
        if (body.getJsonObject("template_card") != null) {
          update.put("template_card", body.getJsonObject("template_card"));
        }
        return update;
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * A DingTalk message to this user, in the robot webhook's shape ({@code msgtype} text, markdown
   * or actionCard), whichever API sent it: the session webhook of the user's one-to-one chat, the
   * robot's OpenAPI one-to-one send, or a work notification ({@code channel: "notice"}).
   */
  private JsonObject dingTalk(String corpId, String userId, SandboxCall call) {
    JsonObject body = call.body();
    JsonObject answer = call.answer();
    if (body == null || answer == null) {
      return null;
    }
    SandboxDingTalkCorp corp = dingtalk.corp(corpId);
    switch (call.path()) {
      case "/robot/sendBySession" -> {
        JsonObject query = body.getJsonObject("_query", new JsonObject());
        DingTalkSandbox.Session session = dingtalk.session(query.getString("session", ""));
        if (answer.getInteger("errcode", -1) != 0
            || session == null
            || !session.corpId().equals(corpId)
            || !session.conversationId().equals("cidsingle" + userId)) {
          return null;
        }
        JsonObject m = body.copy();
        m.remove("_query");
        m.remove("at");
        return m.put("kind", "bot").put("channel", "robot");
      }
      case "/v1.0/robot/oToMessages/batchSend" -> {
        if (answer.getInteger("httpStatus", 0) != 200
            || !corp.robotCode().equals(body.getString("robotCode"))
            || !body.getJsonArray("userIds", new JsonArray()).contains(userId)) {
          return null;
        }
        JsonObject m = fromOpenApi(body.getString("msgKey", ""), body.getValue("msgParam"));
        return m == null ? null : m.put("kind", "bot").put("channel", "robot");
      }
      case "/topapi/message/corpconversation/asyncsend_v2" -> {
        if (answer.getInteger("errcode", -1) != 0
            || !String.valueOf(corp.agentId()).equals(String.valueOf(body.getValue("agent_id")))
            || !Arrays.asList(body.getString("userid_list", "").split(",")).contains(userId)) {
          return null;
        }
        JsonObject m = fromWorkNotice(body.getValue("msg"));
        return m == null ? null : m.put("kind", "bot").put("channel", "notice");
      }
      default -> {
        return null;
      }
    }
  }

  /** sampleText / sampleMarkdown / sampleActionCard[2-6] → the webhook shape. */
  static JsonObject fromOpenApi(String msgKey, Object msgParam) {
    JsonObject p;
    try {
      p =
          msgParam instanceof String s
              ? new JsonObject(s)
              : msgParam instanceof JsonObject o ? o : null;
    } catch (RuntimeException e) {
      return null;
    }
    if (p == null) {
      return null;
    }
    switch (msgKey) {
      case "sampleText" -> {
        return new JsonObject()
            .put("msgtype", "text")
            .put("text", new JsonObject().put("content", p.getString("content", "")));
      }
      case "sampleMarkdown" -> {
        return new JsonObject()
            .put("msgtype", "markdown")
            .put(
                "markdown",
                new JsonObject()
                    .put("title", p.getString("title", ""))
                    .put("text", p.getString("text", "")));
      }
      case "sampleActionCard" -> {
        return new JsonObject()
            .put("msgtype", "actionCard")
            .put(
                "actionCard",
                new JsonObject()
                    .put("title", p.getString("title", ""))
                    .put("text", p.getString("text", ""))
                    .put("singleTitle", p.getString("singleTitle"))
                    .put("singleURL", p.getString("singleURL")));
      }
      default -> {
        if (!msgKey.startsWith("sampleActionCard")) {
          return null;
        }
        JsonArray btns = new JsonArray();
        for (int i = 1; i <= 6 && p.containsKey("actionTitle" + i); i++) {
          btns.add(
              new JsonObject()
                  .put("title", p.getString("actionTitle" + i))
                  .put("actionURL", p.getString("actionURL" + i)));
        }
        return new JsonObject()
            .put("msgtype", "actionCard")
            .put(
                "actionCard",
                new JsonObject()
                    .put("title", p.getString("title", ""))
                    .put("text", p.getString("text", ""))
                    .put("btns", btns)
                    .put("btnOrientation", "0"));
      }
    }
  }

  /** A work notification's msg (text, markdown, action_card) → the webhook shape. */
  static JsonObject fromWorkNotice(Object msgValue) {
    JsonObject msg = msgValue instanceof JsonObject o ? o : null;
    if (msg == null) {
      return null;
    }
    switch (msg.getString("msgtype", "")) {
      case "text" -> {
        return new JsonObject()
            .put("msgtype", "text")
            .put("text", msg.getJsonObject("text", new JsonObject()));
      }
      case "markdown" -> {
        return new JsonObject()
            .put("msgtype", "markdown")
            .put("markdown", msg.getJsonObject("markdown", new JsonObject()));
      }
      case "action_card" -> {
        JsonObject c = msg.getJsonObject("action_card", new JsonObject());
        JsonObject card =
            new JsonObject()
                .put("title", c.getString("title", ""))
                .put("text", c.getString("markdown", ""));
        if (c.getString("single_url") != null) {
          card.put("singleTitle", c.getString("single_title"))
              .put("singleURL", c.getString("single_url"));
        } else {
          JsonArray btns = new JsonArray();
          c.getJsonArray("btn_json_list", new JsonArray())
              .forEach(
                  b -> {
                    if (b instanceof JsonObject o) {
                      btns.add(
                          new JsonObject()
                              .put("title", o.getString("title"))
                              .put("actionURL", o.getString("action_url")));
                    }
                  });
          card.put("btns", btns).put("btnOrientation", c.getString("btn_orientation", "0"));
        }
        return new JsonObject().put("msgtype", "actionCard").put("actionCard", card);
      }
      default -> {
        return null;
      }
    }
  }
}
