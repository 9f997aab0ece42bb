package com.chatcrm.gateway;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.db.DatabaseOutage;
import com.chatcrm.engine.inbox.CallbackSignatures;
import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantChannels;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.gateway.dingtalk.DingTalkCallbackCrypto;
import com.chatcrm.gateway.dingtalk.DingTalkCallbackHandler;
import com.chatcrm.gateway.dingtalk.DingTalkCards;
import com.chatcrm.gateway.dingtalk.DingTalkTenants;
import com.chatcrm.gateway.wecom.WeComCallbackCrypto;
import com.chatcrm.gateway.wecom.WeComCallbackHandler;
import com.chatcrm.gateway.wecom.WeComTenants;
import com.chatcrm.sandbox.DingTalkCallbackSimulator;
import com.chatcrm.sandbox.DingTalkSandbox;
import com.chatcrm.sandbox.SandboxCorp;
import com.chatcrm.sandbox.SandboxCorps;
import com.chatcrm.sandbox.SandboxDingTalkCorp;
import com.chatcrm.sandbox.WeComCallbackSimulator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * What a hostile prober found on the callback URLs (issue #21): a secret in the log, replays of old
 * or re-used signatures, bytes that forge log lines, reach PostgreSQL or overflow a length. Each
 * request here is refused with a 4xx and writes nothing, or — a genuine message with a NUL — is
 * stored without it.
 */
class CallbackHostileInputTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static Vertx vertx;
  static Pool pool;
  static WebClient client;
  static String base;
  static String otherNode;
  static WeComCallbackSimulator wecom;
  static DingTalkCallbackSimulator dingtalk;
  static Tenant dingTenant;
  static final SandboxCorp corp = SandboxCorps.huaxin();
  static final SandboxDingTalkCorp ding = SandboxCorps.dingyun();

  final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeAll
  static void start() throws Exception {
    vertx = db.vertx();
    pool = db.pool();
    client = WebClient.create(vertx);
    TenantService tenants = new TenantService(pool);
    TenantChannels channels =
        new TenantChannels(pool, com.chatcrm.engine.secret.SecretBox.development());
    Tenant weTenant = await(tenants.register("wecom", corp.corpId(), corp.name(), null));
    await(
        channels.put(
            Actor.system(weTenant.id(), "test"), "wecom", WeComTenants.settingsOf(corp.app())));
    dingTenant = await(tenants.register("dingtalk", ding.corpId(), ding.name(), null));
    await(
        channels.put(
            Actor.system(dingTenant.id(), "test"), "dingtalk", SandboxCorps.settings(ding, null)));

    base = "http://127.0.0.1:" + node(tenants, channels);
    // a second node on the same database: what one node bound, the other must know
    otherNode = "http://127.0.0.1:" + node(tenants, channels);
    wecom = new WeComCallbackSimulator(client, base + "/callback/wecom");
    DingTalkSandbox sandbox = new DingTalkSandbox(vertx).addCorp(ding);
    dingtalk =
        new DingTalkCallbackSimulator(
            client, base + "/callback/dingtalk", sandbox, base + "/sandbox/dingtalk");
  }

  private static int node(TenantService tenants, TenantChannels channels) throws Exception {
    Router router = Router.router(vertx);
    DatabaseOutage outage = new DatabaseOutage(vertx, pool);
    new WeComCallbackHandler(
            new WeComTenants(vertx, tenants, channels),
            new Inbox(pool),
            vertx.eventBus(),
            Clock.systemUTC(),
            outage)
        .mount(router);
    new DingTalkCallbackHandler(
            new DingTalkTenants(vertx, tenants, channels),
            new Inbox(pool),
            new CallbackSignatures(pool),
            vertx.eventBus(),
            Clock.systemUTC(),
            outage)
        .mount(router);
    return await(vertx.createHttpServer().requestHandler(router).listen(0)).actualPort();
  }

  @AfterAll
  static void stop() {
    client.close();
  }

  @BeforeEach
  void captureLogs() {
    log.start();
    root().addAppender(log);
  }

  @AfterEach
  void releaseLogs() {
    root().detachAppender(log);
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  // ------------------------------------------------------------------ defect 1: a secret in the
  // log

  @Test
  @DisplayName(
      "a URL check with an empty timestamp answers 400 and logs neither the token nor a stack trace")
  void emptyParametersLeakNothing() throws Exception {
    HttpResponse<Buffer> r =
        await(
            client
                .getAbs(
                    base
                        + "/callback/wecom/"
                        + corp.corpId()
                        + "?msg_signature=0&timestamp=&nonce=1&echostr=abc")
                .send());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("code")).isEqualTo("missing_parameter");
    assertThat(r.bodyAsString()).doesNotContain(corp.callbackToken());

    String now = Long.toString(Instant.now().getEpochSecond());
    for (String query :
        List.of(
            "msg_signature=&timestamp=" + now + "&nonce=1&echostr=abc",
            "msg_signature=0&timestamp=" + now + "&nonce=&echostr=abc",
            "msg_signature=0&timestamp=" + now + "&nonce=1&echostr=",
            "msg_signature=0&timestamp=" + now + "&nonce=1")) {
      HttpResponse<Buffer> each =
          await(client.getAbs(base + "/callback/wecom/" + corp.corpId() + "?" + query).send());
      assertThat(each.statusCode()).as(query).isEqualTo(400);
      assertThat(each.bodyAsString()).doesNotContain(corp.callbackToken());
    }
    HttpResponse<Buffer> post =
        await(
            client
                .postAbs(
                    base
                        + "/callback/wecom/"
                        + corp.corpId()
                        + "?msg_signature=0&timestamp="
                        + now
                        + "&nonce=&x=1")
                .sendBuffer(Buffer.buffer("<xml><Encrypt>a</Encrypt></xml>")));
    assertThat(post.statusCode()).isEqualTo(400);
    HttpResponse<Buffer> noEncrypt =
        await(
            client
                .postAbs(
                    base
                        + "/callback/wecom/"
                        + corp.corpId()
                        + "?msg_signature=0&timestamp="
                        + now
                        + "&nonce=1")
                .sendBuffer(Buffer.buffer("<xml><Encrypt></Encrypt></xml>")));
    assertThat(noEncrypt.statusCode()).isEqualTo(400);
    HttpResponse<Buffer> event =
        await(
            client
                .postAbs(
                    base
                        + "/callback/dingtalk/"
                        + ding.corpId()
                        + "/events?signature=0&timestamp=&nonce=1")
                .sendJsonObject(new JsonObject().put("encrypt", "")));
    assertThat(event.statusCode()).isEqualTo(400);

    assertThat(lines())
        .noneMatch(l -> l.contains(corp.callbackToken()) || l.contains(ding.eventToken()));
    assertThat(log.list).noneMatch(e -> e.getThrowableProxy() != null);
  }

  // ------------------------------------------------------------------ defect 4: replay

  @Test
  @DisplayName(
      "a genuinely signed WeCom message or URL check an hour old is refused as stale and writes nothing")
  void staleWeComCallbacksAreRefused() throws Exception {
    long before = rows("SELECT count(*) FROM inbound_event");
    WeComCallbackCrypto crypto =
        new WeComCallbackCrypto(corp.callbackToken(), corp.encodingAesKey(), corp.corpId());
    String old = Long.toString(Instant.now().minus(Duration.ofHours(1)).getEpochSecond());
    String encrypted =
        crypto.encrypt(
            "<xml><ToUserName><![CDATA["
                + corp.corpId()
                + "]]></ToUserName>"
                + "<FromUserName><![CDATA[lisi]]></FromUserName><CreateTime>"
                + old
                + "</CreateTime>"
                + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[旧消息]]></Content><MsgId>4242</MsgId></xml>");
    HttpResponse<Buffer> post =
        await(
            wecom.post(
                new WeComCallbackSimulator.Callback(
                    corp.corpId(),
                    "msg_signature="
                        + crypto.signature(old, "n", encrypted)
                        + "&timestamp="
                        + old
                        + "&nonce=n",
                    "<xml><Encrypt><![CDATA[" + encrypted + "]]></Encrypt></xml>")));
    assertThat(post.statusCode()).isEqualTo(400);
    assertThat(post.bodyAsJsonObject().getString("code")).isEqualTo("stale_timestamp");

    String echo = crypto.encrypt("echo-old");
    HttpResponse<Buffer> get =
        await(
            client
                .getAbs(base + "/callback/wecom/" + corp.corpId())
                .addQueryParam("msg_signature", crypto.signature(old, "n", echo))
                .addQueryParam("timestamp", old)
                .addQueryParam("nonce", "n")
                .addQueryParam("echostr", echo)
                .send());
    assertThat(get.statusCode()).isEqualTo(400);
    assertThat(get.bodyAsJsonObject().getString("code")).isEqualTo("stale_timestamp");
    assertThat(rows("SELECT count(*) FROM inbound_event")).isEqualTo(before);
  }

  @Test
  @DisplayName(
      "a genuinely signed DingTalk event push an hour old is refused as stale and writes nothing")
  void staleDingTalkEventsAreRefused() throws Exception {
    long before = rows("SELECT count(*) FROM inbound_event");
    DingTalkCallbackCrypto crypto =
        new DingTalkCallbackCrypto(ding.eventToken(), ding.eventAesKey(), ding.appKey());
    String old = Long.toString(System.currentTimeMillis() - Duration.ofHours(1).toMillis());
    String encrypt =
        crypto.encrypt(
            new JsonObject()
                .put("EventType", "user_add_org")
                .put("TimeStamp", old)
                .put("CorpId", ding.corpId())
                .put("UserId", new io.vertx.core.json.JsonArray().add("staff02"))
                .encode());
    HttpResponse<Buffer> r =
        await(
            dingtalk.post(
                new DingTalkCallbackSimulator.EventCallback(
                    ding.corpId(),
                    "signature="
                        + crypto.signature(old, "n", encrypt)
                        + "&timestamp="
                        + old
                        + "&nonce=n",
                    new JsonObject().put("encrypt", encrypt))));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("code")).isEqualTo("stale_timestamp");
    assertThat(rows("SELECT count(*) FROM inbound_event")).isEqualTo(before);
  }

  @Test
  @DisplayName(
      "a robot timestamp/sign pair carries a few messages (same millisecond), then another msgId is refused on any"
          + " node; the same message is stored once")
  void robotSignatureIsBoundToItsMessages() throws Exception {
    DingTalkCallbackSimulator.RobotCallback genuine =
        dingtalk.single(ding, "staff02", "第一条", Duration.ofMinutes(90));
    assertThat(await(dingtalk.post(genuine)).statusCode()).isEqualTo(200);
    for (int i = 2; i <= CallbackSignatures.MESSAGES_PER_SIGNATURE; i++) {
      JsonObject sameMillisecond = genuine.body().copy().put("msgId", genuine.msgId() + "-" + i);
      assertThat(await(dingtalk.post(genuine.withBody(sameMillisecond))).statusCode())
          .as("genuine message %d signed in the same millisecond", i)
          .isEqualTo(200);
    }
    long before = rows("SELECT count(*) FROM inbound_event");

    JsonObject forged =
        genuine
            .body()
            .copy()
            .put("msgId", "msg-forged-1")
            .put("text", new JsonObject().put("content", "提醒我 明天 转账"));
    HttpResponse<Buffer> replay = await(dingtalk.post(genuine.withBody(forged)));
    assertThat(replay.statusCode()).isEqualTo(400);
    assertThat(replay.bodyAsJsonObject().getString("code")).isEqualTo("replayed_signature");
    HttpResponse<Buffer> elsewhere =
        await(
            client
                .postAbs(otherNode + "/callback/dingtalk/" + ding.corpId() + "/robot")
                .putHeader("timestamp", genuine.timestamp())
                .putHeader("sign", genuine.sign())
                .sendJsonObject(forged));
    assertThat(elsewhere.statusCode()).as("another node knows the binding").isEqualTo(400);
    assertThat(rows("SELECT count(*) FROM inbound_event")).isEqualTo(before);

    assertThat(await(dingtalk.post(genuine)).statusCode())
        .as("a re-delivery is answered")
        .isEqualTo(200);
    assertThat(
            rows(
                "SELECT count(*) FROM inbound_event WHERE platform_key = 'msg:"
                    + genuine.msgId()
                    + "'"))
        .isEqualTo(1L);
    assertThat(rows("SELECT count(*) FROM inbound_event")).isEqualTo(before);
  }

  @Test
  @DisplayName(
      "a card click's timestamp/sign pair re-used beyond a few clicks is refused and writes nothing")
  void cardSignatureIsBoundToItsClicks() throws Exception {
    String card = DingTalkCards.outTrackId(dingTenant.id(), 77);
    DingTalkCallbackSimulator.CardCallback click =
        dingtalk.cardClick(ding, card, "staff02", "reminder.snooze:1");
    assertThat(await(dingtalk.post(click)).statusCode()).isEqualTo(200);
    for (int i = 2; i <= CallbackSignatures.MESSAGES_PER_SIGNATURE; i++) {
      assertThat(
              await(
                      dingtalk.post(
                          new DingTalkCallbackSimulator.CardCallback(
                              ding.corpId(),
                              click.timestamp(),
                              click.sign(),
                              DingTalkCallbackSimulator.cardClickBody(
                                  ding, card, "staff02", "reminder.snooze:" + i))))
                  .statusCode())
          .as("click %d signed in the same millisecond", i)
          .isEqualTo(200);
    }
    long before = rows("SELECT count(*) FROM inbound_event");
    DingTalkCallbackSimulator.CardCallback other =
        new DingTalkCallbackSimulator.CardCallback(
            ding.corpId(),
            click.timestamp(),
            click.sign(),
            DingTalkCallbackSimulator.cardClickBody(ding, card, "staff02", "reminder.done:1"));
    HttpResponse<Buffer> replay = await(dingtalk.post(other));
    assertThat(replay.statusCode()).isEqualTo(400);
    assertThat(replay.bodyAsJsonObject().getString("code")).isEqualTo("replayed_signature");
    assertThat(await(dingtalk.post(click)).statusCode()).isEqualTo(200);
    assertThat(rows("SELECT count(*) FROM inbound_event")).isEqualTo(before);
  }

  // ------------------------------------------------------------------ defect 5: hostile bytes

  @Test
  @DisplayName(
      "a CR/LF or a NUL as the corp id answers 404 without reaching the database or forging a log line")
  void hostileCorpIds() throws Exception {
    for (String path :
        List.of(
            "/callback/wecom/abc%0d%0aFORGED",
            "/callback/wecom/%00",
            "/callback/dingtalk/abc%0d%0aFORGED/robot",
            "/callback/dingtalk/%00/events",
            "/callback/dingtalk/%00/card")) {
      HttpResponse<Buffer> r =
          await(
              client
                  .postAbs(base + path + "?msg_signature=0&timestamp=1&nonce=1")
                  .putHeader("timestamp", "1")
                  .putHeader("sign", "x")
                  .sendBuffer(Buffer.buffer("{}")));
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(r.bodyAsJsonObject().getString("code")).isEqualTo("unknown_tenant");
      assertThat(r.bodyAsString()).doesNotContain("FORGED");
    }
    HttpResponse<Buffer> get =
        await(
            client
                .getAbs(base + "/callback/wecom/%00?msg_signature=0&timestamp=1&nonce=1&echostr=a")
                .send());
    assertThat(get.statusCode()).isEqualTo(404);
    assertThat(lines())
        .noneMatch(
            l -> l.contains("FORGED") || l.contains("\n") || l.contains("\r") || l.contains("\0"));
    assertThat(log.list).noneMatch(e -> e.getThrowableProxy() != null);
  }

  @Test
  @DisplayName("request text quoted in a refusal is logged on one line, its CR/LF escaped")
  void refusalsAreLoggedOnOneLine() throws Exception {
    String card = DingTalkCards.outTrackId(dingTenant.id(), 78);
    DingTalkCallbackSimulator.CardCallback click =
        dingtalk.cardClick(ding, card, "staff02", "reminder.done:1");
    click.body().put("type", "actionCallback\r\n12:00:00.000 ERROR FORGED line");
    HttpResponse<Buffer> r = await(dingtalk.post(click));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(lines()).anyMatch(l -> l.contains("FORGED") && l.contains("\\r\\n"));
    assertThat(lines()).noneMatch(l -> l.contains("\n") || l.contains("\r"));
    assertThat(LogSafe.text("a\u0000b\u2028c\\d")).isEqualTo("a\\u0000b\\u2028c\\\\d");
    assertThat(LogSafe.text("长".repeat(300))).hasSizeLessThan(220).endsWith("…(300 chars)");
  }

  @Test
  @DisplayName("a signed WeCom message whose length field overflows an int answers 400, not 503")
  void overflowingLengthField() throws Exception {
    byte[] msg = "<xml/>".getBytes(StandardCharsets.UTF_8);
    ByteBuffer plain = ByteBuffer.allocate(64);
    plain
        .put("aaaabbbbccccdddd".getBytes(StandardCharsets.US_ASCII))
        .putInt(Integer.MAX_VALUE - 10)
        .put(msg)
        .put(corp.corpId().getBytes(StandardCharsets.US_ASCII));
    byte[] buf = Arrays.copyOf(plain.array(), plain.position());
    int pad = 32 - buf.length % 32;
    byte[] padded = Arrays.copyOf(buf, buf.length + pad);
    Arrays.fill(padded, buf.length, padded.length, (byte) pad);
    byte[] key = Base64.getDecoder().decode(corp.encodingAesKey() + "=");
    Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
    aes.init(
        Cipher.ENCRYPT_MODE,
        new SecretKeySpec(key, "AES"),
        new IvParameterSpec(Arrays.copyOf(key, 16)));
    String encrypted = Base64.getEncoder().encodeToString(aes.doFinal(padded));

    WeComCallbackCrypto crypto =
        new WeComCallbackCrypto(corp.callbackToken(), corp.encodingAesKey(), corp.corpId());
    String now = Long.toString(Instant.now().getEpochSecond());
    HttpResponse<Buffer> r =
        await(
            wecom.post(
                new WeComCallbackSimulator.Callback(
                    corp.corpId(),
                    "msg_signature="
                        + crypto.signature(now, "n", encrypted)
                        + "&timestamp="
                        + now
                        + "&nonce=n",
                    "<xml><Encrypt><![CDATA[" + encrypted + "]]></Encrypt></xml>")));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("code")).isEqualTo("undecryptable");
  }

  @Test
  @DisplayName(
      "a NUL in a callback's text is not the platform's (XML 1.0 has none, no client types one): refused,"
          + " nothing written")
  void nulInGenuineText() throws Exception {
    long before = rows("SELECT count(*) FROM inbound_event");
    WeComCallbackSimulator.Callback we = wecom.text(corp, "lisi", "跟进\u0000华为\u0007 电话");
    HttpResponse<Buffer> refused = await(wecom.post(we));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("malformed_body");
    assertThat(rows("SELECT count(*) FROM inbound_event")).isEqualTo(before);

    DingTalkCallbackSimulator.RobotCallback dt =
        dingtalk.single(ding, "staff03", "跟进\u0000金星\n化工", Duration.ofMinutes(90));
    HttpResponse<Buffer> alsoRefused = await(dingtalk.post(dt));
    assertThat(alsoRefused.statusCode()).isEqualTo(400);
    assertThat(alsoRefused.bodyAsJsonObject().getString("code")).isEqualTo("malformed_body");
    assertThat(rows("SELECT count(*) FROM inbound_event")).isEqualTo(before);
    DingTalkCallbackSimulator.RobotCallback lines =
        dingtalk.single(ding, "staff03", "跟进 金星\n化工\t电话", Duration.ofMinutes(90));
    assertThat(await(dingtalk.post(lines)).statusCode())
        .as("line breaks and tabs are text")
        .isEqualTo(200);
  }

  @Test
  @DisplayName(
      "bodies that are not UTF-8, broken query escapes and JSON of the wrong types answer 4xx, not 5xx")
  void malformedBytes() throws Exception {
    long before = rows("SELECT count(*) FROM inbound_event");
    DingTalkCallbackSimulator.RobotCallback good =
        dingtalk.single(ding, "staff02", "字节", Duration.ofMinutes(90));
    byte[] json = good.body().encode().getBytes(StandardCharsets.UTF_8);
    int at = good.body().encode().indexOf("字节");
    byte[] broken = json.clone();
    broken[at] = (byte) 0xC3;
    broken[at + 1] = (byte) 0x28;
    HttpResponse<Buffer> notUtf8 =
        await(
            client
                .postAbs(base + "/callback/dingtalk/" + ding.corpId() + "/robot")
                .putHeader("timestamp", good.timestamp())
                .putHeader("sign", good.sign())
                .sendBuffer(Buffer.buffer(broken)));
    assertThat(notUtf8.statusCode()).isEqualTo(400);
    assertThat(notUtf8.bodyAsJsonObject().getString("code")).isEqualTo("malformed_body");

    for (JsonObject confused :
        List.of(
            new JsonObject().put("msgId", new JsonObject().put("a", 1)),
            new JsonObject().put("text", new io.vertx.core.json.JsonArray().add(1)),
            new JsonObject().put("atUsers", "x"),
            new JsonObject().put("senderStaffId", 7).put("chatbotCorpId", new JsonObject()))) {
      JsonObject body = good.body().copy().put("msgId", "confused-" + System.nanoTime());
      confused.forEach(e -> body.put(e.getKey(), e.getValue()));
      HttpResponse<Buffer> wrongType = await(dingtalk.post(dingtalk.robot(ding, body)));
      assertThat(wrongType.statusCode()).as(confused.encode()).isBetween(200, 499);
    }
    before = rows("SELECT count(*) FROM inbound_event");

    WeComCallbackSimulator.Callback we = wecom.text(corp, "wangwu", "字节");
    HttpResponse<Buffer> weNotUtf8 =
        await(
            client
                .postAbs(base + "/callback/wecom/" + corp.corpId() + "?" + we.query())
                .sendBuffer(
                    Buffer.buffer(
                        new byte[] {
                          '<',
                          'x',
                          'm',
                          'l',
                          '>',
                          (byte) 0xFF,
                          (byte) 0xFE,
                          '<',
                          '/',
                          'x',
                          'm',
                          'l',
                          '>'
                        })));
    assertThat(weNotUtf8.statusCode()).isEqualTo(400);

    HttpResponse<Buffer> badEscape =
        await(
            client
                .getAbs(
                    base
                        + "/callback/wecom/"
                        + corp.corpId()
                        + "?msg_signature=%zz&timestamp=1&nonce=1&echostr=a")
                .send());
    assertThat(badEscape.statusCode()).isEqualTo(400);
    HttpResponse<Buffer> badEventEscape =
        await(
            client
                .postAbs(
                    base
                        + "/callback/dingtalk/"
                        + ding.corpId()
                        + "/events?signature=%E4%zz&timestamp=1&nonce=1")
                .sendJsonObject(new JsonObject().put("encrypt", "x")));
    assertThat(badEventEscape.statusCode()).isEqualTo(400);

    HttpResponse<Buffer> encryptNumber =
        await(
            client
                .postAbs(
                    base
                        + "/callback/dingtalk/"
                        + ding.corpId()
                        + "/events?signature=0&timestamp="
                        + System.currentTimeMillis()
                        + "&nonce=1")
                .sendJsonObject(new JsonObject().put("encrypt", 42)));
    assertThat(encryptNumber.statusCode()).isEqualTo(400);
    assertThat(rows("SELECT count(*) FROM inbound_event")).isEqualTo(before);
    assertThat(log.list).noneMatch(e -> e.getThrowableProxy() != null);
  }

  private List<String> lines() {
    return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  private static long rows(String sql) throws Exception {
    return await(pool.preparedQuery(sql).execute(Tuple.tuple())).iterator().next().getLong(0);
  }

  private static String text(String sql) throws Exception {
    return await(pool.preparedQuery(sql).execute(Tuple.tuple())).iterator().next().getString(0);
  }
}
