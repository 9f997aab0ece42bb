package com.chatcrm.bench.reliability;

import static com.chatcrm.bench.reliability.CallbackForgery.DINGTALK;
import static com.chatcrm.bench.reliability.CallbackForgery.WECOM;
import static com.chatcrm.bench.reliability.GenuineCallbacks.nowSeconds;
import static com.chatcrm.bench.reliability.RawBytes.BAD;
import static com.chatcrm.bench.reliability.RawBytes.rawEncoded;
import static com.chatcrm.bench.reliability.RawBytes.splice;
import static com.chatcrm.bench.reliability.RawBytes.utf8;

import com.chatcrm.bench.reliability.CallbackForgery.Request;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Correctly signed callbacks whose payload is hostile: XML entities (XXE, billion laughs), invalid
 * UTF-8, NUL bytes, values of the wrong type and deep nesting.
 */
final class MalformedPayloads {

  private final HostileDice dice;
  private final GenuineCallbacks genuine;

  MalformedPayloads(HostileDice dice, GenuineCallbacks genuine) {
    this.dice = dice;
    this.genuine = genuine;
  }

  Request xxe() {
    String inner =
        dice.pick(
            "<!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>",
            "<!DOCTYPE xml [<!ENTITY xxe SYSTEM \"http://127.0.0.1:9/x\">]>",
            "<!DOCTYPE xml [<!ENTITY % p SYSTEM \"file:///etc/hostname\"> %p;]>");
    String plain =
        inner
            + CallbackForgery.wecomText(
                    genuine.member(), "&xxe;", genuine.nextSerial(), nowSeconds())
                .replace("<![CDATA[&xxe;]]>", "&xxe;");
    Request r =
        CallbackForgery.wecomPost(
            WECOM.corpId(), CallbackForgery.wecomEncrypt(utf8(plain)), Long.toString(nowSeconds()));
    if (dice.nextBoolean()) {
      // the outer body too: the envelope itself is parsed before anything is decrypted
      return r.withBody(utf8(inner + new String(r.body(), StandardCharsets.UTF_8)));
    }
    return r;
  }

  Request billionLaughs() {
    StringBuilder dtd = new StringBuilder("<!DOCTYPE xml [<!ENTITY lol0 \"lol\">");
    for (int i = 1; i <= 9; i++) {
      dtd.append("<!ENTITY lol")
          .append(i)
          .append(" \"")
          .append(("&lol" + (i - 1) + ";").repeat(10))
          .append("\">");
    }
    dtd.append("]>");
    String plain =
        dtd
            + CallbackForgery.wecomText(genuine.member(), "x", genuine.nextSerial(), nowSeconds())
                .replace("<![CDATA[x]]>", "&lol9;");
    Request r =
        CallbackForgery.wecomPost(
            WECOM.corpId(), CallbackForgery.wecomEncrypt(utf8(plain)), Long.toString(nowSeconds()));
    return dice.nextBoolean()
        ? r
        : r.withBody(
            utf8(
                dtd
                    + new String(r.body(), StandardCharsets.UTF_8)
                        .replace("<AgentID>", "<AgentID>&lol9;")));
  }

  Request invalidUtf8(String route) {
    byte[] bad =
        dice.pick(
            new byte[] {(byte) 0xC3, 0x28},
            new byte[] {(byte) 0xFF, (byte) 0xFE},
            new byte[] {(byte) 0xC0, (byte) 0xAF},
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80});
    long now = nowSeconds();
    return switch (route) {
      case "wecom-post" ->
          CallbackForgery.wecomPost(
              WECOM.corpId(),
              CallbackForgery.wecomEncrypt(
                  splice(CallbackForgery.wecomText(BAD, "x", genuine.nextSerial(), now), BAD, bad)),
              Long.toString(now));
      case "dingtalk-events" -> {
        byte[] plain =
            splice(
                new JsonObject()
                    .put("EventType", BAD)
                    .put("CorpId", DINGTALK.corpId())
                    .put("TimeStamp", Long.toString(now * 1000))
                    .encode(),
                BAD,
                bad);
        yield CallbackForgery.dingtalkEvent(
            DINGTALK.corpId(),
            CallbackForgery.dingtalkEncrypt(plain, plain.length),
            Long.toString(now * 1000));
      }
      case "dingtalk-robot", "dingtalk-card" -> {
        String body =
            route.equals("dingtalk-robot")
                ? genuine.robotBody().replace("帮助", BAD)
                : genuine.cardBody().replace(DINGTALK.members().get(0).userId(), BAD);
        yield CallbackForgery.dingtalkSigned(
            DINGTALK.corpId(),
            route.substring(9),
            splice(body, BAD, bad),
            Long.toString(System.currentTimeMillis()));
      }
      // the check echoes what it decrypts, as WeCom wants: raw bytes in its parameters instead,
      // unsigned
      default ->
          genuine
              .fresh(route)
              .withPath(
                  genuine
                      .fresh(route)
                      .pathAndQuery()
                      .replaceFirst("nonce=", "nonce=" + rawEncoded(bad)));
    };
  }

  Request nul(String route) {
    long now = nowSeconds();
    if (dice.nextInt(3) == 0 && (route.startsWith("wecom") || route.equals("dingtalk-events"))) {
      Request r = genuine.fresh(route);
      return r.withPath(r.pathAndQuery().replaceFirst(dice.pick("nonce=", "timestamp="), "$0%00"));
    }
    return switch (route) {
      case "wecom-get" ->
          genuine
              .fresh(route)
              .withPath(
                  genuine.fresh(route).pathAndQuery().replaceFirst("echostr=", "echostr=%00"));
      case "wecom-post" ->
          CallbackForgery.wecomPost(
              WECOM.corpId(),
              CallbackForgery.wecomEncrypt(
                  utf8(
                      dice.pick(
                          CallbackForgery.wecomText("zhang\0san", "帮助", genuine.nextSerial(), now),
                          CallbackForgery.wecomText(
                                  genuine.member(), "跟进\0", genuine.nextSerial(), now)
                              .replace("<MsgId>", "<MsgId>\0"),
                          "\0"
                              + CallbackForgery.wecomText(
                                  genuine.member(), "帮助", genuine.nextSerial(), now)))),
              Long.toString(now));
      case "dingtalk-events" -> {
        byte[] plain =
            utf8(
                new JsonObject()
                    .put("EventType", "user_add_org\u0000")
                    .put("CorpId", DINGTALK.corpId())
                    .put("TimeStamp", Long.toString(now * 1000))
                    .put("UserId", new JsonArray().add("x\u0000"))
                    .encode());
        yield CallbackForgery.dingtalkEvent(
            DINGTALK.corpId(),
            CallbackForgery.dingtalkEncrypt(plain, plain.length),
            Long.toString(now * 1000));
      }
      case "dingtalk-card" ->
          CallbackForgery.dingtalkSigned(
              DINGTALK.corpId(),
              "card",
              utf8(genuine.cardBody().replace("\"outTrackId\":\"", "\"outTrackId\":\"\\u0000")),
              Long.toString(System.currentTimeMillis()));
      default ->
          CallbackForgery.dingtalkSigned(
              DINGTALK.corpId(),
              "robot",
              utf8(
                  dice.pick(
                      genuine.robotBody().replace("\"msgId\":\"", "\"msgId\":\"\\u0000"),
                      genuine
                          .robotBody()
                          .replace("\"senderStaffId\":\"", "\"senderStaffId\":\"\\u0000"),
                      genuine.robotBody().replace("帮助", "跟进 \\u0000"))),
              Long.toString(System.currentTimeMillis()));
    };
  }

  Request typeConfusion(String route) {
    long now = nowSeconds();
    Supplier<Object> wrong =
        () ->
            dice.pick(
                12345,
                -1,
                1e308,
                true,
                new JsonArray().add("a").add(1),
                new JsonObject().put("$ne", ""),
                JsonObject.of("msgId", JsonArray.of(JsonArray.of())));
    String deep = "[".repeat(2_000 + dice.nextInt(100_000));
    switch (route) {
      case "wecom-post" -> {
        // the XML tree where text is expected: nested elements, repeated elements
        String plain = CallbackForgery.wecomText(genuine.member(), "帮助", genuine.nextSerial(), now);
        plain =
            dice.nextBoolean()
                ? plain.replaceFirst("<MsgId>[0-9]+</MsgId>", "<MsgId><a>1</a><b>2</b></MsgId>")
                : plain.replace("<FromUserName>", "<FromUserName>" + "<x>".repeat(5_000));
        return CallbackForgery.wecomPost(
            WECOM.corpId(), CallbackForgery.wecomEncrypt(utf8(plain)), Long.toString(now));
      }
      case "dingtalk-events" -> {
        String plain =
            dice.nextInt(4) == 0
                ? dice.pick("[1,2]", "\"user_add_org\"", "42", "null", deep)
                : new JsonObject()
                    .put("EventType", "user_add_org")
                    .put("CorpId", DINGTALK.corpId())
                    .put("TimeStamp", Long.toString(now * 1000))
                    .put(dice.pick("EventType", "CorpId"), wrong.get())
                    .encode();
        byte[] b = utf8(plain);
        Request r =
            CallbackForgery.dingtalkEvent(
                DINGTALK.corpId(),
                CallbackForgery.dingtalkEncrypt(b, b.length),
                Long.toString(now * 1000));
        return dice.nextInt(5) == 0
            ? r.withBody(utf8("{\"encrypt\":" + dice.pick("1", "[]", "{}", "null") + "}"))
            : r;
      }
      case "dingtalk-card" -> {
        JsonObject body = new JsonObject(genuine.cardBody());
        body.put(dice.pick("outTrackId", "content", "userId"), wrong.get());
        return CallbackForgery.dingtalkSigned(
            DINGTALK.corpId(),
            "card",
            utf8(dice.nextInt(5) == 0 ? deep : body.encode()),
            Long.toString(System.currentTimeMillis()));
      }
      default -> {
        JsonObject body = new JsonObject(genuine.robotBody());
        // the fields that say what the message is and whose: a wrong type there cannot be read
        // leniently
        body.put(dice.pick("msgId", "senderStaffId", "chatbotCorpId"), wrong.get());
        String text =
            switch (dice.nextInt(6)) {
              case 0 -> dice.pick("[]", "\"msg\"", "123", "null", "true");
              case 1 -> deep;
              default -> body.encode();
            };
        return CallbackForgery.dingtalkSigned(
            DINGTALK.corpId(), "robot", utf8(text), Long.toString(System.currentTimeMillis()));
      }
    }
  }
}
