package com.chatcrm.gateway.notify;

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
import com.chatcrm.engine.port.Notification;
import com.chatcrm.engine.port.ReportChartLinks;
import com.chatcrm.engine.reminder.NewReminder;
import com.chatcrm.engine.reminder.Reminder;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.schedule.DailyReportVerticle;
import com.chatcrm.engine.schedule.FullDailyReport;
import com.chatcrm.engine.schedule.ReminderDispatchVerticle;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantChannels;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.MutableClock;
import com.chatcrm.gateway.Backoff;
import com.chatcrm.gateway.dingtalk.DingTalkDirectorySync;
import com.chatcrm.gateway.dingtalk.DingTalkSender;
import com.chatcrm.gateway.dingtalk.DingTalkTenants;
import com.chatcrm.gateway.outbound.OutboxDispatcher;
import com.chatcrm.gateway.sandbox.DingTalkSandbox;
import com.chatcrm.gateway.sandbox.SandboxCall;
import com.chatcrm.gateway.sandbox.SandboxDingTalkCorp;
import com.chatcrm.gateway.sandbox.SandboxDingTalkCorps;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A due reminder reaches a DingTalk user through the same chain as on WeCom: reminder dispatcher →
 * OutboxNotifier → outbox → OutboxDispatcher → DingTalkSender → the robot's one-to-one send over
 * HTTP, with its buttons as command links that need no template in DingTalk's console.
 */
class ReminderToDingTalkTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final SandboxDingTalkCorp corp = SandboxDingTalkCorps.dingyun();
  static Vertx vertx;
  static Pool pool;
  static DingTalkSandbox sandbox;
  static Tenant tenant;
  static long staff;

  @BeforeAll
  static void start() {
    vertx = db.vertx();
    pool = db.pool();
    sandbox = new DingTalkSandbox(vertx).addCorp(corp);
    TenantService tenants = new TenantService(pool);
    TenantChannels channels = new TenantChannels(pool);
    tenant = await(tenants.register("dingtalk", corp.corpId(), corp.name(), null));
    await(
        channels.put(
            Actor.system(tenant.id(), "test"),
            "dingtalk",
            SandboxDingTalkCorps.settings(corp, null)));
    Router router = Router.router(vertx);
    router.route("/sandbox/dingtalk/*").subRouter(sandbox.router());
    int port = await(vertx.createHttpServer().requestHandler(router).listen(0)).actualPort();
    String base = "http://127.0.0.1:" + port + "/sandbox/dingtalk";
    DingTalkSender sender =
        new DingTalkSender(
            vertx,
            WebClient.create(vertx),
            base,
            base,
            new DingTalkTenants(vertx, tenants, channels),
            new Backoff(3, Duration.ofMillis(20), Duration.ofMillis(100)),
            Clock.systemUTC());
    OrgService org = new OrgService(pool);
    await(new DingTalkDirectorySync(sender, org).full(tenant.id()));
    staff = await(org.userId(tenant.id(), "staff02"));
    await(
        vertx.deployVerticle(
            new OutboxDispatcher(new Outbox(pool), Map.of("dingtalk", sender), 50)));
  }

  @Test
  @DisplayName("a due reminder arrives in the robot chat with 完成 / 推迟 as command links, once")
  void dueReminderReachesDingTalk() {
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    MutableClock clock = new MutableClock(t0);
    Actor me = Actor.user(tenant.id(), staff, Source.api("t"));
    Customer c = await(new CustomerService(pool).create(me, NewCustomer.named("钉钉提醒测试科技")));
    Reminder r =
        await(
            new ReminderService(pool, clock)
                .create(me, NewReminder.at(t0.plusSeconds(60), "给客户发合同").aboutCustomer(c.id())));
    OutboxNotifier notifier =
        new OutboxNotifier(new Recipients(pool), new Outbox(pool), vertx.eventBus());
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

    List<SandboxCall> sent =
        eventually(
            () ->
                sandbox.calls(0).stream()
                    .filter(call -> call.body().encode().contains("给客户发合同"))
                    .toList(),
            calls -> !calls.isEmpty());
    String body = sent.get(0).body().encode();
    assertThat(body).contains("staff02").contains("钉钉提醒测试科技");
    String decoded = java.net.URLDecoder.decode(body, java.nio.charset.StandardCharsets.UTF_8);
    assertThat(decoded)
        .as("完成 as a template-free command link")
        .contains("dtmd://dingtalkclient/sendMessage?content=完成 #reminder.done:" + r.id());
    assertThat(await(reminders.tick())).isZero();
    assertThat(sandbox.calls(0).stream().filter(call -> call.body().encode().contains("给客户发合同")))
        .hasSize(1);
  }

  @Test
  @DisplayName("a 日报 with a chart reaches DingTalk with the chart drawn inline in its card")
  void reportChartReachesDingTalk() {
    String chart =
        "https://crm.example.com/charts/daily/"
            + tenant.id()
            + "/"
            + staff
            + "/2026-11-20.png?exp=1&sig=ab";
    OutboxNotifier notifier =
        new OutboxNotifier(new Recipients(pool), new Outbox(pool), vertx.eventBus());
    await(
        notifier.push(
            tenant.id(),
            staff,
            new Notification(
                    "销售日报 11月20日",
                    "今天团队跟进 9 次。",
                    List.of(),
                    List.of(
                        new Notification.Button("open:https://crm.example.com/m/#/report", "打开报表")),
                    "daily-report:chart-test",
                    List.of(Notification.CHAT))
                .withImage(chart)));
    List<SandboxCall> sent =
        eventually(
            () ->
                sandbox.calls(0).stream()
                    .filter(call -> call.body().encode().contains("今天团队跟进 9 次"))
                    .toList(),
            calls -> !calls.isEmpty());
    String msgParam = sent.get(0).body().getString("msgParam");
    assertThat(new io.vertx.core.json.JsonObject(msgParam).getString("text"))
        .contains("![图表](" + chart + ")");
  }

  @Test
  @DisplayName(
      "the scheduled 日报 keeps its chart inline, and 打开报表 opens the mini-app for the company")
  void scheduledReportKeepsChartAndCompany() {
    LocalDate day = LocalDate.of(2026, 11, 20);
    ReportChartLinks charts =
        (t, m, d) ->
            "https://crm.example.com/charts/daily/" + t + "/" + m + "/" + d + ".png?exp=9&sig=cd";
    OutboxNotifier notifier =
        new OutboxNotifier(new Recipients(pool), new Outbox(pool), vertx.eventBus())
            .withMiniApp("https://crm.example.com/m/", new TenantService(pool));
    Clock clock = Clock.fixed(Instant.parse("2026-11-20T12:00:00Z"), java.time.ZoneOffset.UTC);
    DailyReportVerticle reports =
        new DailyReportVerticle(
            pool,
            new FullDailyReport(pool, clock, "https://crm.example.com/m/#/report", charts),
            notifier,
            clock,
            DailyReportVerticle.Settings.defaults());
    assertThat(await(reports.sendDaily(tenant.id(), day))).isPositive();
    long manager = await(new OrgService(pool).userId(tenant.id(), "manager01"));

    List<SandboxCall> sent =
        eventually(
            () ->
                sandbox.calls(0).stream()
                    .filter(
                        call ->
                            call.body().encode().contains("销售日报 11月20日")
                                && call.body().encode().contains("manager01"))
                    .toList(),
            calls -> !calls.isEmpty());
    String msgParam = sent.get(0).body().getString("msgParam");
    String text = new io.vertx.core.json.JsonObject(msgParam).getString("text");
    assertThat(text)
        .contains(
            "![图表](https://crm.example.com/charts/daily/"
                + tenant.id()
                + "/"
                + manager
                + "/2026-11-20.png?exp=9&sig=cd)");
    assertThat(msgParam)
        .as("打开报表 logs in through the company")
        .contains("\"https://crm.example.com/m/?corpId=" + corp.corpId() + "#/report\"");
  }
}
