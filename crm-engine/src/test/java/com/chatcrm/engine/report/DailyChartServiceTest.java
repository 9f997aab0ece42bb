package com.chatcrm.engine.report;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.followup.FollowUpService;
import com.chatcrm.engine.followup.NewFollowUp;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.report.ActivitySummaryService.DayCount;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DailyChartServiceTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static OrgFixture org;
  static DailyChartService charts;
  static ActivitySummaryService activity;
  static LocalDate today;

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    charts = new DailyChartService(db.pool(), Clock.systemUTC());
    activity = new ActivitySummaryService(db.pool(), Clock.systemUTC());
    today = LocalDate.now(SHANGHAI);
    CustomerService customers = new CustomerService(db.pool());
    FollowUpService followUps = new FollowUpService(db.pool());
    long c1 = await(customers.create(org.a(org.rep1), NewCustomer.named("图表一号"))).id();
    long c2 = await(customers.create(org.a(org.rep2), NewCustomer.named("图表二号"))).id();
    long c3 = await(customers.create(org.a(org.rep3), NewCustomer.named("图表三号"))).id();
    // Shanghai midnights: the days are the tenant's, not UTC's
    await(followUps.log(org.a(org.rep1), NewFollowUp.on(c1, "call", "今天零点").at(start(today))));
    await(followUps.log(org.a(org.rep2), NewFollowUp.on(c2, "visit", "今天零点").at(start(today))));
    await(
        followUps.log(
            org.a(org.rep2),
            NewFollowUp.on(c2, "call", "四天前深夜").at(start(today.minusDays(3)).minusSeconds(1))));
    await(
        followUps.log(
            org.a(org.rep2), NewFollowUp.on(c2, "call", "三天前零点").at(start(today.minusDays(3)))));
    await(
        followUps.log(
            org.a(org.rep1), NewFollowUp.on(c1, "call", "第一天").at(start(today.minusDays(6)))));
    await(
        followUps.log(
            org.a(org.rep1),
            NewFollowUp.on(c1, "call", "太早").at(start(today.minusDays(6)).minusSeconds(1))));
    await(
        followUps.log(
            org.a(org.rep3), NewFollowUp.on(c3, "call", "别的部门").at(start(today.minusDays(1)))));
    await(
        new OpportunityService(db.pool())
            .create(org.a(org.rep1), NewOpportunity.of(c1, "年度框架", new BigDecimal("45000"))));
  }

  private static Instant start(LocalDate day) {
    return day.atStartOfDay(SHANGHAI).toInstant();
  }

  @Test
  @DisplayName(
      "follow-ups per day: seven Shanghai days ending with the day, the team only, every day present")
  void followUpsPerDayOfTheTeam() {
    var days = await(activity.followUpsPerDay(org.a(org.manager1), today, 7));
    assertThat(days)
        .extracting(DayCount::day)
        .containsExactly(
            today.minusDays(6),
            today.minusDays(5),
            today.minusDays(4),
            today.minusDays(3),
            today.minusDays(2),
            today.minusDays(1),
            today);
    assertThat(days).extracting(DayCount::followUps).containsExactly(1L, 0L, 1L, 1L, 0L, 0L, 2L);
  }

  @Test
  @DisplayName("an admin's days count the whole company; a day further back ends the window there")
  void wholeCompanyAndEarlierDays() {
    var days = await(activity.followUpsPerDay(org.a(org.admin), today.minusDays(1), 7));
    assertThat(days.get(6)).isEqualTo(new DayCount(today.minusDays(1), 1));
    assertThat(days.get(0).day()).isEqualTo(today.minusDays(7));
    assertThat(days.get(0).followUps())
        .isEqualTo(1); // 23:59:59 the evening before the 7-day window
  }

  @Test
  @DisplayName(
      "the chart carries the team's funnel and activity; someone who manages nobody gets none")
  void chartForManagersOnly() {
    var chart = await(charts.forManager(org.a(org.manager1), today));
    assertThat(chart.scope()).isEqualTo(PipelineScope.TEAM);
    assertThat(chart.days())
        .hasSize(7)
        .extracting(DayCount::followUps)
        .containsExactly(1L, 0L, 1L, 1L, 0L, 0L, 2L);
    assertThat(chart.stages()).isNotEmpty();
    assertThat(chart.stages().stream().mapToLong(s -> s.figures().current().count()).sum())
        .isEqualTo(1);
    assertThat(
            chart.stages().stream()
                .map(s -> s.figures().current().amount())
                .reduce(BigDecimal.ZERO, BigDecimal::add))
        .isEqualByComparingTo("45000");
    assertThat(await(charts.forManager(org.a(org.admin), today)).scope())
        .isEqualTo(PipelineScope.TENANT);
    assertThatThrownBy(() -> await(charts.forManager(org.a(org.rep1), today)))
        .isInstanceOf(Forbidden.class);
  }
}
