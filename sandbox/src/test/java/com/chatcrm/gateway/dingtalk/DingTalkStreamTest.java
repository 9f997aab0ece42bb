package com.chatcrm.gateway.dingtalk;

import static com.chatcrm.engine.testing.Await.await;
import static com.chatcrm.engine.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.outbox.Outbox;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantChannels;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.gateway.Backoff;
import com.chatcrm.gateway.inbound.CardActions;
import com.chatcrm.gateway.inbound.ChatEventHandler;
import com.chatcrm.gateway.inbound.HelpOnlyCommands;
import com.chatcrm.gateway.inbound.InboundProcessor;
import com.chatcrm.gateway.outbound.OutboxDispatcher;
import com.chatcrm.gateway.testing.TestGateway;
import com.chatcrm.sandbox.DingTalkCallbackSimulator;
import com.chatcrm.sandbox.DingTalkSandbox;
import com.chatcrm.sandbox.SandboxCall;
import com.chatcrm.sandbox.SandboxCompany;
import com.chatcrm.sandbox.SandboxCorps;
import com.chatcrm.sandbox.SandboxDingTalkCorp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stream mode end to end: our client opens the connection at the sandbox's stream gateway over real
 * HTTP and WebSocket; robot messages and events pushed down it are recorded, acknowledged and
 * handled exactly as HTTP callbacks are, and the replies go out over real HTTP.
 */
class DingTalkStreamTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static Vertx vertx;
  static Pool pool;
  static DingTalkSandbox sandbox;
  static DingTalkCallbackSimulator messages;
  static WebClient client;
  static Tenant tenant;
  static final SandboxDingTalkCorp corp = SandboxCorps.dingyun();
  static DingTalkStreamClient stream;

  @BeforeAll
  static void start() throws Exception {
    vertx = db.vertx();
    pool = db.pool();
    client = WebClient.create(vertx);
    sandbox = new DingTalkSandbox(vertx).addCorp(corp);
    TenantService tenants = new TenantService(pool);
    TenantChannels channels =
        new TenantChannels(pool, com.chatcrm.engine.secret.SecretBox.development());
    tenant = await(tenants.register("dingtalk", corp.corpId(), corp.name(), null));
    DingTalkApp app =
        new DingTalkApp(
            corp.corpId(),
            corp.appKey(),
            corp.appSecret(),
            corp.robotCode(),
            corp.agentId(),
            null,
            null,
            null,
            null);
    await(
        channels.put(
            Actor.system(tenant.id(), "test"), "dingtalk", DingTalkTenants.settingsOf(app)));
    Router router = Router.router(vertx);
    router.route("/sandbox/dingtalk/*").subRouter(sandbox.router());
    int port = await(vertx.createHttpServer().requestHandler(router).listen(0)).actualPort();
    String base = "http://127.0.0.1:" + port + "/sandbox/dingtalk";

    Inbox inbox = new Inbox(pool);
    Outbox outbox = new Outbox(pool);
    DingTalkTenants dingTalkTenants = new DingTalkTenants(vertx, tenants, channels);
    DingTalkSender sender =
        new DingTalkSender(
            vertx,
            client,
            base,
            base,
            dingTalkTenants,
            new Backoff(3, Duration.ofMillis(20), Duration.ofMillis(100)),
            Clock.systemUTC());
    OrgService org = new OrgService(pool);
    DingTalkDirectorySync directory = new DingTalkDirectorySync(sender, org);
    DingTalkPlatform platform = TestGateway.dingTalk(vertx, pool, client, base, inbox);
    await(
        vertx.deployVerticle(
            new InboundProcessor(
                inbox,
                Map.of(
                    "dingtalk",
                    new ChatEventHandler(
                        platform,
                        new HelpOnlyCommands(),
                        new CardActions(org, new ReminderService(pool), Clock.systemUTC()))),
                200)));
    await(vertx.deployVerticle(new OutboxDispatcher(outbox, Map.of("dingtalk", sender), 200)));
    stream =
        new DingTalkStreamClient(
            app,
            tenant.id(),
            inbox,
            base,
            new Backoff(1, Duration.ofMillis(50), Duration.ofMillis(200)));
    await(vertx.deployVerticle(stream));
    messages = new DingTalkCallbackSimulator(client, "unused", sandbox, base);
  }

  @AfterAll
  static void stop() {
    client.close();
  }

  @Test
  @DisplayName(
      "a robot message down the stream is acked once recorded, and answered through its session webhook")
  void botMessageOverStream() throws Exception {
    assertThat(sandbox.stream().connected(corp.corpId())).isTrue();
    JsonObject message = messages.single(corp, "staff02", "流模式你好", Duration.ofMinutes(90)).body();
    JsonObject ack = await(sandbox.stream().botMessage(corp.corpId(), "m-1", message));
    assertThat(ack.getInteger("code")).isEqualTo(200);
    assertThat(ack.getJsonObject("headers").getString("messageId")).isEqualTo("m-1");
    assertThat(
            rows(
                "SELECT count(*) FROM inbound_event WHERE platform_key = 'msg:"
                    + message.getString("msgId")
                    + "'"))
        .as("recorded before the ack")
        .isEqualTo(1L);
    eventually(
        () ->
            sandbox.calls("/robot/sendBySession").stream()
                .filter(c -> c.body().encode().contains("流模式你好"))
                .toList(),
        l -> l.size() == 1);

    JsonObject again = await(sandbox.stream().botMessage(corp.corpId(), "m-1", message));
    assertThat(again.getInteger("code")).as("a redelivery is acked too").isEqualTo(200);
    eventually(
        () ->
            rows(
                "SELECT count(*) FROM outbound_message WHERE status = 'sent' AND payload::text LIKE '%流模式你好%'"),
        n -> n == 1L);
    assertThat(
            rows(
                "SELECT count(*) FROM inbound_event WHERE platform_key = 'msg:"
                    + message.getString("msgId")
                    + "'"))
        .isEqualTo(1L);
    assertThat(
            sandbox.calls("/robot/sendBySession").stream()
                .filter(c -> c.body().encode().contains("流模式你好")))
        .hasSize(1);
  }

  @Test
  @DisplayName(
      "an org event down the stream is acked SUCCESS and updates the directory; a foreign message is refused")
  void eventOverStream() throws Exception {
    sandbox.putMember(
        corp.corpId(),
        new SandboxCompany.Member("staff09", "周杰", "13900000009", List.of(10L), false));
    JsonObject ack =
        await(
            sandbox.stream()
                .event(
                    corp.corpId(),
                    "user_add_org",
                    "evt-1",
                    new JsonObject()
                        .put("userId", new JsonArray().add("staff09"))
                        .put("timeStamp", System.currentTimeMillis())));
    assertThat(new JsonObject(ack.getString("data")).getString("status")).isEqualTo("SUCCESS");
    eventually(
        () -> rows("SELECT count(*) FROM crm_user WHERE platform_user_id = 'staff09'"),
        n -> n == 1L);
    assertThat(rows("SELECT count(*) FROM inbound_event WHERE platform_key = 'event:evt-1'"))
        .isEqualTo(1L);

    JsonObject foreign =
        messages
            .single(corp, "staff02", "别家的消息", Duration.ofMinutes(90))
            .body()
            .put("chatbotCorpId", "dingOTHER");
    JsonObject refused = await(sandbox.stream().botMessage(corp.corpId(), "m-foreign", foreign));
    assertThat(refused.getInteger("code")).isEqualTo(400);
    assertThat(
            rows(
                "SELECT count(*) FROM inbound_event WHERE platform_key = 'msg:"
                    + foreign.getString("msgId")
                    + "'"))
        .isZero();
  }

  @Test
  @DisplayName(
      "a message with a NUL down the stream is refused in its ack (no client types one), not left to be"
          + " redelivered")
  void nulOverStream() throws Exception {
    JsonObject message =
        messages.single(corp, "staff02", "流里\u0000有空字符", Duration.ofMinutes(90)).body();
    JsonObject ack = await(sandbox.stream().botMessage(corp.corpId(), "m-nul", message));
    assertThat(ack.getInteger("code")).isEqualTo(400);
    assertThat(
            rows(
                "SELECT count(*) FROM inbound_event WHERE platform_key = 'msg:"
                    + message.getString("msgId")
                    + "'"))
        .isZero();
  }

  @Test
  @DisplayName(
      "ping is answered; after the gateway's disconnect the client reconnects and keeps working")
  void pingAndReconnect() throws Exception {
    JsonObject pong =
        await(
            sandbox.stream()
                .push(
                    corp.corpId(),
                    "SYSTEM",
                    "ping-1",
                    new JsonObject().put("topic", "ping"),
                    "{\"opaque\":\"abc\"}"));
    assertThat(pong.getString("data")).contains("abc");

    long opens = sandbox.stream().opens();
    sandbox.stream().disconnect(corp.corpId());
    eventually(() -> sandbox.stream().opens(), n -> n > opens);
    eventually(() -> sandbox.stream().connected(corp.corpId()), c -> c);
    JsonObject message = messages.single(corp, "staff03", "重连之后", Duration.ofMinutes(90)).body();
    assertThat(
            await(sandbox.stream().botMessage(corp.corpId(), "m-after", message))
                .getInteger("code"))
        .isEqualTo(200);
    List<SandboxCall> replies =
        eventually(
            () ->
                sandbox.calls("/robot/sendBySession").stream()
                    .filter(c -> c.body().encode().contains("重连之后"))
                    .toList(),
            l -> !l.isEmpty());
    assertThat(replies).hasSize(1);
  }

  private static long rows(String sql) {
    try {
      return await(pool.preparedQuery(sql).execute(Tuple.tuple())).iterator().next().getLong(0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
