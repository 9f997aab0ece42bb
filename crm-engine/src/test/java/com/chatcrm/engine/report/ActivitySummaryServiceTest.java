package com.chatcrm.engine.report;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.followup.FollowUpService;
import com.chatcrm.engine.followup.NewFollowUp;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.Opportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ActivitySummaryServiceTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static OrgFixture org;
  static ActivitySummaryService activity;

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    activity = new ActivitySummaryService(db.pool(), Clock.systemUTC());
    CustomerService customers = new CustomerService(db.pool());
    FollowUpService followUps = new FollowUpService(db.pool());
    long c1 = await(customers.create(org.a(org.rep1), NewCustomer.named("活动一号"))).id();
    long c3 = await(customers.create(org.a(org.rep3), NewCustomer.named("活动三号"))).id();
    Instant now = Instant.now();
    await(
        followUps.log(org.a(org.rep1), NewFollowUp.on(c1, "call", "今天").at(now.minusSeconds(60))));
    await(
        followUps.log(
            org.a(org.rep1), NewFollowUp.on(c1, "call", "三天前").at(now.minus(3, ChronoUnit.DAYS))));
    await(
        followUps.log(
            org.a(org.rep1), NewFollowUp.on(c1, "call", "太早").at(now.minus(40, ChronoUnit.DAYS))));
    await(
        followUps.log(
            org.a(org.rep3), NewFollowUp.on(c3, "visit", "别的部门").at(now.minusSeconds(60))));
    OpportunityService opportunities = new OpportunityService(db.pool());
    Opportunity o =
        await(
            opportunities.create(
                org.a(org.rep1), NewOpportunity.of(c1, "单子", new BigDecimal("900"))));
    await(opportunities.win(org.a(org.rep1), o.id(), o.version()));
  }

  @Test
  @DisplayName(
      "every day of the period is there, oldest first, counting the visible follow-ups of that day")
  void perDay() {
    var summary = await(activity.lastDays(org.a(org.rep1), 30));
    LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    assertThat(summary.days()).hasSize(30);
    assertThat(summary.to()).isEqualTo(summary.days().get(29).day());
    assertThat(summary.from()).isEqualTo(summary.to().minusDays(29));
    assertThat(summary.days().stream().mapToLong(ActivitySummaryService.DayCount::followUps).sum())
        .isEqualTo(2);
    assertThat(summary.to()).isBetween(today.minusDays(1), today);
  }

  @Test
  @DisplayName("a rep ranks alone; a manager sees the team ranked by won amount; others stay out")
  void ranking() {
    assertThat(await(activity.lastDays(org.a(org.rep1), 30)).ranking())
        .extracting(ActivitySummaryService.RepLine::name)
        .containsExactly("李雷");
    var team = await(activity.lastDays(org.a(org.manager1), 30)).ranking();
    assertThat(team.get(0).name()).isEqualTo("李雷");
    assertThat(team.get(0).wonAmount()).isEqualByComparingTo("900");
    assertThat(team.get(0).followUps()).isEqualTo(2);
    assertThat(team).extracting(ActivitySummaryService.RepLine::name).doesNotContain("赵六");
    assertThat(await(activity.lastDays(org.a(org.admin), 30)).ranking())
        .extracting(ActivitySummaryService.RepLine::name)
        .contains("李雷", "赵六");
  }

  @Test
  @DisplayName("the period is 1 to 90 days")
  void bounds() {
    assertThatThrownBy(() -> await(activity.lastDays(org.a(org.rep1), 0)))
        .isInstanceOf(InvalidInput.class);
    assertThatThrownBy(() -> await(activity.lastDays(org.a(org.rep1), 91)))
        .isInstanceOf(InvalidInput.class);
  }
}
