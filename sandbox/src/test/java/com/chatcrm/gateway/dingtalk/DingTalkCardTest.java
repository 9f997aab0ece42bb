package com.chatcrm.gateway.dingtalk;

import static com.chatcrm.engine.testing.Await.await;
import static com.chatcrm.engine.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.db.DatabaseOutage;
import com.chatcrm.engine.inbox.CallbackSignatures;
import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.engine.notify.Recipients;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.outbox.OutboundMessage;
import com.chatcrm.engine.outbox.Outbox;
import com.chatcrm.engine.reminder.NewReminder;
import com.chatcrm.engine.reminder.Reminder;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.reminder.ReminderStatus;
import com.chatcrm.engine.schedule.ReminderDispatchVerticle;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantChannels;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.MutableClock;
import com.chatcrm.gateway.Backoff;
import com.chatcrm.gateway.inbound.CardActions;
import com.chatcrm.gateway.inbound.ChatEventHandler;
import com.chatcrm.gateway.inbound.HelpOnlyCommands;
import com.chatcrm.gateway.inbound.InboundProcessor;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.notify.OutboxNotifier;
import com.chatcrm.gateway.outbound.OutboxDispatcher;
import com.chatcrm.gateway.testing.TestGateway;
import com.chatcrm.sandbox.DingTalkCallbackSimulator;
import com.chatcrm.sandbox.DingTalkSandbox;
import com.chatcrm.sandbox.SandboxCall;
import com.chatcrm.sandbox.SandboxCorps;
import com.chatcrm.sandbox.SandboxDingTalkCorp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Interactive cards end to end, over real HTTP against the sandbox and a real database: for a
 * company that configured a card template, a due reminder goes out as createAndDeliver with its
 * buttons in the card params; a click comes back as a signed HTTP card callback (or down the stream
 * for a Stream-mode company), completes the reminder as the clicking member and updates the card —
 * once, however often DingTalk delivers the click. A company without a template keeps the
 * template-free ActionCard.
 */
class DingTalkCardTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final String TEMPLATE = "tpl-chatcrm-reminder.schema";
  static final SandboxDingTalkCorp httpCorp = SandboxCorps.dingyun();
  static final SandboxDingTalkCorp streamCorp =
      copy(httpCorp, "dingsandboxstream", "dingsandboxappkeyst");
  static final SandboxDingTalkCorp plainCorp =
      copy(httpCorp, "dingsandboxplain", "dingsandboxappkeypl");

  static Vertx vertx;
  static Pool pool;
  static WebClient client;
  static DingTalkSandbox sandbox;
  static DingTalkCallbackSimulator dingtalk;
  static int port;
  static final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  static ReminderDispatchVerticle dispatch;
  static Tenant httpTenant;
  static Tenant streamTenant;
  static Tenant plainTenant;
  static DingTalkSender sender;

  static SandboxDingTalkCorp copy(SandboxDingTalkCorp c, String corpId, String appKey) {
    return new SandboxDingTalkCorp(
        corpId,
        c.name() + corpId.substring(corpId.length() - 5),
        appKey,
        c.appSecret() + "-" + corpId,
        appKey,
        c.agentId(),
        c.eventToken(),
        c.eventAesKey(),
        c.miniAppUrl(),
        c.departments(),
        c.members());
  }

  @BeforeAll
  static void start() throws Exception {
    vertx = db.vertx();
    pool = db.pool();
    client = WebClient.create(vertx);
    sandbox = new DingTalkSandbox(vertx).addCorp(httpCorp).addCorp(streamCorp).addCorp(plainCorp);
    TenantService tenants = new TenantService(pool);
    TenantChannels channels =
        new TenantChannels(pool, com.chatcrm.engine.secret.SecretBox.development());
    httpTenant =
        register(
            tenants,
            channels,
            httpCorp,
            new JsonObject()
                .put("cardTemplateId", TEMPLATE)
                .put("cardCallbackRouteKey", "chatcrm-card-route"));
    streamTenant =
        register(
            tenants,
            channels,
            streamCorp,
            new JsonObject().put("cardTemplateId", TEMPLATE).put("stream", true));
    plainTenant = register(tenants, channels, plainCorp, new JsonObject());

    DingTalkTenants dingTalkTenants = new DingTalkTenants(vertx, tenants, channels);
    Inbox inbox = new Inbox(pool);
    Outbox outbox = new Outbox(pool);
    Router router = Router.router(vertx);
    router.route("/sandbox/dingtalk/*").subRouter(sandbox.router());
    new DingTalkCallbackHandler(
            dingTalkTenants,
            inbox,
            new CallbackSignatures(pool),
            vertx.eventBus(),
            Clock.systemUTC(),
            new DatabaseOutage(vertx, pool))
        .mount(router);
    port = await(vertx.createHttpServer().requestHandler(router).listen(0)).actualPort();
    String base = "http://127.0.0.1:" + port + "/sandbox/dingtalk";

    sender =
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
    for (Tenant t : List.of(httpTenant, streamTenant, plainTenant)) {
      await(directory.full(t.id()));
    }
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
    await(
        vertx.deployVerticle(
            new DingTalkStreamClient(
                DingTalkTenants.appOf(
                    streamCorp.corpId(), await(channels.get(streamTenant.id(), "dingtalk"))),
                streamTenant.id(),
                inbox,
                base,
                new Backoff(1, Duration.ofMillis(50), Duration.ofMillis(200)))));
    dispatch =
        new ReminderDispatchVerticle(
            pool,
            new OutboxNotifier(new Recipients(pool), outbox, vertx.eventBus()),
            clock,
            new ReminderDispatchVerticle.Settings(
                Duration.ofHours(1), 600, 100, Duration.ofMinutes(2)));
    await(vertx.deployVerticle(dispatch));
    dingtalk =
        new DingTalkCallbackSimulator(
            client, "http://127.0.0.1:" + port + "/callback/dingtalk", sandbox, base);
  }

  @AfterAll
  static void stop() {
    client.close();
  }

  static Tenant register(
      TenantService tenants, TenantChannels channels, SandboxDingTalkCorp corp, JsonObject extra)
      throws Exception {
    Tenant t = await(tenants.register("dingtalk", corp.corpId(), corp.name(), null));
    await(
        channels.put(
            Actor.system(t.id(), "test"),
            "dingtalk",
            SandboxCorps.settings(corp, null).mergeIn(extra)));
    return t;
  }

  /** A reminder of a member, made due and pushed by the engine's dispatcher. */
  static synchronized Reminder pushReminder(Tenant tenant, String member, String text)
      throws Exception {
    long userId = await(new OrgService(pool).userId(tenant.id(), member));
    Actor actor = Actor.user(tenant.id(), userId, Source.api("t"));
    Reminder r =
        await(
            new ReminderService(pool, clock)
                .create(actor, NewReminder.at(clock.instant().plusSeconds(60), text)));
    clock.set(clock.instant().plusSeconds(60));
    assertThat(await(dispatch.tick())).isGreaterThanOrEqualTo(1);
    return r;
  }

  static SandboxCall cardCarrying(String text) throws Exception {
    return eventually(
            () ->
                sandbox.calls(DingTalkCards.CREATE_AND_DELIVER).stream()
                    .filter(c -> c.body().encode().contains(text))
                    .toList(),
            l -> !l.isEmpty())
        .get(0);
  }

  static ReminderStatus status(Tenant tenant, String member, long reminderId) {
    try {
      long userId = await(new OrgService(pool).userId(tenant.id(), member));
      return await(
              new ReminderService(pool)
                  .get(Actor.user(tenant.id(), userId, Source.api("t")), reminderId))
          .status();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @DisplayName(
      "with a card template a reminder goes out as createAndDeliver; 完成 clicked over HTTP completes it"
          + " and updates the card, once however often the click is delivered")
  void reminderCardClickedOverHttp() throws Exception {
    Reminder r = pushReminder(httpTenant, "staff02", "卡片提醒回访华为");
    SandboxCall create = cardCarrying("卡片提醒回访华为");
    JsonObject body = create.body();
    assertThat(create.answer().getInteger("httpStatus")).isEqualTo(200);
    assertThat(body.getString("cardTemplateId")).isEqualTo(TEMPLATE);
    assertThat(body.getString("callbackType")).isEqualTo("HTTP");
    assertThat(body.getString("callbackRouteKey")).isEqualTo("chatcrm-card-route");
    assertThat(body.getString("openSpaceId")).isEqualTo("dtv1.card//IM_ROBOT.staff02");
    assertThat(body.getJsonObject("imRobotOpenDeliverModel").getString("robotCode"))
        .isEqualTo(httpCorp.robotCode());
    String outTrackId = body.getString("outTrackId");
    long outboxId =
        rows(
            "SELECT id FROM outbound_message WHERE tenant_id = "
                + httpTenant.id()
                + " AND payload::text LIKE '%卡片提醒回访华为%'");
    assertThat(outTrackId)
        .as("derived from the outbox row")
        .isEqualTo(DingTalkCards.outTrackId(httpTenant.id(), outboxId));
    JsonObject params = body.getJsonObject("cardData").getJsonObject("cardParamMap");
    assertThat(params.getString("markdown")).contains("卡片提醒回访华为");
    JsonArray buttons = new JsonArray(params.getString("buttons"));
    assertThat(buttons)
        .contains(new JsonObject().put("text", "完成").put("key", "reminder.done:" + r.id()));
    assertThat(
            sandbox.calls("/v1.0/robot/oToMessages/batchSend").stream()
                .filter(c -> c.body().encode().contains("卡片提醒回访华为")))
        .as("no ActionCard besides")
        .isEmpty();

    DingTalkCallbackSimulator.CardCallback click =
        dingtalk.cardClick(httpCorp, outTrackId, "staff02", "reminder.done:" + r.id());
    HttpResponse<Buffer> ack = await(dingtalk.post(click));
    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(ack.bodyAsJsonObject()).isEqualTo(new JsonObject());
    eventually(
        () -> sandbox.card(outTrackId).getJsonObject("cardParamMap").getString("status"),
        "✓ 已完成"::equals);
    assertThat(status(httpTenant, "staff02", r.id())).isEqualTo(ReminderStatus.DONE);
    assertThat(sandbox.card(outTrackId).getJsonObject("cardParamMap").getString("markdown"))
        .as("updated by key: the text stays")
        .contains("卡片提醒回访华为");

    assertThat(await(dingtalk.post(click)).statusCode())
        .as("a redelivery is acknowledged")
        .isEqualTo(200);
    assertThat(
            await(
                    dingtalk.post(
                        dingtalk.cardClick(
                            httpCorp, outTrackId, "staff02", "reminder.done:" + r.id())))
                .statusCode())
        .isEqualTo(200);
    String key = "card:" + outTrackId + ":staff02:reminder.done:" + r.id();
    assertThat(rows("SELECT count(*) FROM inbound_event WHERE platform_key = '" + key + "'"))
        .isEqualTo(1L);
    eventually(
        () ->
            rows(
                "SELECT count(*) FROM inbound_event WHERE platform_key = '"
                    + key
                    + "' AND status = 'done'"),
        n -> n == 1L);
    assertThat(
            rows(
                "SELECT count(*) FROM outbound_message WHERE dedupe_key = 'reply:dingtalk:"
                    + key
                    + "'"))
        .isEqualTo(1L);
    assertThat(
            sandbox.calls(DingTalkCards.UPDATE).stream()
                .filter(c -> outTrackId.equals(c.body().getString("outTrackId"))))
        .hasSize(1);
    assertThat(sandbox.card(outTrackId).getInteger("updates")).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "a card send that meets 502s is retried with the same outTrackId, and a resent outbox row is one card")
  void retriesReuseTheOutTrackId() throws Exception {
    await(sender.api(httpTenant.id()).compose(DingTalkApi::accessToken));
    sandbox.faults().failNext(2);
    pushReminder(httpTenant, "staff08", "重试同一张卡片");
    eventually(
        () ->
            sandbox.calls(DingTalkCards.CREATE_AND_DELIVER).stream()
                .filter(
                    c ->
                        c.body().encode().contains("重试同一张卡片")
                            && c.answer().getInteger("httpStatus", 0) == 200)
                .toList(),
        l -> !l.isEmpty());
    List<SandboxCall> attempts =
        sandbox.calls(DingTalkCards.CREATE_AND_DELIVER).stream()
            .filter(c -> c.body().encode().contains("重试同一张卡片"))
            .toList();
    assertThat(attempts).hasSize(3);
    assertThat(attempts.stream().map(c -> c.body().getString("outTrackId")).distinct()).hasSize(1);
    assertThat(attempts.get(0).answer().getInteger("http")).isEqualTo(502);

    ChatMessage card =
        new ChatMessage(
            "跟进提醒", "重发的提醒", List.of(), List.of(new ChatMessage.Button("reminder.done:1", "完成")));
    OutboundMessage row =
        new OutboundMessage(httpTenant.id(), 987_654, "dingtalk", "staff09", card.toJson(), 1);
    assertThat(await(sender.send(row, card)))
        .isEqualTo(DingTalkCards.outTrackId(httpTenant.id(), 987_654));
    await(sender.send(row, card));
    assertThat(
            sandbox.calls(DingTalkCards.CREATE_AND_DELIVER).stream()
                .filter(c -> c.body().encode().contains("重发的提醒"))
                .map(c -> c.body().getString("outTrackId"))
                .distinct())
        .hasSize(1);
    assertThat(sandbox.card(DingTalkCards.outTrackId(httpTenant.id(), 987_654))).isNotNull();
  }

  @Test
  @DisplayName("forged, foreign and malformed card callbacks get a 4xx and write nothing")
  void forgedCardCallbacksAreRefused() throws Exception {
    Reminder r = pushReminder(httpTenant, "staff03", "伪造卡片回调");
    String outTrackId = cardCarrying("伪造卡片回调").body().getString("outTrackId");
    long before = rows("SELECT count(*) FROM inbound_event");
    DingTalkCallbackSimulator.CardCallback good =
        dingtalk.cardClick(httpCorp, outTrackId, "staff03", "reminder.done:" + r.id());

    HttpResponse<Buffer> forged =
        await(
            dingtalk.post(
                good.withSign(
                    good.timestamp(), DingTalkRobotSign.sign(good.timestamp(), "not-the-secret"))));
    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(forged.bodyAsJsonObject().getString("code")).isEqualTo("bad_signature");

    HttpResponse<Buffer> unsigned =
        await(
            client
                .postAbs(
                    "http://127.0.0.1:"
                        + port
                        + "/callback/dingtalk/"
                        + httpCorp.corpId()
                        + "/card")
                .sendJsonObject(good.body()));
    assertThat(unsigned.statusCode()).isEqualTo(400);

    HttpResponse<Buffer> otherTenantsCard =
        await(
            dingtalk.post(
                dingtalk.cardClick(
                    httpCorp,
                    DingTalkCards.outTrackId(plainTenant.id(), 1),
                    "staff03",
                    "reminder.done:" + r.id())));
    assertThat(otherTenantsCard.bodyAsJsonObject().getString("code")).isEqualTo("wrong_receiver");

    DingTalkCallbackSimulator.CardCallback noContent =
        new DingTalkCallbackSimulator.CardCallback(
            httpCorp.corpId(),
            good.timestamp(),
            good.sign(),
            good.body().copy().put("content", "{not json"));
    assertThat(await(dingtalk.post(noContent)).bodyAsJsonObject().getString("code"))
        .isEqualTo("malformed_body");

    JsonObject withoutUser = good.body().copy();
    withoutUser.remove("userId");
    assertThat(
            await(
                    dingtalk.post(
                        new DingTalkCallbackSimulator.CardCallback(
                            httpCorp.corpId(), good.timestamp(), good.sign(), withoutUser)))
                .statusCode())
        .isEqualTo(400);

    assertThat(rows("SELECT count(*) FROM inbound_event")).isEqualTo(before);
    assertThat(status(httpTenant, "staff03", r.id())).isNotEqualTo(ReminderStatus.DONE);
  }

  @Test
  @DisplayName(
      "a Stream-mode company gets STREAM cards; a click down the stream is acked, completes the reminder"
          + " and updates the card; the redelivered frame changes nothing")
  void reminderCardClickedOverStream() throws Exception {
    eventually(() -> sandbox.stream().connected(streamCorp.corpId()), c -> c);
    Reminder r = pushReminder(streamTenant, "manager01", "流模式卡片提醒");
    JsonObject body = cardCarrying("流模式卡片提醒").body();
    assertThat(body.getString("callbackType")).isEqualTo("STREAM");
    assertThat(body.containsKey("callbackRouteKey")).isFalse();
    String outTrackId = body.getString("outTrackId");

    JsonObject click =
        DingTalkCallbackSimulator.cardClickBody(
            streamCorp, outTrackId, "manager01", "reminder.done:" + r.id());
    JsonObject ack =
        await(sandbox.stream().cardCallback(streamCorp.corpId(), "card-frame-1", click));
    assertThat(ack.getInteger("code")).isEqualTo(200);
    eventually(
        () -> sandbox.card(outTrackId).getJsonObject("cardParamMap").getString("status"),
        "✓ 已完成"::equals);
    assertThat(status(streamTenant, "manager01", r.id())).isEqualTo(ReminderStatus.DONE);

    assertThat(
            await(sandbox.stream().cardCallback(streamCorp.corpId(), "card-frame-1", click))
                .getInteger("code"))
        .isEqualTo(200);
    String key = "card:" + outTrackId + ":manager01:reminder.done:" + r.id();
    assertThat(rows("SELECT count(*) FROM inbound_event WHERE platform_key = '" + key + "'"))
        .isEqualTo(1L);
    assertThat(sandbox.card(outTrackId).getInteger("updates")).isEqualTo(1);

    JsonObject refused =
        await(
            sandbox.stream()
                .cardCallback(
                    streamCorp.corpId(), "card-frame-2", click.copy().put("corpId", "dingOTHER")));
    assertThat(refused.getInteger("code")).isEqualTo(400);
  }

  @Test
  @DisplayName(
      "a company without a card template still gets the template-free ActionCard with command links")
  void withoutTemplateTheActionCardStays() throws Exception {
    Reminder r = pushReminder(plainTenant, "staff02", "无模板提醒");
    SandboxCall oto =
        eventually(
                () ->
                    sandbox.calls("/v1.0/robot/oToMessages/batchSend").stream()
                        .filter(c -> c.body().encode().contains("无模板提醒"))
                        .toList(),
                l -> !l.isEmpty())
            .get(0);
    assertThat(oto.body().getString("robotCode")).isEqualTo(plainCorp.robotCode());
    assertThat(oto.body().getString("msgKey")).startsWith("sampleActionCard");
    String decoded =
        java.net.URLDecoder.decode(
            oto.body().getString("msgParam"), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(decoded)
        .contains("dtmd://dingtalkclient/sendMessage?content=完成 #reminder.done:" + r.id());
    assertThat(
            sandbox.calls(DingTalkCards.CREATE_AND_DELIVER).stream()
                .filter(c -> c.body().encode().contains("无模板提醒")))
        .isEmpty();
  }

  private static long rows(String sql) {
    try {
      return await(pool.preparedQuery(sql).execute(Tuple.tuple())).iterator().next().getLong(0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
