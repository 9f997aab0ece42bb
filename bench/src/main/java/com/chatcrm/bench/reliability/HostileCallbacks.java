package com.chatcrm.bench.reliability;

import static com.chatcrm.bench.reliability.CallbackForgery.DINGTALK;
import static com.chatcrm.bench.reliability.CallbackForgery.WECOM;
import static com.chatcrm.bench.reliability.CallbackForgery.enc;

import com.chatcrm.bench.reliability.CallbackForgery.Request;
import com.chatcrm.sandbox.DingTalkCallbackSimulator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Hostile callbacks for every public callback route (WeCom GET check and POST, DingTalk robot,
 * events, card), from a seeded generator: the same seed gives the same sequence of categories,
 * routes and mutations. None of them is a callback the platform would send, so none may be
 * acknowledged or write anything.
 */
final class HostileCallbacks {

  enum Category {
    MISSING_SIGNATURE("missing signature or parameters"),
    BAD_SIGNATURE("wrong signature"),
    STALE_TIMESTAMP("signed, timestamp 1 h+ to years old"),
    FUTURE_TIMESTAMP("signed, timestamp 1 h+ to years ahead"),
    FLIPPED_BYTES("genuine, one byte flipped (ciphertext, signature, timestamp)"),
    WRONG_CORP("genuine, to a wrong/unknown corp (CR/LF, %00, unicode, 4 KB ids)"),
    XXE("signed XML with an external entity (XXE)"),
    BILLION_LAUGHS("signed XML with nested entities (billion laughs)"),
    OVERSIZED("oversized body, query or header"),
    INVALID_UTF8("invalid UTF-8 (signed where possible)"),
    NUL_BYTES("NUL bytes in ids, parameters and payloads"),
    TYPE_CONFUSION("signed JSON/XML of the wrong types, deep nesting"),
    REPLAY_OTHER_BODY("a genuine signature replayed with another body"),
    CRAFTED_LENGTH("signed envelope with a crafted length field");

    final String label;

    Category(String label) {
      this.label = label;
    }
  }

  private static final String[] ROUTES = {
    "wecom-get", "wecom-post", "dingtalk-robot", "dingtalk-events", "dingtalk-card"
  };

  private final Random random;
  private final List<Request> robotControls;
  private long serial;

  /**
   * @param robotControls genuine robot callbacks already posted (their signature headers get
   *     replayed)
   */
  HostileCallbacks(long seed, List<Request> robotControls) {
    this.random = new Random(seed);
    this.robotControls = robotControls;
    this.serial = Math.abs(seed % 1_000_000) * 1_000_000;
  }

  /** A labelled hostile request. */
  record Hostile(Category category, String route, Request request) {}

  Hostile next() {
    Category c = Category.values()[random.nextInt(Category.values().length)];
    String route =
        switch (c) {
          case XXE, BILLION_LAUGHS -> "wecom-post";
          case REPLAY_OTHER_BODY, TYPE_CONFUSION, OVERSIZED ->
              pick("wecom-post", "dingtalk-robot", "dingtalk-events", "dingtalk-card");
          case CRAFTED_LENGTH -> pick("wecom-get", "wecom-post", "dingtalk-events");
          default -> pick(ROUTES);
        };
    return new Hostile(c, route, build(c, route));
  }

  private Request build(Category c, String route) {
    return switch (c) {
      case MISSING_SIGNATURE -> missingSignature(route);
      case BAD_SIGNATURE -> badSignature(route);
      case STALE_TIMESTAMP ->
          genuine(
              route,
              -pickLong(
                  3_700,
                  86_400,
                  365L * 86_400,
                  10L * 365 * 86_400,
                  nowSeconds(),
                  nowSeconds() + 1));
      case FUTURE_TIMESTAMP ->
          genuine(route, pickLong(3_700, 86_400, 365L * 86_400, 50L * 365 * 86_400));
      case FLIPPED_BYTES -> flipped(route);
      case WRONG_CORP -> wrongCorp(route);
      case XXE -> xxe();
      case BILLION_LAUGHS -> billionLaughs();
      case OVERSIZED -> oversized(route);
      case INVALID_UTF8 -> invalidUtf8(route);
      case NUL_BYTES -> nul(route);
      case TYPE_CONFUSION -> typeConfusion(route);
      case REPLAY_OTHER_BODY -> replay(route);
      case CRAFTED_LENGTH -> craftedLength(route);
    };
  }

  // ── the genuine callback of each route, at a timestamp offset from now (seconds) ──

  private Request genuine(String route, long offsetSeconds) {
    long s = nowSeconds() + offsetSeconds;
    String sec = Long.toString(s);
    String ms = Long.toString(s * 1000 + random.nextInt(1000));
    return switch (route) {
      case "wecom-get" -> CallbackForgery.wecomVerify(WECOM.corpId(), echostr(), sec);
      case "wecom-post" ->
          CallbackForgery.wecomPost(
              WECOM.corpId(),
              CallbackForgery.wecomEncrypt(
                  utf8(CallbackForgery.wecomText(member(), "帮助", ++serial, s))),
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

  private Request fresh(String route) {
    return genuine(route, 0);
  }

  private Request missingSignature(String route) {
    Request r = fresh(route);
    if (route.startsWith("wecom") || route.equals("dingtalk-events")) {
      String path = r.pathAndQuery();
      String base = path.substring(0, path.indexOf('?'));
      return switch (random.nextInt(4)) {
        case 0 -> r.withPath(base);
        case 1 -> r.withPath(path.replaceAll("(msg_)?signature=[^&]*&?", ""));
        case 2 -> r.withPath(path.replaceAll("timestamp=[^&]*", "timestamp="));
        default -> r.withPath(base + "?msg_signature=0&signature=0&timestamp=&nonce=1&echostr=abc");
      };
    }
    return switch (random.nextInt(3)) {
      case 0 -> r.withHeader("sign", null);
      case 1 -> r.withHeader("timestamp", null);
      default -> r.withHeader("sign", null).withHeader("timestamp", null);
    };
  }

  private Request badSignature(String route) {
    Request r = fresh(route);
    String bad =
        pick(
            hex(40),
            hex(40).toUpperCase(),
            "0",
            "",
            base64(32),
            "'; DROP TABLE tenant; --",
            hex(400));
    if (route.startsWith("wecom") || route.equals("dingtalk-events")) {
      return r.withPath(
          r.pathAndQuery().replaceFirst("signature=[0-9a-f]+", "signature=" + enc(bad)));
    }
    return r.withHeader("sign", bad.isEmpty() ? " " : bad.replaceAll("[^ -~]", ""));
  }

  private Request flipped(String route) {
    Request r = fresh(route);
    if (route.startsWith("dingtalk-robot") || route.equals("dingtalk-card")) {
      if (random.nextBoolean()) {
        return r.withHeader("sign", flipChar(r.headers().get("sign"), BASE64));
      }
      return r.withHeader("timestamp", flipChar(r.headers().get("timestamp"), "0123456789"));
    }
    String path = r.pathAndQuery();
    if (random.nextBoolean()) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("signature=([0-9a-f]+)").matcher(path);
      m.find();
      return r.withPath(
          path.substring(0, m.start(1))
              + flipChar(m.group(1), "0123456789abcdef")
              + path.substring(m.end(1)));
    }
    if (route.equals("wecom-get")) {
      int at = path.indexOf("echostr=") + 8;
      String e = java.net.URLDecoder.decode(path.substring(at), StandardCharsets.UTF_8);
      return r.withPath(path.substring(0, at) + enc(flipChar(e, BASE64)));
    }
    // the ciphertext inside the body: one base64 character replaced, the signature left as it was
    String body = new String(r.body(), StandardCharsets.UTF_8);
    String key = route.equals("wecom-post") ? "<Encrypt><![CDATA[" : "\"encrypt\":\"";
    int from = body.indexOf(key) + key.length();
    int to = route.equals("wecom-post") ? body.indexOf("]]>", from) : body.indexOf('"', from);
    return r.withBody(
        utf8(
            body.substring(0, from)
                + flipChar(body.substring(from, to), BASE64)
                + body.substring(to)));
  }

  private Request wrongCorp(String route) {
    Request r = fresh(route);
    String own = route.startsWith("wecom") ? WECOM.corpId() : DINGTALK.corpId();
    String other = route.startsWith("wecom") ? DINGTALK.corpId() : WECOM.corpId();
    String corp =
        pick(
            other,
            "wwunknown" + random.nextInt(1000),
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

  private Request xxe() {
    String inner =
        pick(
            "<!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>",
            "<!DOCTYPE xml [<!ENTITY xxe SYSTEM \"http://127.0.0.1:9/x\">]>",
            "<!DOCTYPE xml [<!ENTITY % p SYSTEM \"file:///etc/hostname\"> %p;]>");
    String plain =
        inner
            + CallbackForgery.wecomText(member(), "&xxe;", ++serial, nowSeconds())
                .replace("<![CDATA[&xxe;]]>", "&xxe;");
    Request r =
        CallbackForgery.wecomPost(
            WECOM.corpId(), CallbackForgery.wecomEncrypt(utf8(plain)), Long.toString(nowSeconds()));
    if (random.nextBoolean()) {
      // the outer body too: the envelope itself is parsed before anything is decrypted
      return r.withBody(utf8(inner + new String(r.body(), StandardCharsets.UTF_8)));
    }
    return r;
  }

  private Request billionLaughs() {
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
            + CallbackForgery.wecomText(member(), "x", ++serial, nowSeconds())
                .replace("<![CDATA[x]]>", "&lol9;");
    Request r =
        CallbackForgery.wecomPost(
            WECOM.corpId(), CallbackForgery.wecomEncrypt(utf8(plain)), Long.toString(nowSeconds()));
    return random.nextBoolean()
        ? r
        : r.withBody(
            utf8(
                dtd
                    + new String(r.body(), StandardCharsets.UTF_8)
                        .replace("<AgentID>", "<AgentID>&lol9;")));
  }

  private Request oversized(String route) {
    Request r = fresh(route);
    switch (random.nextInt(4)) {
      case 0 -> {
        // a query longer than any server's request line
        return r.withPath(
            r.pathAndQuery() + "&nonce2=" + "n".repeat(16_384 + random.nextInt(50_000)));
      }
      case 1 -> {
        return route.startsWith("dingtalk-r") || route.equals("dingtalk-card")
            ? r.withHeader("sign", "s".repeat(16_384 + random.nextInt(50_000)))
            : r.withHeader("x-filler", "f".repeat(16_384 + random.nextInt(50_000)));
      }
      default -> {
        byte[] body = new byte[256 * 1024 + 1 + random.nextInt(768 * 1024)];
        Arrays.fill(body, (byte) (route.equals("wecom-post") ? '<' : '['));
        return r.withBody(body);
      }
    }
  }

  private Request invalidUtf8(String route) {
    byte[] bad =
        pick(
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
                  splice(CallbackForgery.wecomText(BAD, "x", ++serial, now), BAD, bad)),
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
                ? robotBody().replace("帮助", BAD)
                : cardBody().replace(DINGTALK.members().get(0).userId(), BAD);
        yield CallbackForgery.dingtalkSigned(
            DINGTALK.corpId(),
            route.substring(9),
            splice(body, BAD, bad),
            Long.toString(System.currentTimeMillis()));
      }
      // the check echoes what it decrypts, as WeCom wants: raw bytes in its parameters instead,
      // unsigned
      default ->
          fresh(route)
              .withPath(
                  fresh(route).pathAndQuery().replaceFirst("nonce=", "nonce=" + rawEncoded(bad)));
    };
  }

  private Request nul(String route) {
    long now = nowSeconds();
    if (random.nextInt(3) == 0 && (route.startsWith("wecom") || route.equals("dingtalk-events"))) {
      Request r = fresh(route);
      return r.withPath(r.pathAndQuery().replaceFirst(pick("nonce=", "timestamp="), "$0%00"));
    }
    return switch (route) {
      case "wecom-get" ->
          fresh(route)
              .withPath(fresh(route).pathAndQuery().replaceFirst("echostr=", "echostr=%00"));
      case "wecom-post" ->
          CallbackForgery.wecomPost(
              WECOM.corpId(),
              CallbackForgery.wecomEncrypt(
                  utf8(
                      pick(
                          CallbackForgery.wecomText("zhang\0san", "帮助", ++serial, now),
                          CallbackForgery.wecomText(member(), "跟进\0", ++serial, now)
                              .replace("<MsgId>", "<MsgId>\0"),
                          "\0" + CallbackForgery.wecomText(member(), "帮助", ++serial, now)))),
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
              utf8(cardBody().replace("\"outTrackId\":\"", "\"outTrackId\":\"\\u0000")),
              Long.toString(System.currentTimeMillis()));
      default ->
          CallbackForgery.dingtalkSigned(
              DINGTALK.corpId(),
              "robot",
              utf8(
                  pick(
                      robotBody().replace("\"msgId\":\"", "\"msgId\":\"\\u0000"),
                      robotBody().replace("\"senderStaffId\":\"", "\"senderStaffId\":\"\\u0000"),
                      robotBody().replace("帮助", "跟进 \\u0000"))),
              Long.toString(System.currentTimeMillis()));
    };
  }

  private Request typeConfusion(String route) {
    long now = nowSeconds();
    Supplier<Object> wrong =
        () ->
            pick(
                12345,
                -1,
                1e308,
                true,
                new JsonArray().add("a").add(1),
                new JsonObject().put("$ne", ""),
                JsonObject.of("msgId", JsonArray.of(JsonArray.of())));
    String deep = "[".repeat(2_000 + random.nextInt(100_000));
    switch (route) {
      case "wecom-post" -> {
        // the XML tree where text is expected: nested elements, repeated elements
        String plain = CallbackForgery.wecomText(member(), "帮助", ++serial, now);
        plain =
            random.nextBoolean()
                ? plain.replaceFirst("<MsgId>[0-9]+</MsgId>", "<MsgId><a>1</a><b>2</b></MsgId>")
                : plain.replace("<FromUserName>", "<FromUserName>" + "<x>".repeat(5_000));
        return CallbackForgery.wecomPost(
            WECOM.corpId(), CallbackForgery.wecomEncrypt(utf8(plain)), Long.toString(now));
      }
      case "dingtalk-events" -> {
        String plain =
            random.nextInt(4) == 0
                ? pick("[1,2]", "\"user_add_org\"", "42", "null", deep)
                : new JsonObject()
                    .put("EventType", "user_add_org")
                    .put("CorpId", DINGTALK.corpId())
                    .put("TimeStamp", Long.toString(now * 1000))
                    .put(pick("EventType", "CorpId"), wrong.get())
                    .encode();
        byte[] b = utf8(plain);
        Request r =
            CallbackForgery.dingtalkEvent(
                DINGTALK.corpId(),
                CallbackForgery.dingtalkEncrypt(b, b.length),
                Long.toString(now * 1000));
        return random.nextInt(5) == 0
            ? r.withBody(utf8("{\"encrypt\":" + pick("1", "[]", "{}", "null") + "}"))
            : r;
      }
      case "dingtalk-card" -> {
        JsonObject body = new JsonObject(cardBody());
        body.put(pick("outTrackId", "content", "userId"), wrong.get());
        return CallbackForgery.dingtalkSigned(
            DINGTALK.corpId(),
            "card",
            utf8(random.nextInt(5) == 0 ? deep : body.encode()),
            Long.toString(System.currentTimeMillis()));
      }
      default -> {
        JsonObject body = new JsonObject(robotBody());
        // the fields that say what the message is and whose: a wrong type there cannot be read
        // leniently
        body.put(pick("msgId", "senderStaffId", "chatbotCorpId"), wrong.get());
        String text =
            switch (random.nextInt(6)) {
              case 0 -> pick("[]", "\"msg\"", "123", "null", "true");
              case 1 -> deep;
              default -> body.encode();
            };
        return CallbackForgery.dingtalkSigned(
            DINGTALK.corpId(), "robot", utf8(text), Long.toString(System.currentTimeMillis()));
      }
    }
  }

  private Request replay(String route) {
    long now = nowSeconds();
    switch (route) {
      case "wecom-post" -> {
        // the query of one message (signed over its ciphertext) with another message's ciphertext
        Request signed = fresh("wecom-post");
        return signed.withBody(fresh("wecom-post").body());
      }
      case "dingtalk-events" -> {
        Request signed = fresh("dingtalk-events");
        return signed.withBody(fresh("dingtalk-events").body());
      }
      default -> {
        // DingTalk's timestamp/sign headers do not cover the body: a captured pair, another body
        Request control = robotControls.get(random.nextInt(robotControls.size()));
        byte[] body =
            utf8(route.equals("dingtalk-card") ? cardBody() : robotBody().replace("帮助", "报表"));
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

  private Request craftedLength(String route) {
    long now = nowSeconds();
    byte[] msg =
        utf8(
            route.equals("dingtalk-events")
                ? new JsonObject()
                    .put("EventType", "user_add_org")
                    .put("CorpId", DINGTALK.corpId())
                    .encode()
                : CallbackForgery.wecomText(member(), "帮助", ++serial, now));
    int len =
        pick(
            Integer.MAX_VALUE - random.nextInt(20),
            Integer.MAX_VALUE,
            -1,
            Integer.MIN_VALUE,
            msg.length + 1 + random.nextInt(64),
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

  // ── genuine bodies ──

  /** A robot message as DingTalk posts it, from a sandbox member, with a fresh message id. */
  String robotBody() {
    String staff = DINGTALK.members().get(random.nextInt(DINGTALK.members().size())).userId();
    return new JsonObject()
        .put("msgtype", "text")
        .put("text", new JsonObject().put("content", "帮助"))
        .put("msgId", "msgHostile" + (++serial))
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

  private String cardBody() {
    return DingTalkCallbackSimulator.cardClickBody(
            DINGTALK,
            "track" + (++serial),
            DINGTALK.members().get(0).userId(),
            "reminder.done:" + (1 + random.nextInt(1000)))
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
    return CallbackForgery.wecomEncrypt(utf8(Long.toString(random.nextLong())));
  }

  private String member() {
    return WECOM.members().get(random.nextInt(WECOM.members().size())).userId();
  }

  // ── helpers ──

  /** Where raw invalid bytes go: a placeholder that JSON and XML encoding leave as it is. */
  private static final String BAD = "@@BAD@@";

  private static final String BASE64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  private String flipChar(String s, String alphabet) {
    int at = random.nextInt(s.length());
    char c = s.charAt(at);
    char d = c;
    while (d == c || d == '=') {
      d = alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return s.substring(0, at) + d + s.substring(at + 1);
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[random.nextInt(options.length)];
  }

  private long pickLong(long... options) {
    return options[random.nextInt(options.length)];
  }

  private String hex(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(Character.forDigit(random.nextInt(16), 16));
    }
    return sb.toString();
  }

  private String base64(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return java.util.Base64.getEncoder().encodeToString(b);
  }

  private static long nowSeconds() {
    return System.currentTimeMillis() / 1000;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String rawEncoded(byte[] raw) {
    StringBuilder sb = new StringBuilder();
    for (byte b : raw) {
      sb.append(String.format("%%%02X", b & 0xff));
    }
    return sb.toString();
  }

  /** {@code s} as UTF-8 with {@code marker} replaced by raw bytes. */
  private static byte[] splice(String s, String marker, byte[] raw) {
    int at = s.indexOf(marker);
    byte[] head = utf8(s.substring(0, at));
    byte[] tail = utf8(s.substring(at + marker.length()));
    byte[] out = Arrays.copyOf(head, head.length + raw.length + tail.length);
    System.arraycopy(raw, 0, out, head.length, raw.length);
    System.arraycopy(tail, 0, out, head.length + raw.length, tail.length);
    return out;
  }

  /** Categories in a stable order, for the report. */
  static List<Category> categories() {
    return new ArrayList<>(List.of(Category.values()));
  }

  static Map<String, String> routesDescribed() {
    return Map.of(
        "wecom-get",
        "GET /callback/wecom/{corp}",
        "wecom-post",
        "POST /callback/wecom/{corp}",
        "dingtalk-robot",
        "POST /callback/dingtalk/{corp}/robot",
        "dingtalk-events",
        "POST /callback/dingtalk/{corp}/events",
        "dingtalk-card",
        "POST /callback/dingtalk/{corp}/card");
  }
}
