package com.chatcrm.engine.schedule;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.followup.FollowUpService;
import com.chatcrm.engine.followup.NewFollowUp;
import com.chatcrm.engine.port.Notification;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FullDailyReportTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static OrgFixture org;
  static FullDailyReport content;
  static LocalDate today;

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    // pinned to 20:00 in Shanghai on a fixed day: the test never straddles a midnight
    Instant evening = Instant.parse("2026-11-20T12:00:00Z");
    Clock clock = Clock.fixed(evening, ZoneId.of("UTC"));
    content = new FullDailyReport(db.pool(), clock, "https://crm.example.com/m/#/report");
    today = LocalDate.of(2026, 11, 20);
    var customers = new CustomerService(db.pool());
    var followUps = new FollowUpService(db.pool(), clock);
    long c = await(customers.create(org.a(org.rep1), NewCustomer.named("日报测试科技"))).id();
    await(
        followUps.log(
            org.a(org.rep1), NewFollowUp.on(c, "call", "电话沟通了报价").at(evening.minusSeconds(3600))));
    await(
        followUps.log(
            org.a(org.rep1), NewFollowUp.on(c, "visit", "上门拜访").at(evening.minusSeconds(7200))));
  }

  @Test
  @DisplayName("a manager's 日报 names who did what, who did nothing, and opens the report page")
  void managersReport() {
    Notification n = await(content.render(org.tenantA.id(), org.manager1, today)).orElseThrow();
    assertThat(n.title()).startsWith("销售日报 ");
    assertThat(n.markdown())
        .contains("今天团队跟进 2 次", "李雷：跟进 2（电话 1 拜访 1）", "今天没有动静：")
        .contains("韩梅梅");
    assertThat(n.fields())
        .extracting(Notification.Field::label)
        .contains("跟进", "逾期提醒", "在跟商机", "较上周");
    assertThat(n.buttons())
        .singleElement()
        .satisfies(b -> assertThat(b.key()).isEqualTo("open:https://crm.example.com/m/#/report"));
    assertThat(n.imageUrl()).isNull();
  }

  @Test
  @DisplayName(
      "the 日报 lists the team's targets of the month with the month's figures, as SQL counts them")
  void targetsOfTheMonth() {
    var targets = new com.chatcrm.engine.salestarget.TargetService(db.pool());
    var november =
        com.chatcrm.engine.salestarget.TargetPeriod.of(
            com.chatcrm.engine.salestarget.TargetPeriod.Kind.MONTH, today);
    await(
        targets.set(
            org.a(org.manager1),
            org.rep1,
            november,
            com.chatcrm.engine.salestarget.TargetMetric.FOLLOW_UPS,
            java.math.BigDecimal.TEN,
            today));
    long counted =
        await(
            db.pool()
                .preparedQuery(
                    "SELECT count(*) FROM follow_up WHERE author_id = $1 AND deleted_at IS NULL"
                        + " AND happened_at >= ('2026-11-01'::timestamp AT TIME ZONE 'Asia/Shanghai')"
                        + " AND happened_at < ('2026-12-01'::timestamp AT TIME ZONE 'Asia/Shanghai')")
                .execute(io.vertx.sqlclient.Tuple.of(org.rep1))
                .map(rows -> rows.iterator().next().getLong(0)));
    Notification n = await(content.render(org.tenantA.id(), org.manager1, today)).orElseThrow();
    assertThat(n.markdown())
        .contains("目标 · 2026年11月")
        .contains("- 李雷 跟进 " + counted + " / 10（" + counted * 10 + "%）");
    // the 周报 of the week holding that day shows the same target under the week's figures
    java.time.LocalDate monday = today.with(java.time.DayOfWeek.MONDAY);
    Notification week =
        await(content.renderWeek(org.tenantA.id(), org.manager1, monday)).orElseThrow();
    assertThat(week.markdown()).contains("目标 · 2026年11月", "- 李雷 跟进 " + counted + " / 10");
  }

  @Test
  @DisplayName(
      "with a chart service the 日报 carries the manager's chart of that day as its image, not in its text")
  void reportWithChart() {
    FullDailyReport withChart =
        new FullDailyReport(
            db.pool(),
            Clock.fixed(Instant.parse("2026-11-20T12:00:00Z"), ZoneId.of("UTC")),
            "https://crm.example.com/m/#/report",
            (tenantId, managerId, day) ->
                "https://crm.example.com/charts/daily/"
                    + tenantId
                    + "/"
                    + managerId
                    + "/"
                    + day
                    + ".png?sig=x");
    Notification n = await(withChart.render(org.tenantA.id(), org.manager1, today)).orElseThrow();
    assertThat(n.imageUrl())
        .isEqualTo(
            "https://crm.example.com/charts/daily/"
                + org.tenantA.id()
                + "/"
                + org.manager1
                + "/2026-11-20.png?sig=x");
    assertThat(n.markdown()).doesNotContain("charts/daily");
    assertThat(n.buttons()).hasSize(1);
  }

  @Test
  void someoneWhoManagesNobodyGetsNoReport() {
    Optional<Notification> none = await(content.render(org.tenantA.id(), org.rep1, today));
    assertThat(none).isEmpty();
  }

  @Test
  void amountsReadTheWayChineseSalesTeamsSayThem() {
    assertThat(com.chatcrm.engine.report.Yuan.format(new java.math.BigDecimal("1234567.80")))
        .isEqualTo("123.5万");
    assertThat(com.chatcrm.engine.report.Yuan.format(new java.math.BigDecimal("8800")))
        .isEqualTo("8800 元");
  }
}
