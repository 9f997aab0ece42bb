package com.chatcrm.engine.schedule;

import static com.chatcrm.engine.testing.Await.await;
import static com.chatcrm.engine.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.followup.FollowUpService;
import com.chatcrm.engine.followup.NewFollowUp;
import com.chatcrm.engine.port.Notification;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.MutableClock;
import com.chatcrm.engine.testing.OrgFixture;
import com.chatcrm.engine.testing.RecordingNotifier;
import com.chatcrm.engine.testing.RecordingNotifier.Push;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DailyReportSchedulingTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  OrgFixture org;
  MutableClock clock;
  RecordingNotifier notifier;
  LocalDate today;
  final List<Vertx> nodes = new ArrayList<>();
  final List<String> deployments = new ArrayList<>();

  @BeforeEach
  void setUp() {
    org = OrgFixture.create(db.pool());
    today = LocalDate.now(SHANGHAI);
    clock = new MutableClock(at(today, "09:00"));
    notifier = new RecordingNotifier();
  }

  @AfterEach
  void stopNodes() {
    deployments.forEach(id -> await(db.vertx().undeploy(id)));
    deployments.clear();
    nodes.forEach(v -> await(v.close()));
    nodes.clear();
  }

  static Instant at(LocalDate day, String time) {
    return day.atTime(LocalTime.parse(time)).atZone(SHANGHAI).toInstant();
  }

  DailyReportVerticle node(Vertx vertx, Pool pool, Duration tick) {
    DailyReportVerticle v =
        new DailyReportVerticle(
            pool,
            new BasicDailyReport(pool),
            notifier,
            clock,
            new DailyReportVerticle.Settings(
                tick, LocalTime.of(18, 30), 1, Duration.ofMinutes(10)));
    String id = await(vertx.deployVerticle(v));
    if (vertx == db.vertx()) {
      deployments.add(id);
    }
    return v;
  }

  DailyReportVerticle otherNode(Duration tick) {
    Vertx other = Vertx.vertx();
    nodes.add(other);
    return node(other, db.pool(other), tick);
  }

  List<Push> reports() {
    return notifier.pushes().stream().filter(p -> p.tenantId() == org.tenantA.id()).toList();
  }

  @Test
  @DisplayName("each manager gets one report a day at 18:30 local, across two nodes and a restart")
  void onePerManagerPerDay() {
    Customer c =
        await(new CustomerService(db.pool()).create(org.a(org.rep1), NewCustomer.named("日报客户")));
    await(
        new FollowUpService(db.pool())
            .log(org.a(org.rep1), NewFollowUp.on(c.id(), "call", "电话沟通")));
    await(
        new FollowUpService(db.pool())
            .log(org.a(org.rep1), NewFollowUp.on(c.id(), "visit", "上门拜访")));

    clock.set(at(today, "18:29"));
    DailyReportVerticle a = node(db.vertx(), db.pool(), Duration.ofMillis(10));
    DailyReportVerticle b = otherNode(Duration.ofMillis(10));
    await(a.tick());
    await(b.tick());
    assertThat(reports()).as("not before 18:30").isEmpty();

    clock.set(at(today, "18:30"));
    eventually(() -> reports().size(), n -> n >= 2);
    for (int i = 0; i < 3; i++) {
      await(a.tick());
      await(b.tick());
    }
    // a restart: a fresh verticle, with nothing in memory
    await(db.vertx().undeploy(deployments.remove(0)));
    DailyReportVerticle restarted = node(db.vertx(), db.pool(), Duration.ofHours(1));
    await(restarted.tick());
    clock.set(at(today, "23:59"));
    await(restarted.tick());
    await(b.tick());

    assertThat(reports()).hasSize(2);
    assertThat(reports())
        .extracting(Push::userId)
        .containsExactlyInAnyOrder(org.manager1, org.manager2);
    assertThat(reports())
        .extracting(p -> p.notification().dedupeKey())
        .containsExactlyInAnyOrder(
            DailyReportVerticle.dedupeKey(org.manager1, today),
            DailyReportVerticle.dedupeKey(org.manager2, today));
    Notification zhang =
        reports().stream()
            .filter(p -> p.userId() == org.manager1)
            .findFirst()
            .orElseThrow()
            .notification();
    assertThat(zhang.title())
        .isEqualTo("销售日报 " + today.getMonthValue() + "月" + today.getDayOfMonth() + "日");
    assertThat(zhang.markdown()).contains("李雷：跟进 2", "电话 1", "拜访 1", "今天无动作", "韩梅梅");
    assertThat(zhang.markdown()).doesNotContain("赵六");
    assertThat(zhang.fields())
        .contains(new Notification.Field("跟进", "2"), new Notification.Field("新增客户", "1"));
    assertThat(
            count(
                "SELECT count(*) FROM scheduled_run WHERE tenant_id = $1 AND kind = 'daily_report'"
                    + " AND status = 'done' AND run_date = $2",
                org.tenantA.id(),
                today))
        .isEqualTo(2);
  }

  @Test
  @DisplayName(
      "a node down at report time catches up on start, and days owed before the tenant existed are not sent")
  void lateStartCatchesUp() {
    // the tenant exists since today: nothing owed for yesterday
    clock.set(at(today, "10:00"));
    DailyReportVerticle a = node(db.vertx(), db.pool(), Duration.ofHours(1));
    await(a.tick());
    assertThat(reports()).isEmpty();
    await(db.vertx().undeploy(deployments.remove(0)));

    // down over today's 18:30; back tomorrow morning
    clock.set(at(today.plusDays(1), "08:00"));
    DailyReportVerticle back = node(db.vertx(), db.pool(), Duration.ofHours(1));
    await(back.tick());
    eventually(() -> reports().size(), n -> n >= 2);
    assertThat(reports())
        .extracting(p -> p.notification().dedupeKey())
        .containsExactlyInAnyOrder(
            DailyReportVerticle.dedupeKey(org.manager1, today),
            DailyReportVerticle.dedupeKey(org.manager2, today));

    clock.set(at(today.plusDays(1), "18:30"));
    await(back.tick());
    assertThat(reports()).hasSize(4);
  }

  @Test
  @DisplayName("a report claimed by a node that died is sent by another after the lease, once")
  void deadNodesClaimIsTakenOver() {
    clock.set(at(today, "18:31"));
    await(
        db.pool()
            .preparedQuery(
                "INSERT INTO scheduled_run (tenant_id, kind, subject_id, run_date, claimed_at)"
                    + " VALUES ($1, 'daily_report', $2, $3, $4)")
            .execute(
                Tuple.of(
                    org.tenantA.id(),
                    org.manager1,
                    today,
                    clock.instant().atOffset(java.time.ZoneOffset.UTC))));
    DailyReportVerticle a = node(db.vertx(), db.pool(), Duration.ofHours(1));
    await(a.tick());
    assertThat(reports()).extracting(Push::userId).containsExactly(org.manager2);

    clock.advance(Duration.ofMinutes(11));
    await(a.tick());
    await(a.tick());
    assertThat(reports())
        .extracting(Push::userId)
        .containsExactlyInAnyOrder(org.manager2, org.manager1);
  }

  @Test
  @DisplayName(
      "a tenant's own report time (tenant.settings.schedule.dailyReportAt) wins over the default")
  void tenantReportTime() {
    await(
        db.pool()
            .preparedQuery("UPDATE tenant SET settings = $2 WHERE tenant_id = $1")
            .execute(
                Tuple.of(
                    org.tenantA.id(),
                    new JsonObject()
                        .put("schedule", new JsonObject().put("dailyReportAt", "17:00")))));
    clock.set(at(today, "16:59"));
    DailyReportVerticle a = node(db.vertx(), db.pool(), Duration.ofHours(1));
    await(a.tick());
    assertThat(reports()).isEmpty();
    clock.set(at(today, "17:00"));
    await(a.tick());
    assertThat(reports()).hasSize(2);
  }

  @Test
  @DisplayName(
      "the 周报 time an admin sets on the settings page (schedule.weeklyReportAt) wins over the default 09:00")
  void tenantWeeklyTime() {
    LocalDate lastMonday =
        today.with(java.time.temporal.TemporalAdjusters.next(java.time.DayOfWeek.MONDAY));
    LocalDate monday = lastMonday.plusWeeks(1);
    clock.set(at(lastMonday.plusDays(2), "10:00"));
    Customer c =
        await(new CustomerService(db.pool()).create(org.a(org.rep2), NewCustomer.named("周报时间客户")));
    await(
        new FollowUpService(db.pool(), clock)
            .log(org.a(org.rep2), NewFollowUp.on(c.id(), "call", "电话沟通").at(clock.instant())));
    var admins = new com.chatcrm.engine.settings.AdminRoles(db.pool());
    await(
        new com.chatcrm.engine.settings.ReportTimes(db.pool(), admins)
            .update(
                org.a(org.admin),
                java.util.Map.of(com.chatcrm.engine.settings.ReportTimes.WEEKLY, "07:30")));

    clock.set(at(monday, "07:29"));
    DailyReportVerticle a = node(db.vertx(), db.pool(), Duration.ofHours(1));
    await(a.tick());
    assertThat(weekly()).isEmpty();
    clock.set(at(monday, "07:30"));
    await(a.tick());
    assertThat(weekly())
        .extracting(p -> p.notification().dedupeKey())
        .contains(DailyReportVerticle.weeklyKey(org.manager2, lastMonday));
  }

  @Test
  @DisplayName(
      "on Monday at 09:00 each manager gets one summary of the week before, none before the hour")
  void weeklySummary() {
    LocalDate lastMonday =
        today.with(java.time.temporal.TemporalAdjusters.next(java.time.DayOfWeek.MONDAY));
    LocalDate monday = lastMonday.plusWeeks(1);
    clock.set(at(lastMonday.plusDays(2), "10:00"));
    Customer c =
        await(new CustomerService(db.pool()).create(org.a(org.rep2), NewCustomer.named("周报客户")));
    await(
        new FollowUpService(db.pool(), clock)
            .log(org.a(org.rep2), NewFollowUp.on(c.id(), "wechat", "微信沟通").at(clock.instant())));

    clock.set(at(monday, "08:59"));
    DailyReportVerticle a = node(db.vertx(), db.pool(), Duration.ofHours(1));
    DailyReportVerticle b = otherNode(Duration.ofHours(1));
    await(a.tick());
    await(b.tick());
    assertThat(weekly()).isEmpty();
    clock.set(at(monday, "09:00"));
    await(io.vertx.core.Future.all(a.tick(), b.tick()));
    clock.set(at(monday.plusDays(1), "09:00"));
    await(io.vertx.core.Future.all(a.tick(), b.tick()));

    assertThat(weekly())
        .extracting(p -> p.notification().dedupeKey())
        .containsExactlyInAnyOrder(
            DailyReportVerticle.weeklyKey(org.manager1, lastMonday),
            DailyReportVerticle.weeklyKey(org.manager2, lastMonday));
    Notification zhang =
        weekly().stream()
            .filter(p -> p.userId() == org.manager1)
            .findFirst()
            .orElseThrow()
            .notification();
    assertThat(zhang.title())
        .startsWith("销售周报 " + lastMonday.getMonthValue() + "月" + lastMonday.getDayOfMonth() + "日");
    assertThat(zhang.markdown()).contains("韩梅梅：跟进 1（微信 1）", "本周无动作");
  }

  List<Push> weekly() {
    return reports().stream()
        .filter(p -> p.notification().dedupeKey().startsWith("weekly-report:"))
        .toList();
  }

  long count(String sql, Object... args) {
    return await(db.pool().preparedQuery(sql).execute(Tuple.from(args)))
        .iterator()
        .next()
        .getLong(0);
  }
}
