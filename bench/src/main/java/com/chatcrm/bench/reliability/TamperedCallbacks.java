package com.chatcrm.bench.reliability;

import static com.chatcrm.bench.reliability.CallbackForgery.DINGTALK;
import static com.chatcrm.bench.reliability.CallbackForgery.WECOM;
import static com.chatcrm.bench.reliability.CallbackForgery.enc;
import static com.chatcrm.bench.reliability.GenuineCallbacks.nowSeconds;
import static com.chatcrm.bench.reliability.HostileDice.BASE64;
import static com.chatcrm.bench.reliability.RawBytes.utf8;

import com.chatcrm.bench.reliability.CallbackForgery.Request;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Genuine callbacks tampered with around their payload: signature or timestamp missing, wrong or
 * flipped, the wrong corp in the path, oversized parts, a replayed signature, a crafted length
 * field in the encrypted envelope.
 */
final class TamperedCallbacks {

  private final HostileDice dice;
  private final GenuineCallbacks genuine;
  private final List<Request> robotControls;

  /**
   * @param robotControls genuine robot callbacks already posted (their signature headers get
   *     replayed)
   */
  TamperedCallbacks(HostileDice dice, GenuineCallbacks genuine, List<Request> robotControls) {
    this.dice = dice;
    this.genuine = genuine;
    this.robotControls = robotControls;
  }

  Request missingSignature(String route) {
    Request r = genuine.fresh(route);
    if (route.startsWith("wecom") || route.equals("dingtalk-events")) {
      String path = r.pathAndQuery();
      String base = path.substring(0, path.indexOf('?'));
      return switch (dice.nextInt(4)) {
        case 0 -> r.withPath(base);
        case 1 -> r.withPath(path.replaceAll("(msg_)?signature=[^&]*&?", ""));
        case 2 -> r.withPath(path.replaceAll("timestamp=[^&]*", "timestamp="));
        default -> r.withPath(base + "?msg_signature=0&signature=0&timestamp=&nonce=1&echostr=abc");
      };
    }
    return switch (dice.nextInt(3)) {
      case 0 -> r.withHeader("sign", null);
      case 1 -> r.withHeader("timestamp", null);
      default -> r.withHeader("sign", null).withHeader("timestamp", null);
    };
  }

  Request badSignature(String route) {
    Request r = genuine.fresh(route);
    String bad =
        dice.pick(
            dice.hex(40),
            dice.hex(40).toUpperCase(),
            "0",
            "",
            dice.base64(32),
            "'; DROP TABLE tenant; --",
            dice.hex(400));
    if (route.startsWith("wecom") || route.equals("dingtalk-events")) {
      return r.withPath(
          r.pathAndQuery().replaceFirst("signature=[0-9a-f]+", "signature=" + enc(bad)));
    }
    return r.withHeader("sign", bad.isEmpty() ? " " : bad.replaceAll("[^ -~]", ""));
  }

  Request flipped(String route) {
    Request r = genuine.fresh(route);
    if (route.startsWith("dingtalk-robot") || route.equals("dingtalk-card")) {
      if (dice.nextBoolean()) {
        return r.withHeader("sign", dice.flipChar(r.headers().get("sign"), BASE64));
      }
      return r.withHeader("timestamp", dice.flipChar(r.headers().get("timestamp"), "0123456789"));
    }
    String path = r.pathAndQuery();
    if (dice.nextBoolean()) {
      Matcher m = Pattern.compile("signature=([0-9a-f]+)").matcher(path);
      m.find();
      return r.withPath(
          path.substring(0, m.start(1))
              + dice.flipChar(m.group(1), "0123456789abcdef")
              + path.substring(m.end(1)));
    }
    if (route.equals("wecom-get")) {
      int at = path.indexOf("echostr=") + 8;
      String e = URLDecoder.decode(path.substring(at), StandardCharsets.UTF_8);
      return r.withPath(path.substring(0, at) + enc(dice.flipChar(e, BASE64)));
    }
    // the ciphertext inside the body: one base64 character replaced, the signature left as it was
    String body = new String(r.body(), StandardCharsets.UTF_8);
    String key = route.equals("wecom-post") ? "<Encrypt><![CDATA[" : "\"encrypt\":\"";
    int from = body.indexOf(key) + key.length();
    int to = route.equals("wecom-post") ? body.indexOf("]]>", from) : body.indexOf('"', from);
    return r.withBody(
        utf8(
            body.substring(0, from)
                + dice.flipChar(body.substring(from, to), BASE64)
                + body.substring(to)));
  }

  Request wrongCorp(String route) {
    Request r = genuine.fresh(route);
    String own = route.startsWith("wecom") ? WECOM.corpId() : DINGTALK.corpId();
    String other = route.startsWith("wecom") ? DINGTALK.corpId() : WECOM.corpId();
    String corp =
        dice.pick(
            other,
            "wwunknown" + dice.nextInt(1000),
            own + "\r\n" + ServiceLog.FORGED + " INFO forged",
            own + "\n" + ServiceLog.FORGED + " admin logged in",
            "\0",
            own + "\0",
            "华信科技😀\u202e",
            "a".repeat(4096),
            "../../../etc/passwd",
            own.toUpperCase(),
            own + " ",
            "%00",
            "${jndi:ldap://127.0.0.1/x}");
    String path = r.pathAndQuery();
    return r.withPath(path.replaceFirst("/" + own, "/" + enc(corp)));
  }

  Request oversized(String route) {
    Request r = genuine.fresh(route);
    switch (dice.nextInt(4)) {
      case 0 -> {
        // a query longer than any server's request line
        return r.withPath(
            r.pathAndQuery() + "&nonce2=" + "n".repeat(16_384 + dice.nextInt(50_000)));
      }
      case 1 -> {
        return route.startsWith("dingtalk-r") || route.equals("dingtalk-card")
            ? r.withHeader("sign", "s".repeat(16_384 + dice.nextInt(50_000)))
            : r.withHeader("x-filler", "f".repeat(16_384 + dice.nextInt(50_000)));
      }
      default -> {
        byte[] body = new byte[256 * 1024 + 1 + dice.nextInt(768 * 1024)];
        Arrays.fill(body, (byte) (route.equals("wecom-post") ? '<' : '['));
        return r.withBody(body);
      }
    }
  }

  Request replay(String route) {
    switch (route) {
      case "wecom-post" -> {
        // the query of one message (signed over its ciphertext) with another message's ciphertext
        Request signed = genuine.fresh("wecom-post");
        return signed.withBody(genuine.fresh("wecom-post").body());
      }
      case "dingtalk-events" -> {
        Request signed = genuine.fresh("dingtalk-events");
        return signed.withBody(genuine.fresh("dingtalk-events").body());
      }
      default -> {
        // DingTalk's timestamp/sign headers do not cover the body: a captured pair, another body
        Request control = robotControls.get(dice.nextInt(robotControls.size()));
        byte[] body =
            utf8(
                route.equals("dingtalk-card")
                    ? genuine.cardBody()
                    : genuine.robotBody().replace("帮助", "报表"));
        return new Request(
            "POST",
            route.equals("dingtalk-card")
                ? control.pathAndQuery().replace("/robot", "/card")
                : control.pathAndQuery(),
            control.headers(),
            body);
      }
    }
  }

  Request craftedLength(String route) {
    long now = nowSeconds();
    byte[] msg =
        utf8(
            route.equals("dingtalk-events")
                ? new JsonObject()
                    .put("EventType", "user_add_org")
                    .put("CorpId", DINGTALK.corpId())
                    .encode()
                : CallbackForgery.wecomText(genuine.member(), "帮助", genuine.nextSerial(), now));
    int len =
        dice.pick(
            Integer.MAX_VALUE - dice.nextInt(20),
            Integer.MAX_VALUE,
            -1,
            Integer.MIN_VALUE,
            msg.length + 1 + dice.nextInt(64),
            0xFFFFFF,
            msg.length + WECOM.corpId().length() + 1);
    return switch (route) {
      case "wecom-get" ->
          CallbackForgery.wecomVerify(
              WECOM.corpId(), CallbackForgery.wecomEncrypt(utf8("echo"), len), Long.toString(now));
      case "wecom-post" ->
          CallbackForgery.wecomPost(
              WECOM.corpId(), CallbackForgery.wecomEncrypt(msg, len), Long.toString(now));
      default ->
          CallbackForgery.dingtalkEvent(
              DINGTALK.corpId(),
              CallbackForgery.dingtalkEncrypt(msg, len),
              Long.toString(now * 1000));
    };
  }
}
