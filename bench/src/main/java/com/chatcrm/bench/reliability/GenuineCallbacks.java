package com.chatcrm.bench.reliability;

import static com.chatcrm.bench.reliability.CallbackForgery.DINGTALK;
import static com.chatcrm.bench.reliability.CallbackForgery.WECOM;
import static com.chatcrm.bench.reliability.RawBytes.utf8;

import com.chatcrm.bench.reliability.CallbackForgery.Request;
import com.chatcrm.sandbox.DingTalkCallbackSimulator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The genuine callback of each route, correctly signed, with sandbox members and fresh message ids:
 * the starting point the hostile mutations tamper with.
 */
final class GenuineCallbacks {

  private final HostileDice dice;
  private long serial;

  GenuineCallbacks(HostileDice dice, long firstSerial) {
    this.dice = dice;
    this.serial = firstSerial;
  }

  /** A fresh message id (ids never repeat within a run, so no callback is a plain duplicate). */
  long nextSerial() {
    return ++serial;
  }

  /** The genuine callback of {@code route}, at a timestamp offset from now (seconds). */
  Request genuine(String route, long offsetSeconds) {
    long s = nowSeconds() + offsetSeconds;
    String sec = Long.toString(s);
    String ms = Long.toString(s * 1000 + dice.nextInt(1000));
    return switch (route) {
      case "wecom-get" -> CallbackForgery.wecomVerify(WECOM.corpId(), echostr(), sec);
      case "wecom-post" ->
          CallbackForgery.wecomPost(
              WECOM.corpId(),
              CallbackForgery.wecomEncrypt(
                  utf8(CallbackForgery.wecomText(member(), "帮助", nextSerial(), s))),
              sec);
      case "dingtalk-robot" ->
          CallbackForgery.dingtalkSigned(DINGTALK.corpId(), "robot", utf8(robotBody()), ms);
      case "dingtalk-events" ->
          CallbackForgery.dingtalkEvent(
              DINGTALK.corpId(),
              CallbackForgery.dingtalkEncrypt(utf8(eventPlain(ms)), utf8(eventPlain(ms)).length),
              ms);
      default -> CallbackForgery.dingtalkSigned(DINGTALK.corpId(), "card", utf8(cardBody()), ms);
    };
  }

  Request fresh(String route) {
    return genuine(route, 0);
  }

  /** A robot message as DingTalk posts it, from a sandbox member, with a fresh message id. */
  String robotBody() {
    String staff = DINGTALK.members().get(dice.nextInt(DINGTALK.members().size())).userId();
    return new JsonObject()
        .put("msgtype", "text")
        .put("text", new JsonObject().put("content", "帮助"))
        .put("msgId", "msgHostile" + nextSerial())
        .put("createAt", System.currentTimeMillis())
        .put("conversationType", "1")
        .put("conversationId", "cidsingle" + staff)
        .put("senderId", "$:LWCP_v1:$" + staff)
        .put("senderNick", staff)
        .put("senderStaffId", staff)
        .put("senderCorpId", DINGTALK.corpId())
        .put("chatbotCorpId", DINGTALK.corpId())
        .put("chatbotUserId", "$:LWCP_v1:$robot" + DINGTALK.robotCode())
        .put("robotCode", DINGTALK.robotCode())
        .put("isAdmin", false)
        .put("sessionWebhook", "http://127.0.0.1:9/expired")
        .put("sessionWebhookExpiredTime", 0)
        .encode();
  }

  String cardBody() {
    return DingTalkCallbackSimulator.cardClickBody(
            DINGTALK,
            "track" + nextSerial(),
            DINGTALK.members().get(0).userId(),
            "reminder.done:" + (1 + dice.nextInt(1000)))
        .encode();
  }

  private String eventPlain(String ms) {
    return new JsonObject()
        .put("EventType", "user_modify_org")
        .put("TimeStamp", ms)
        .put("CorpId", DINGTALK.corpId())
        .put("UserId", new JsonArray().add(DINGTALK.members().get(1).userId()))
        .encode();
  }

  private String echostr() {
    return CallbackForgery.wecomEncrypt(utf8(Long.toString(dice.nextLong())));
  }

  /** A random WeCom sandbox member's user id. */
  String member() {
    return WECOM.members().get(dice.nextInt(WECOM.members().size())).userId();
  }

  static long nowSeconds() {
    return System.currentTimeMillis() / 1000;
  }
}
