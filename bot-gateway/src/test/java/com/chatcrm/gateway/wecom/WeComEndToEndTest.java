package com.chatcrm.gateway.wecom;

import static com.chatcrm.engine.testing.Await.await;
import static com.chatcrm.engine.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.db.DatabaseOutage;
import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.engine.outbox.Outbox;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantChannels;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.gateway.Backoff;
import com.chatcrm.gateway.inbound.HelpOnlyCommands;
import com.chatcrm.gateway.inbound.InboundProcessor;
import com.chatcrm.gateway.outbound.OutboxDispatcher;
import com.chatcrm.gateway.sandbox.SandboxCall;
import com.chatcrm.gateway.sandbox.SandboxCorp;
import com.chatcrm.gateway.sandbox.SandboxCorps;
import com.chatcrm.gateway.sandbox.WeComCallbackSimulator;
import com.chatcrm.gateway.sandbox.WeComSandbox;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * WeCom end to end over real HTTP in both directions: the sandbox posts signed, encrypted callbacks
 * to our callback URL; our adapter records them, answers, and sends replies to the sandbox's API.
 */
class WeComEndToEndTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static Vertx vertx;
  static Pool pool;
  static WeComSandbox sandbox;
  static WeComCallbackSimulator wecom;
  static WebClient client;
  static int port;
  static Tenant tenant;
  static final SandboxCorp corp = SandboxCorps.huaxin();
  static WeComSender sender;

  @BeforeAll
  static void start() throws Exception {
    vertx = db.vertx();
    pool = db.pool();
    client = WebClient.create(vertx);
    sandbox = new WeComSandbox(vertx).addCorp(corp);
    TenantService tenants = new TenantService(pool);
    TenantChannels channels = new TenantChannels(pool);
    tenant = await(tenants.register("wecom", corp.corpId(), corp.name(), null));
    await(
        channels.put(
            Actor.system(tenant.id(), "test"),
            "wecom",
            WeComTenants.settingsOf(
                new WeComApp(
                    corp.corpId(),
                    corp.agentId(),
                    corp.secret(),
                    corp.callbackToken(),
                    corp.encodingAesKey()))));

    WeComTenants weComTenants = new WeComTenants(vertx, tenants, channels);
    Inbox inbox = new Inbox(pool);
    Outbox outbox = new Outbox(pool);
    Router router = Router.router(vertx);
    router.route("/sandbox/wecom/*").subRouter(sandbox.router());
    new WeComCallbackHandler(
            weComTenants,
            inbox,
            vertx.eventBus(),
            Clock.systemUTC(),
            new DatabaseOutage(vertx, pool))
        .mount(router);
    HttpServer server = await(vertx.createHttpServer().requestHandler(router).listen(0));
    port = server.actualPort();

    sender =
        new WeComSender(
            vertx,
            client,
            "http://127.0.0.1:" + port + "/sandbox/wecom",
            weComTenants,
            new Backoff(3, Duration.ofMillis(20), Duration.ofMillis(100)));
    await(
        vertx.deployVerticle(
            new InboundProcessor(
                inbox,
                Map.of(
                    "wecom",
                    new WeComInboundHandler(
                        new HelpOnlyCommands(),
                        outbox,
                        sender,
                        vertx.eventBus(),
                        new WeComDirectorySync(sender, new com.chatcrm.engine.org.OrgService(pool)),
                        new com.chatcrm.gateway.inbound.CardActions(
                            new com.chatcrm.engine.org.OrgService(pool),
                            new com.chatcrm.engine.reminder.ReminderService(pool),
                            java.time.Clock.systemUTC()))),
                200)));
    await(vertx.deployVerticle(new OutboxDispatcher(outbox, Map.of("wecom", sender), 200)));
    wecom = new WeComCallbackSimulator(client, "http://127.0.0.1:" + port + "/callback/wecom");
  }

  @AfterAll
  static void stop() {
    client.close();
  }

  private static List<SandboxCall> sendsTo(String user) {
    return sandbox.calls("/cgi-bin/message/send").stream()
        .filter(
            c -> user.equals(c.body().getString("touser")) && c.answer().getInteger("errcode") == 0)
        .toList();
  }

  @Test
  @DisplayName("URL verification answers the decrypted echostr")
  void urlVerification() throws Exception {
    WeComCallbackCrypto crypto =
        new WeComCallbackCrypto(corp.callbackToken(), corp.encodingAesKey(), corp.corpId());
    String echo = crypto.encrypt("echo-1234567890");
    String now = Long.toString(Instant.now().getEpochSecond());
    String sig = crypto.signature(now, "n1", echo);
    HttpResponse<Buffer> r =
        await(
            client
                .getAbs("http://127.0.0.1:" + port + "/callback/wecom/" + corp.corpId())
                .addQueryParam("msg_signature", sig)
                .addQueryParam("timestamp", now)
                .addQueryParam("nonce", "n1")
                .addQueryParam("echostr", echo)
                .send());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsString()).isEqualTo("echo-1234567890");
  }

  @Test
  @DisplayName(
      "a text message in → recorded, acknowledged with an empty 200, a reply out through message/send")
  void textInReplyOut() throws Exception {
    HttpResponse<Buffer> ack = await(wecom.post(wecom.text(corp, "lisi", "你好")));
    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(ack.bodyAsString()).isNullOrEmpty();

    List<SandboxCall> replies = eventually(() -> sendsTo("lisi"), l -> !l.isEmpty());
    assertThat(replies.get(0).body().getJsonObject("text").getString("content")).contains("收到：你好");
  }

  @Test
  @DisplayName("WeCom's re-delivery of the same message changes nothing: one inbox row, one reply")
  void redeliveryIsHarmless() throws Exception {
    WeComCallbackSimulator.Callback cb = wecom.text(corp, "wangwu", "重复投递测试");
    assertThat(await(wecom.post(cb)).statusCode()).isEqualTo(200);
    assertThat(await(wecom.post(cb)).statusCode()).isEqualTo(200);
    assertThat(await(wecom.post(cb)).statusCode()).isEqualTo(200);
    eventually(() -> sendsTo("wangwu"), l -> !l.isEmpty());
    // give a doubled reply every chance to show up before counting
    eventually(
        () ->
            rows(
                "SELECT count(*) FROM outbound_message WHERE recipient = 'wangwu' AND status = 'sent'"),
        n -> n == 1L);
    assertThat(sendsTo("wangwu")).hasSize(1);
    assertThat(rows("SELECT count(*) FROM inbound_event WHERE sender = 'wangwu' AND kind = 'text'"))
        .isEqualTo(1L);
  }

  @Test
  @DisplayName(
      "a click on 完成 completes the reminder as the clicking user, and the card then says so")
  void cardClickCompletesTheReminder() throws Exception {
    await(
        new WeComDirectorySync(sender, new com.chatcrm.engine.org.OrgService(pool))
            .full(tenant.id(), java.util.Set.of()));
    long lisi = await(new com.chatcrm.engine.org.OrgService(pool).userId(tenant.id(), "lisi"));
    var reminders = new com.chatcrm.engine.reminder.ReminderService(pool);
    var actor = Actor.user(tenant.id(), lisi, com.chatcrm.engine.access.Source.api("t"));
    var reminder =
        await(
            reminders.create(
                actor,
                com.chatcrm.engine.reminder.NewReminder.at(
                    Instant.now().plusSeconds(3600), "回访华为技术")));

    String code = sandbox.issueResponseCode(corp.corpId());
    await(
        wecom.post(
            wecom.cardClick(corp, "lisi", "task-1", "reminder.done:" + reminder.id(), code)));
    SandboxCall update =
        eventually(
                () ->
                    sandbox.calls("/cgi-bin/message/update_template_card").stream()
                        .filter(c -> code.equals(c.body().getString("response_code")))
                        .toList(),
                l -> !l.isEmpty())
            .get(0);
    assertThat(update.answer().getInteger("errcode")).isZero();
    assertThat(update.body().getJsonObject("button").getString("replace_name")).isEqualTo("✓ 已完成");
    assertThat(await(reminders.get(actor, reminder.id())).status())
        .isEqualTo(com.chatcrm.engine.reminder.ReminderStatus.DONE);

    String other = sandbox.issueResponseCode(corp.corpId());
    var second =
        await(
            reminders.create(
                actor,
                com.chatcrm.engine.reminder.NewReminder.at(
                    Instant.now().plusSeconds(3600), "别人的提醒")));
    await(
        wecom.post(
            wecom.cardClick(corp, "wangwu", "task-2", "reminder.done:" + second.id(), other)));
    SandboxCall refused =
        eventually(
                () ->
                    sandbox.calls("/cgi-bin/message/update_template_card").stream()
                        .filter(c -> other.equals(c.body().getString("response_code")))
                        .toList(),
                l -> !l.isEmpty())
            .get(0);
    assertThat(refused.body().getJsonObject("button").getString("replace_name")).startsWith("无法处理");
    assertThat(await(reminders.get(actor, second.id())).status())
        .isNotEqualTo(com.chatcrm.engine.reminder.ReminderStatus.DONE);
  }

  @Test
  @DisplayName("forged or tampered callbacks are refused with a 4xx and write nothing")
  void forgeriesAreRefused() throws Exception {
    long before = rows("SELECT count(*) FROM inbound_event");
    WeComCallbackSimulator.Callback good = wecom.text(corp, "lisi", "伪造测试");

    HttpResponse<Buffer> badSig =
        await(
            wecom.post(
                new WeComCallbackSimulator.Callback(
                    good.corpId(),
                    good.query()
                        .replaceFirst("msg_signature=[0-9a-f]{8}", "msg_signature=00000000"),
                    good.body())));
    assertThat(badSig.statusCode()).isEqualTo(400);
    assertThat(badSig.bodyAsJsonObject().getString("code")).isEqualTo("bad_signature");

    HttpResponse<Buffer> unknown =
        await(
            wecom.post(
                new WeComCallbackSimulator.Callback("ww-unknown", good.query(), good.body())));
    assertThat(unknown.statusCode()).isEqualTo(404);

    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><xml><Encrypt>&x;</Encrypt></xml>";
    HttpResponse<Buffer> entity =
        await(wecom.post(new WeComCallbackSimulator.Callback(good.corpId(), good.query(), xxe)));
    assertThat(entity.statusCode()).isEqualTo(400);

    // a ciphertext byte flipped and re-signed by someone who knows the token but not the AES key
    String encrypted = SafeXmlFields.encrypt(good.body());
    byte[] raw = java.util.Base64.getDecoder().decode(encrypted);
    raw[raw.length - 20] ^= 0x01;
    String flipped = java.util.Base64.getEncoder().encodeToString(raw);
    HttpResponse<Buffer> tampered = await(wecom.post(resigned(good, flipped)));
    assertThat(tampered.statusCode()).isEqualTo(400);

    // genuinely encrypted with our key, but for another company
    WeComCallbackCrypto otherCorp =
        new WeComCallbackCrypto(corp.callbackToken(), corp.encodingAesKey(), "ww-other");
    String foreign =
        otherCorp.encrypt(
            "<xml><ToUserName><![CDATA[ww-other]]></ToUserName><MsgType>text</MsgType>"
                + "<Content>x</Content><MsgId>1</MsgId></xml>");
    HttpResponse<Buffer> wrongCorp = await(wecom.post(resigned(good, foreign)));
    assertThat(wrongCorp.statusCode()).isEqualTo(400);
    assertThat(wrongCorp.bodyAsJsonObject().getString("code")).isEqualTo("wrong_receiver");

    String huge = "<xml><Encrypt>" + "A".repeat(10 * 1024 * 1024) + "</Encrypt></xml>";
    HttpResponse<Buffer> tooBig =
        await(wecom.post(new WeComCallbackSimulator.Callback(good.corpId(), good.query(), huge)));
    assertThat(tooBig.statusCode()).isEqualTo(413);

    assertThat(rows("SELECT count(*) FROM inbound_event")).isEqualTo(before);
  }

  @Test
  @DisplayName(
      "a full directory sync brings WeCom's departments, members and leaders into the engine")
  void directorySync() throws Exception {
    WeComDirectorySync sync =
        new WeComDirectorySync(sender, new com.chatcrm.engine.org.OrgService(pool));
    WeComDirectorySync.Result result = await(sync.full(tenant.id(), java.util.Set.of("zhangsan")));
    assertThat(result.departments()).isEqualTo(corp.departments().size());
    assertThat(result.users()).isEqualTo(corp.members().size());
    await(sync.full(tenant.id(), java.util.Set.of("zhangsan")));
    assertThat(rows("SELECT count(*) FROM crm_user WHERE tenant_id = " + tenant.id()))
        .as("a second sync adds nobody")
        .isEqualTo((long) corp.members().size());
    var team =
        await(
            new com.chatcrm.engine.org.OrgQueries(pool)
                .team(
                    Actor.user(
                        tenant.id(),
                        await(
                            new com.chatcrm.engine.org.OrgService(pool)
                                .userId(tenant.id(), "zhangsan")),
                        com.chatcrm.engine.access.Source.api("t"))));
    assertThat(team).extracting(com.chatcrm.engine.org.OrgMember::name).contains("张三", "李四", "王五");
  }

  @Test
  @DisplayName("team messages go to an app group chat and to a group robot that @-mentions members")
  void groupMessages() throws Exception {
    WeComGroups groups =
        new WeComGroups(sender, client, "http://127.0.0.1:" + port + "/sandbox/wecom");
    com.chatcrm.gateway.message.ChatMessage report =
        new com.chatcrm.gateway.message.ChatMessage(
            "销售日报 11月23日",
            "今日跟进 12 次",
            List.of(new com.chatcrm.gateway.message.ChatMessage.Field("新增客户", "3")),
            List.of());
    await(groups.toAppChat(tenant.id(), "salesteam1", report));
    await(groups.toRobot("robot-key-1", report, List.of("lisi")));
    SandboxCall chat = sandbox.calls("/cgi-bin/appchat/send").get(0);
    assertThat(chat.body().getString("chatid")).isEqualTo("salesteam1");
    assertThat(chat.body().getJsonObject("markdown").getString("content")).contains("销售日报", "新增客户");
    SandboxCall robot = sandbox.calls("/cgi-bin/webhook/send").get(0);
    assertThat(robot.body().getJsonObject("markdown").getString("content")).contains("<@lisi>");
  }

  /** The callback with another Encrypt value, signed with the (known) token as a forger could. */
  private static WeComCallbackSimulator.Callback resigned(
      WeComCallbackSimulator.Callback cb, String encrypted) {
    WeComCallbackCrypto crypto =
        new WeComCallbackCrypto(corp.callbackToken(), corp.encodingAesKey(), corp.corpId());
    String now = Long.toString(Instant.now().getEpochSecond());
    String signature = crypto.signature(now, "forged", encrypted);
    return new WeComCallbackSimulator.Callback(
        cb.corpId(),
        "msg_signature=" + signature + "&timestamp=" + now + "&nonce=forged",
        "<xml><ToUserName><![CDATA["
            + corp.corpId()
            + "]]></ToUserName><Encrypt><![CDATA["
            + encrypted
            + "]]></Encrypt></xml>");
  }

  /** The Encrypt element of a callback body. */
  private static final class SafeXmlFields {
    static String encrypt(String body) {
      return com.chatcrm.gateway.xml.SafeXml.fields(body).get("Encrypt");
    }
  }

  private static long rows(String sql) {
    try {
      return await(pool.preparedQuery(sql).execute(Tuple.tuple())).iterator().next().getLong(0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
