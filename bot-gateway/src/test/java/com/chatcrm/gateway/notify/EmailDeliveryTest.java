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
import com.chatcrm.engine.org.OrgUser;
import com.chatcrm.engine.outbox.Outbox;
import com.chatcrm.engine.port.Notification;
import com.chatcrm.engine.reminder.NewReminder;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.schedule.ReminderDispatchVerticle;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.MutableClock;
import com.chatcrm.gateway.outbound.OutboxDispatcher;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Email as a channel: through the real outbox and dispatcher to an SMTP server in the JVM
 * (GreenMail).
 */
class EmailDeliveryTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  @RegisterExtension
  static final GreenMailExtension smtp =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

  static Vertx vertx;
  static Pool pool;
  static Tenant tenant;
  static long lisi;
  static long wangwu;
  static OutboxNotifier notifier;

  @BeforeAll
  static void start() {
    vertx = db.vertx();
    pool = db.pool();
    tenant =
        await(
            new TenantService(pool)
                .register("wecom", "ww-mail-" + System.nanoTime(), "邮件公司", null));
    OrgService org = new OrgService(pool);
    Actor system = Actor.system(tenant.id(), "test");
    await(org.upsertDepartment(system, "d1", "销售部", null));
    lisi =
        await(
            org.upsertUser(
                system,
                new OrgUser("lisi", "李四", null, "lisi@huaxin.example", "rep", List.of("d1"))));
    wangwu =
        await(
            org.upsertUser(
                system,
                new OrgUser("wangwu", "王五", null, "wangwu@huaxin.example", "rep", List.of("d1"))));
    notifier = new OutboxNotifier(new Recipients(pool), new Outbox(pool), vertx.eventBus());
    deployDispatcher();
  }

  /**
   * Mail is sent by a dispatcher that knows only email: chat rows of these tests are parked as
   * failed.
   */
  static void deployDispatcher() {
    EmailSender email =
        new EmailSender(
            vertx,
            SmtpSettings.plain(
                "127.0.0.1", smtp.getSmtp().getPort(), "Chat CRM <crm@chatcrm.local>"));
    await(vertx.deployVerticle(new OutboxDispatcher(new Outbox(pool), Map.of("email", email), 50)));
  }

  @Test
  @DisplayName(
      "a due reminder asked for by email arrives in the owner's mailbox with customer, text and last follow-up")
  void reminderByEmail() throws Exception {
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    MutableClock clock = new MutableClock(t0);
    Actor me = Actor.user(tenant.id(), lisi, Source.api("t"));
    Customer c = await(new CustomerService(pool).create(me, NewCustomer.named("华为技术")));
    await(
        new ReminderService(pool, clock)
            .create(
                me,
                NewReminder.at(t0.plusSeconds(60), "给华为发报价单").aboutCustomer(c.id()).via("email")));
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

    MimeMessage mail = eventually(() -> mailsTo("lisi@huaxin.example"), l -> !l.isEmpty()).get(0);
    assertThat(mail.getAllRecipients())
        .extracting(Object::toString)
        .containsExactly("lisi@huaxin.example");
    assertThat(mail.getSubject()).isEqualTo("⏰ 跟进提醒");
    String text = text(mail);
    assertThat(text).contains("给华为发报价单", "客户：华为技术", "上次跟进：还没有跟进记录", EmailSender.ACT_IN_CHAT);
    assertThat(text(mail, "text/html")).contains("<h3>⏰ 跟进提醒</h3>", "华为技术");
    eventually(
        () ->
            count(
                "SELECT count(*) FROM outbound_message WHERE recipient = 'lisi@huaxin.example' AND status = 'sent'"),
        n -> n == 1L);
    assertThat(
            count(
                "SELECT count(*) FROM outbound_message WHERE channel = 'wecom' AND recipient = 'lisi'"))
        .as("asked for email only")
        .isZero();
  }

  @Test
  @DisplayName(
      "a user who chose email gets chat and email; the same notification pushed twice is one mail")
  void userWhoChoseEmail() throws Exception {
    await(new Recipients(pool).preferEmail(tenant.id(), wangwu, true));
    Notification report =
        Notification.of(
            "销售日报 11月23日",
            "今日跟进 3 次",
            List.of(new Notification.Field("新增客户", "2")),
            "daily-report:" + wangwu + ":2026-11-23");
    await(notifier.push(tenant.id(), wangwu, report));
    await(notifier.push(tenant.id(), wangwu, report));
    assertThat(
            count(
                "SELECT count(*) FROM outbound_message WHERE recipient IN ('wangwu', 'wangwu@huaxin.example')"))
        .isEqualTo(2);
    eventually(
        () ->
            count(
                "SELECT count(*) FROM outbound_message WHERE recipient = 'wangwu@huaxin.example'"
                    + " AND status = 'sent'"),
        n -> n == 1L);
    List<MimeMessage> mails = mailsTo("wangwu@huaxin.example");
    assertThat(mails).hasSize(1);
    assertThat(mails.get(0).getSubject()).isEqualTo("销售日报 11月23日");
    assertThat(text(mails.get(0)))
        .contains("今日跟进 3 次", "新增客户：2")
        .doesNotContain(EmailSender.ACT_IN_CHAT);
  }

  static List<MimeMessage> mailsTo(String address) {
    return Arrays.stream(smtp.getReceivedMessages())
        .filter(
            m -> {
              try {
                return m.getAllRecipients()[0].toString().equals(address);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  static String text(Part part) throws Exception {
    return text(part, "text/plain");
  }

  static String text(Part part, String type) throws Exception {
    if (part.isMimeType(type)) {
      return (String) part.getContent();
    }
    if (part.getContent() instanceof Multipart multi) {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < multi.getCount(); i++) {
        out.append(text(multi.getBodyPart(i), type));
      }
      return out.toString();
    }
    return "";
  }

  static long count(String sql) {
    return await(pool.preparedQuery(sql).execute(Tuple.tuple())).iterator().next().getLong(0);
  }
}
