package com.chatcrm.gateway.wecom;

import static com.chatcrm.engine.testing.Await.await;
import static com.chatcrm.engine.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.notify.Recipients;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.outbox.Outbox;
import com.chatcrm.engine.reminder.NewReminder;
import com.chatcrm.engine.reminder.Reminder;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.schedule.ReminderDispatchVerticle;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantChannels;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.MutableClock;
import com.chatcrm.gateway.Backoff;
import com.chatcrm.gateway.notify.OutboxNotifier;
import com.chatcrm.gateway.outbound.OutboxDispatcher;
import com.chatcrm.sandbox.SandboxCall;
import com.chatcrm.sandbox.SandboxCorp;
import com.chatcrm.sandbox.SandboxCorps;
import com.chatcrm.sandbox.WeComSandbox;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A due reminder ends as a WeCom template card in the sandbox, through the real chain: reminder
 * dispatcher → OutboxNotifier → outbox → OutboxDispatcher → WeComSender → message/send over HTTP;
 * with the card's full shape, the outbox lease, digests and mini-app links, which only WeCom's
 * cards show this way (what every platform pushes is in {@code ChatPlatformContract}).
 */
class WeComPushesTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final SandboxCorp corp = SandboxCorps.huaxin();
  static Vertx vertx;
  static Pool pool;
  static WeComSandbox sandbox;
  static Tenant tenant;
  static long lisi;
  static WeComSender sender;
  static OutboxNotifier notifier;

  @BeforeAll
  static void start() {
    vertx = db.vertx();
    pool = db.pool();
    WebClient client = WebClient.create(vertx);
    sandbox = new WeComSandbox(vertx).addCorp(corp);
    TenantService tenants = new TenantService(pool);
    TenantChannels channels =
        new TenantChannels(pool, com.chatcrm.engine.secret.SecretBox.development());
    tenant = await(tenants.register("wecom", corp.corpId(), corp.name(), null));
    await(
        channels.put(
            Actor.system(tenant.id(), "test"), "wecom", WeComTenants.settingsOf(corp.app())));
    Router router = Router.router(vertx);
    router.route("/sandbox/wecom/*").subRouter(sandbox.router());
    int port = await(vertx.createHttpServer().requestHandler(router).listen(0)).actualPort();
    sender =
        new WeComSender(
            vertx,
            client,
            "http://127.0.0.1:" + port + "/sandbox/wecom",
            new WeComTenants(vertx, tenants, channels),
            new Backoff(3, Duration.ofMillis(20), Duration.ofMillis(100)));
    OrgService org = new OrgService(pool);
    await(new WeComDirectorySync(sender, org).full(tenant.id(), Set.of("zhangsan")));
    lisi = await(org.userId(tenant.id(), "lisi"));
    notifier = new OutboxNotifier(new Recipients(pool), new Outbox(pool), vertx.eventBus());
  }

  static List<SandboxCall> cardsTo(String user) {
    return sandbox.calls("/cgi-bin/message/send").stream()
        .filter(
            c ->
                user.equals(c.body().getString("touser"))
                    && "template_card".equals(c.body().getString("msgtype"))
                    && c.answer().getInteger("errcode") == 0)
        .toList();
  }

  @Test
  @DisplayName(
      "a due reminder arrives as a button card; a dispatcher that died holding it is relieved after the lease, once")
  void dueReminderBecomesACard() {
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    MutableClock clock = new MutableClock(t0);
    Actor me = Actor.user(tenant.id(), lisi, Source.api("t"));
    Customer c = await(new CustomerService(pool).create(me, NewCustomer.named("华为技术")));
    Reminder r =
        await(
            new ReminderService(pool, clock)
                .create(me, NewReminder.at(t0.plusSeconds(60), "给华为发报价单").aboutCustomer(c.id())));
    ReminderDispatchVerticle reminders =
        new ReminderDispatchVerticle(
            pool,
            notifier,
            clock,
            new ReminderDispatchVerticle.Settings(
                Duration.ofHours(1), 600, 100, Duration.ofMinutes(2)));
    await(vertx.deployVerticle(reminders));
    clock.set(t0.plusSeconds(60));
    assertThat(await(reminders.tick())).isEqualTo(1);
    // the pace counts its minutes in the dispatcher's instants: the queue's time must be the same
    // one
    assertThat(
            await(
                    pool.preparedQuery(
                            "SELECT created_at FROM outbound_message WHERE tenant_id = $1 AND dedupe_key LIKE $2")
                        .execute(Tuple.of(tenant.id(), "push:reminder:" + r.id() + ":%")))
                .iterator()
                .next()
                .getOffsetDateTime(0)
                .toInstant())
        .isEqualTo(t0.plusSeconds(60));

    // a dispatcher on another node claims the queued card and dies before sending it
    Outbox outbox = new Outbox(pool);
    assertThat(await(outbox.claimDue(50))).hasSize(1);
    OutboxDispatcher survivor = new OutboxDispatcher(outbox, Map.of("wecom", sender), 50);
    await(vertx.deployVerticle(survivor));
    assertThat(await(survivor.sendDue())).as("the dead node's lease holds").isZero();
    assertThat(cardsTo("lisi")).isEmpty();
    // the lease runs out (the outbox leases on the database's clock)
    await(
        pool.preparedQuery(
                "UPDATE outbound_message SET next_attempt_at = now() - interval '1 second'"
                    + " WHERE tenant_id = $1 AND status = 'pending'")
            .execute(Tuple.of(tenant.id())));

    SandboxCall call = eventually(() -> cardsTo("lisi"), l -> !l.isEmpty()).get(0);
    JsonObject card = call.body().getJsonObject("template_card");
    assertThat(card.getString("card_type")).isEqualTo("button_interaction");
    assertThat(card.getJsonObject("main_title").getString("title")).isEqualTo("⏰ 跟进提醒");
    assertThat(card.getString("sub_title_text")).contains("给华为发报价单");
    JsonArray fields = card.getJsonArray("horizontal_content_list");
    assertThat(fields.stream().map(o -> (JsonObject) o).toList())
        .anySatisfy(
            f -> {
              assertThat(f.getString("keyname")).isEqualTo("客户");
              assertThat(f.getString("value")).isEqualTo("华为技术");
            });
    List<JsonObject> buttons =
        card.getJsonArray("button_list").stream().map(o -> (JsonObject) o).toList();
    assertThat(buttons)
        .extracting(b -> b.getString("text"))
        .containsExactly("完成", "推迟1小时", "明天再说", "写跟进", "客户详情");
    assertThat(buttons.get(0).getString("key")).isEqualTo("reminder.done:" + r.id());
    assertThat(buttons.get(1).getString("key")).isEqualTo("reminder.snooze:" + r.id() + ":60");

    eventually(
        () ->
            count(
                "SELECT count(*) FROM outbound_message WHERE recipient = 'lisi' AND status = 'sent'"),
        n -> n == 1L);
    assertThat(await(survivor.sendDue())).isZero();
    assertThat(await(reminders.tick())).isZero();
    assertThat(cardsTo("lisi")).as("sent once").hasSize(1);
  }

  @Test
  @DisplayName(
      "客户详情 on a pushed card opens the customer's page in the mini-app when the service knows its URL")
  void detailButtonsBecomeMiniAppLinks() {
    OutboxNotifier linked =
        new OutboxNotifier(new Recipients(pool), new Outbox(pool), vertx.eventBus())
            .withMiniApp("https://crm.example.com/m/", new TenantService(pool));
    await(
        linked.push(
            tenant.id(),
            lisi,
            new com.chatcrm.engine.port.Notification(
                "⏰ 跟进提醒",
                "回访",
                List.of(),
                List.of(
                    new com.chatcrm.engine.port.Notification.Button("detail:customer:42", "客户详情")),
                "link-test",
                null)));
    String payload =
        await(
                pool.preparedQuery(
                        "SELECT payload::text FROM outbound_message WHERE tenant_id = $1"
                            + " AND dedupe_key = $2")
                    .execute(Tuple.of(tenant.id(), "push:link-test:wecom")))
            .iterator()
            .next()
            .getString(0);
    assertThat(payload)
        .contains("open:https://crm.example.com/m/?corpId=" + corp.corpId() + "#/customers/42");
  }

  @Test
  @DisplayName(
      "more reminders due at once than wangwu's pace allows arrive as one digest whose 查看全部 opens the reminder list")
  void manyDueBecomeOneDigest() {
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    MutableClock clock = new MutableClock(t0);
    long wangwu = await(new OrgService(pool).userId(tenant.id(), "wangwu"));
    Actor me = Actor.user(tenant.id(), wangwu, Source.api("t"));
    ReminderService service = new ReminderService(pool, clock);
    for (int i = 1; i <= 12; i++) {
      await(service.create(me, NewReminder.at(t0.plusSeconds(60), "回访客户 " + i)));
    }
    OutboxNotifier linked =
        new OutboxNotifier(new Recipients(pool), new Outbox(pool), vertx.eventBus())
            .withMiniApp("https://crm.example.com/m/", new TenantService(pool));
    ReminderDispatchVerticle reminders =
        new ReminderDispatchVerticle(
            pool,
            linked,
            clock,
            new ReminderDispatchVerticle.Settings(
                Duration.ofHours(1), 600, 100, Duration.ofMinutes(2), 20));
    await(vertx.deployVerticle(reminders));
    clock.set(t0.plusSeconds(60));
    assertThat(await(reminders.tick())).isEqualTo(12);
    await(new OutboxDispatcher(new Outbox(pool), Map.of("wecom", sender), 50).sendDue());

    List<SandboxCall> digests =
        eventually(
            () ->
                sandbox.calls("/cgi-bin/message/send").stream()
                    .filter(
                        c ->
                            "wangwu".equals(c.body().getString("touser"))
                                && "textcard".equals(c.body().getString("msgtype")))
                    .toList(),
            l -> !l.isEmpty());
    assertThat(digests).hasSize(1);
    JsonObject textcard = digests.get(0).body().getJsonObject("textcard");
    assertThat(textcard.getString("title")).isEqualTo("⏰ 你有 12 条跟进提醒到期");
    assertThat(textcard.getString("description")).contains("回访客户 1", "还有 7 条");
    assertThat(textcard.getString("btntxt")).isEqualTo("查看全部");
    assertThat(textcard.getString("url"))
        .startsWith("https://crm.example.com/m/?corpId=" + corp.corpId() + "#/?reminders=");
    assertThat(textcard.getString("url").replaceFirst(".*reminders=", "").split(",")).hasSize(12);
  }

  static long count(String sql) {
    return await(pool.preparedQuery(sql).execute(Tuple.tuple())).iterator().next().getLong(0);
  }
}
