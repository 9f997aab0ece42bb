package com.chatcrm.gateway.notify;

import static com.chatcrm.engine.testing.Await.await;
import static com.chatcrm.engine.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.notify.Recipients;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.org.OrgUser;
import com.chatcrm.engine.outbox.Outbox;
import com.chatcrm.engine.port.Notification;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantChannels;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.gateway.Backoff;
import com.chatcrm.gateway.outbound.OutboxDispatcher;
import com.chatcrm.gateway.wecom.WeComSender;
import com.chatcrm.gateway.wecom.WeComTenants;
import com.chatcrm.sandbox.SandboxCorp;
import com.chatcrm.sandbox.SandboxCorps;
import com.chatcrm.sandbox.WeComSandbox;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** When WeCom refuses a recipient for good, the message goes out by email instead. */
class EmailFallbackTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  @RegisterExtension
  static final GreenMailExtension smtp =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

  static final SandboxCorp corp = SandboxCorps.huaxin();

  @Test
  @DisplayName(
      "a user WeCom does not know (81013) gets the card by email; the outbox row is sent, not failed")
  void refusedByWeComSentByEmail() throws Exception {
    Vertx vertx = db.vertx();
    Pool pool = db.pool();
    WeComSandbox sandbox = new WeComSandbox(vertx).addCorp(corp);
    TenantService tenants = new TenantService(pool);
    TenantChannels channels =
        new TenantChannels(pool, com.chatcrm.engine.secret.SecretBox.development());
    Tenant tenant = await(tenants.register("wecom", corp.corpId(), corp.name(), null));
    await(
        channels.put(
            Actor.system(tenant.id(), "test"), "wecom", WeComTenants.settingsOf(corp.app())));
    Router router = Router.router(vertx);
    router.route("/sandbox/wecom/*").subRouter(sandbox.router());
    int port = await(vertx.createHttpServer().requestHandler(router).listen(0)).actualPort();
    WeComSender wecom =
        new WeComSender(
            vertx,
            WebClient.create(vertx),
            "http://127.0.0.1:" + port + "/sandbox/wecom",
            new WeComTenants(vertx, tenants, channels),
            new Backoff(2, Duration.ofMillis(10), Duration.ofMillis(20)));
    // in our directory, but no longer in the company's WeCom
    Actor system = Actor.system(tenant.id(), "test");
    await(new OrgService(pool).upsertDepartment(system, "d1", "销售部", null));
    long ghost =
        await(
            new OrgService(pool)
                .upsertUser(
                    system,
                    new OrgUser(
                        "zhaoliu", "赵六", null, "zhaoliu@huaxin.example", "rep", List.of("d1"))));

    Recipients recipients = new Recipients(pool);
    EmailSender email =
        new EmailSender(
            vertx, SmtpSettings.plain("127.0.0.1", smtp.getSmtp().getPort(), "crm@chatcrm.local"));
    await(
        vertx.deployVerticle(
            new OutboxDispatcher(
                new Outbox(pool),
                Map.of("wecom", new EmailFallbackSender(wecom, email, recipients)),
                50)));
    OutboxNotifier notifier = new OutboxNotifier(recipients, new Outbox(pool), vertx.eventBus());
    await(
        notifier.push(
            tenant.id(),
            ghost,
            new Notification(
                "⏰ 跟进提醒",
                "回访远山贸易",
                List.of(new Notification.Field("客户", "远山贸易")),
                List.of(new Notification.Button("reminder.done:1", "完成")),
                "reminder:1:1",
                List.of(Notification.CHAT))));

    MimeMessage mail =
        eventually(() -> Arrays.stream(smtp.getReceivedMessages()).toList(), l -> !l.isEmpty())
            .get(0);
    assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("zhaoliu@huaxin.example");
    assertThat(mail.getSubject()).isEqualTo("⏰ 跟进提醒");
    assertThat(EmailDeliveryTest.text(mail)).contains("回访远山贸易", "客户：远山贸易");
    Row row =
        eventually(
            () ->
                await(
                        pool.preparedQuery(
                                "SELECT status, platform_ref FROM outbound_message WHERE tenant_id = $1 AND recipient = 'zhaoliu'")
                            .execute(Tuple.of(tenant.id())))
                    .iterator()
                    .next(),
            r -> "sent".equals(r.getString("status")));
    assertThat(row.getString("platform_ref")).startsWith("email:");
    assertThat(sandbox.calls("/cgi-bin/message/send"))
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.answer().getInteger("errcode")).isEqualTo(81013));
  }
}
