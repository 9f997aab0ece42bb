package com.chatcrm.engine.report;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.Opportunity;
import com.chatcrm.engine.opportunity.OpportunityChanges;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.opportunity.Stage;
import com.chatcrm.engine.opportunity.StageService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The funnel on a small hand-built history in 华信科技 (Asia/Shanghai), today being 2025-03-20 12:00.
 * Each step runs through the real services and is then moved back to the day it "happened".
 *
 * <pre>
 *      owner    created            then
 * O1   李雷     02-10 初步接触 100000     03-05 → 方案报价
 * O2   李雷     01-15 需求确认 50000.50   03-10 amount → 80000, probability 30 → 40
 * O3   韩梅梅   02-20 谈判签约 200000     03-12 won
 * O4   韩梅梅   03-15 初步接触 30000 @20%
 * O5   赵六     01-05 需求确认 70000      02-14 won
 * O6   李雷     01-20 初步接触 40000      02-25 lost
 * O7   赵六     02-01 方案报价 60000      03-18 lost
 * O8   张经理   02-05 需求确认 10000      03-02 deleted
 * O9   李雷     02-03 初步接触 25000      03-08 transferred to 赵六
 * O10  李雷     02-01 需求确认 15000      02-20 won, 03-06 reopened → 谈判签约
 * </pre>
 *
 * The expected figures below were worked out by hand from this table.
 */
class PipelineSummaryServiceTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final PipelinePeriod MARCH = PipelinePeriod.month(YearMonth.of(2025, 3));

  static OrgFixture org;
  static PipelineSummaryService pipeline;

  @BeforeAll
  static void buildHistory() {
    org = OrgFixture.create(db.pool());
    Clock today =
        Clock.fixed(LocalDateTime.parse("2025-03-20T12:00").atZone(SHANGHAI).toInstant(), SHANGHAI);
    pipeline = new PipelineSummaryService(db.pool(), today);
    OpportunityService opportunities = new OpportunityService(db.pool());
    CustomerService customers = new CustomerService(db.pool());
    List<Stage> stages = await(new StageService(db.pool()).list(org.a(org.admin)));
    long s1 = stages.get(0).id();
    long s2 = stages.get(1).id();
    long s3 = stages.get(2).id();
    long s4 = stages.get(3).id();
    long c1 = await(customers.create(org.a(org.rep1), NewCustomer.named("东方电气"))).id();
    long c2 = await(customers.create(org.a(org.rep2), NewCustomer.named("南方航空"))).id();
    long c3 = await(customers.create(org.a(org.rep3), NewCustomer.named("西部矿业"))).id();
    long cm = await(customers.create(org.a(org.manager1), NewCustomer.named("北方华创"))).id();

    Opportunity o5 =
        on(
            "2025-01-05T10:00",
            () ->
                create(
                    opportunities,
                    org.rep3,
                    NewOpportunity.of(c3, "O5", amount("70000")).withStage(s2)));
    Opportunity o2 =
        on(
            "2025-01-15T10:00",
            () ->
                create(
                    opportunities,
                    org.rep1,
                    NewOpportunity.of(c1, "O2", amount("50000.50")).withStage(s2)));
    Opportunity o6 =
        on(
            "2025-01-20T10:00",
            () -> create(opportunities, org.rep1, NewOpportunity.of(c1, "O6", amount("40000"))));
    Opportunity o7 =
        on(
            "2025-02-01T10:00",
            () ->
                create(
                    opportunities,
                    org.rep3,
                    NewOpportunity.of(c3, "O7", amount("60000")).withStage(s3)));
    Opportunity o10 =
        on(
            "2025-02-01T11:00",
            () ->
                create(
                    opportunities,
                    org.rep1,
                    NewOpportunity.of(c1, "O10", amount("15000")).withStage(s2)));
    Opportunity o9 =
        on(
            "2025-02-03T10:00",
            () -> create(opportunities, org.rep1, NewOpportunity.of(c1, "O9", amount("25000"))));
    Opportunity o8 =
        on(
            "2025-02-05T10:00",
            () ->
                create(
                    opportunities,
                    org.manager1,
                    NewOpportunity.of(cm, "O8", amount("10000")).withStage(s2)));
    Opportunity o1 =
        on(
            "2025-02-10T10:00",
            () -> create(opportunities, org.rep1, NewOpportunity.of(c1, "O1", amount("100000"))));
    on("2025-02-14T10:00", () -> opportunities.win(org.a(org.rep3), o5.id(), o5.version()));
    Opportunity o3 =
        on(
            "2025-02-20T10:00",
            () ->
                create(
                    opportunities,
                    org.rep2,
                    NewOpportunity.of(c2, "O3", amount("200000")).withStage(s4)));
    Opportunity o10won =
        on("2025-02-20T11:00", () -> opportunities.win(org.a(org.rep1), o10.id(), o10.version()));
    on(
        "2025-02-25T10:00",
        () -> opportunities.lose(org.a(org.rep1), o6.id(), o6.version(), "预算取消"));
    on("2025-03-02T10:00", () -> opportunities.delete(org.a(org.manager1), o8.id()));
    on(
        "2025-03-05T10:00",
        () -> opportunities.moveStage(org.a(org.rep1), o1.id(), o1.version(), s3));
    on(
        "2025-03-06T10:00",
        () -> opportunities.moveStage(org.a(org.rep1), o10.id(), o10won.version(), s4));
    on("2025-03-08T10:00", () -> opportunities.transfer(org.a(org.manager1), o9.id(), org.rep3));
    on(
        "2025-03-10T10:00",
        () ->
            opportunities.update(
                org.a(org.rep1),
                o2.id(),
                o2.version(),
                OpportunityChanges.none().amount(amount("80000")).probability(40)));
    on("2025-03-12T10:00", () -> opportunities.win(org.a(org.rep2), o3.id(), o3.version()));
    on(
        "2025-03-15T10:00",
        () ->
            create(
                opportunities,
                org.rep2,
                NewOpportunity.of(c2, "O4", amount("30000")).withProbability(20)));
    on(
        "2025-03-18T10:00",
        () -> opportunities.lose(org.a(org.rep3), o7.id(), o7.version(), "选了竞品"));
  }

  @Test
  @DisplayName(
      "a rep's own funnel this month against February: stages now and at the start of March, won and lost")
  void repOwnFunnel() {
    PipelineSummary s = await(pipeline.summary(org.a(org.rep1), PipelineScope.ME, MARCH));
    assertThat(s.period()).isEqualTo(MARCH);
    assertThat(s.previousPeriod()).isEqualTo(PipelinePeriod.month(YearMonth.of(2025, 2)));
    assertThat(s.zone()).isEqualTo(SHANGHAI);
    assertThat(s.asOf()).isEqualTo(OffsetDateTime.parse("2025-03-20T12:00+08:00"));
    assertThat(s.previousAsOf()).isEqualTo(OffsetDateTime.parse("2025-03-01T00:00+08:00"));

    assertThat(lines(s, PipelineComparison::current))
        .containsExactly(
            "初步接触 0 0.00 0.00",
            "需求确认 1 80000.00 32000.00",
            "方案报价 1 100000.00 60000.00",
            "谈判签约 1 15000.00 12000.00");
    assertThat(lines(s, PipelineComparison::previous))
        .containsExactly(
            "初步接触 2 125000.00 12500.00",
            "需求确认 1 50000.50 15000.15",
            "方案报价 0 0.00 0.00",
            "谈判签约 0 0.00 0.00");
    assertThat(lines(s, PipelineComparison::change))
        .containsExactly(
            "初步接触 -2 -125000.00 -12500.00",
            "需求确认 0 29999.50 16999.85",
            "方案报价 1 100000.00 60000.00",
            "谈判签约 1 15000.00 12000.00");
    assertThat(all(s.open()))
        .containsExactly("3 195000.00 104000.00", "3 175000.50 27500.15", "0 19999.50 76499.85");
    assertThat(all(s.won())).containsExactly("0 0.00 0.00", "0 0.00 0.00", "0 0.00 0.00");
    assertThat(all(s.lost()))
        .containsExactly("0 0.00 0.00", "1 40000.00 0.00", "-1 -40000.00 0.00");

    PipelineSummary team = await(pipeline.summary(org.a(org.rep1), PipelineScope.TEAM, MARCH));
    assertThat(team.stages()).isEqualTo(s.stages());
    assertThat(team.won()).isEqualTo(s.won());
  }

  @Test
  @DisplayName("a manager's team funnel counts the department subtree: 李雷, 韩梅梅 and the manager")
  void managerTeamFunnel() {
    PipelineSummary s = await(pipeline.summary(org.a(org.manager1), PipelineScope.TEAM, MARCH));
    assertThat(lines(s, PipelineComparison::current))
        .containsExactly(
            "初步接触 1 30000.00 6000.00",
            "需求确认 1 80000.00 32000.00",
            "方案报价 1 100000.00 60000.00",
            "谈判签约 1 15000.00 12000.00");
    // the deleted O8 counts nowhere; O3 was still in 谈判签约 on March 1st
    assertThat(lines(s, PipelineComparison::previous))
        .containsExactly(
            "初步接触 2 125000.00 12500.00",
            "需求确认 1 50000.50 15000.15",
            "方案报价 0 0.00 0.00",
            "谈判签约 1 200000.00 160000.00");
    assertThat(all(s.open()))
        .containsExactly(
            "4 225000.00 110000.00", "4 375000.50 187500.15", "0 -150000.50 -77500.15");
    // O10 was won in February but reopened since, so February has no win left
    assertThat(all(s.won()))
        .containsExactly("1 200000.00 200000.00", "0 0.00 0.00", "1 200000.00 200000.00");
    assertThat(all(s.lost()))
        .containsExactly("0 0.00 0.00", "1 40000.00 0.00", "-1 -40000.00 0.00");

    PipelineSummary own = await(pipeline.summary(org.a(org.manager1), PipelineScope.ME, MARCH));
    assertThat(all(own.open())).containsExactly("0 0.00 0.00", "0 0.00 0.00", "0 0.00 0.00");
  }

  @Test
  @DisplayName("a transferred opportunity counts for whoever owned it at each point in time")
  void ownerAtTheTime() {
    PipelineSummary s = await(pipeline.summary(org.a(org.manager2), PipelineScope.TEAM, MARCH));
    assertThat(lines(s, PipelineComparison::current))
        .containsExactly(
            "初步接触 1 25000.00 2500.00", "需求确认 0 0.00 0.00", "方案报价 0 0.00 0.00", "谈判签约 0 0.00 0.00");
    assertThat(lines(s, PipelineComparison::previous))
        .containsExactly(
            "初步接触 0 0.00 0.00", "需求确认 0 0.00 0.00", "方案报价 1 60000.00 36000.00", "谈判签约 0 0.00 0.00");
    assertThat(all(s.won()))
        .containsExactly("0 0.00 0.00", "1 70000.00 70000.00", "-1 -70000.00 -70000.00");
    assertThat(all(s.lost())).containsExactly("1 60000.00 0.00", "0 0.00 0.00", "1 60000.00 0.00");
  }

  @Test
  @DisplayName("an admin sees the whole company; reps and managers may not")
  void tenantScope() {
    PipelineSummary s = await(pipeline.summary(org.a(org.admin), PipelineScope.TENANT, MARCH));
    assertThat(lines(s, PipelineComparison::current))
        .containsExactly(
            "初步接触 2 55000.00 8500.00",
            "需求确认 1 80000.00 32000.00",
            "方案报价 1 100000.00 60000.00",
            "谈判签约 1 15000.00 12000.00");
    assertThat(lines(s, PipelineComparison::previous))
        .containsExactly(
            "初步接触 2 125000.00 12500.00",
            "需求确认 1 50000.50 15000.15",
            "方案报价 1 60000.00 36000.00",
            "谈判签约 1 200000.00 160000.00");
    assertThat(lines(s, PipelineComparison::change))
        .containsExactly(
            "初步接触 0 -70000.00 -4000.00",
            "需求确认 0 29999.50 16999.85",
            "方案报价 0 40000.00 24000.00",
            "谈判签约 0 -185000.00 -148000.00");
    assertThat(all(s.open()))
        .containsExactly(
            "5 250000.00 112500.00", "5 435000.50 223500.15", "0 -185000.50 -111000.15");
    assertThat(all(s.won()))
        .containsExactly("1 200000.00 200000.00", "1 70000.00 70000.00", "0 130000.00 130000.00");
    assertThat(all(s.lost()))
        .containsExactly("1 60000.00 0.00", "1 40000.00 0.00", "0 20000.00 0.00");

    assertThatThrownBy(() -> await(pipeline.summary(org.a(org.rep1), PipelineScope.TENANT, MARCH)))
        .isInstanceOf(Forbidden.class);
    assertThatThrownBy(
            () -> await(pipeline.summary(org.a(org.manager1), PipelineScope.TENANT, MARCH)))
        .isInstanceOf(Forbidden.class);
  }

  @Test
  @DisplayName("a finished month is read as it stood at its end, against the month before")
  void finishedMonth() {
    PipelineSummary s =
        await(
            pipeline.summary(
                org.a(org.admin),
                PipelineScope.TENANT,
                PipelinePeriod.month(YearMonth.of(2025, 2))));
    assertThat(s.asOf()).isEqualTo(OffsetDateTime.parse("2025-03-01T00:00+08:00"));
    assertThat(s.previousAsOf()).isEqualTo(OffsetDateTime.parse("2025-02-01T00:00+08:00"));
    assertThat(lines(s, PipelineComparison::current))
        .containsExactly(
            "初步接触 2 125000.00 12500.00",
            "需求确认 1 50000.50 15000.15",
            "方案报价 1 60000.00 36000.00",
            "谈判签约 1 200000.00 160000.00");
    // on February 1st at midnight: O5 and O2 in 需求确认, O6 in 初步接触; O7 and O10 came later that day
    assertThat(lines(s, PipelineComparison::previous))
        .containsExactly(
            "初步接触 1 40000.00 4000.00",
            "需求确认 2 120000.50 36000.15",
            "方案报价 0 0.00 0.00",
            "谈判签约 0 0.00 0.00");
    assertThat(all(s.won()))
        .containsExactly("1 70000.00 70000.00", "0 0.00 0.00", "1 70000.00 70000.00");
    assertThat(all(s.lost())).containsExactly("1 40000.00 0.00", "0 0.00 0.00", "1 40000.00 0.00");
  }

  @Test
  @DisplayName("a week compares with the seven days before it")
  void week() {
    PipelinePeriod week = new PipelinePeriod(LocalDate.of(2025, 3, 10), LocalDate.of(2025, 3, 17));
    PipelineSummary s = await(pipeline.summary(org.a(org.admin), PipelineScope.TENANT, week));
    assertThat(s.previousPeriod())
        .isEqualTo(new PipelinePeriod(LocalDate.of(2025, 3, 3), LocalDate.of(2025, 3, 10)));
    assertThat(lines(s, PipelineComparison::current))
        .containsExactly(
            "初步接触 2 55000.00 8500.00",
            "需求确认 1 80000.00 32000.00",
            "方案报价 2 160000.00 96000.00",
            "谈判签约 1 15000.00 12000.00");
    assertThat(lines(s, PipelineComparison::previous))
        .containsExactly(
            "初步接触 1 25000.00 2500.00",
            "需求确认 1 50000.50 15000.15",
            "方案报价 2 160000.00 96000.00",
            "谈判签约 2 215000.00 172000.00");
    assertThat(all(s.open()))
        .containsExactly(
            "6 310000.00 148500.00", "6 450000.50 285500.15", "0 -140000.50 -137000.15");
    assertThat(all(s.won()))
        .containsExactly("1 200000.00 200000.00", "0 0.00 0.00", "1 200000.00 200000.00");
    assertThat(all(s.lost())).containsExactly("0 0.00 0.00", "0 0.00 0.00", "0 0.00 0.00");
  }

  @Test
  @DisplayName("another company's funnel is empty: nothing crosses tenants")
  void otherTenant() {
    PipelineSummary s = await(pipeline.summary(org.b(), PipelineScope.TEAM, MARCH));
    assertThat(lines(s, PipelineComparison::current))
        .containsExactly(
            "初步接触 0 0.00 0.00", "需求确认 0 0.00 0.00", "方案报价 0 0.00 0.00", "谈判签约 0 0.00 0.00");
    assertThat(all(s.won())).containsExactly("0 0.00 0.00", "0 0.00 0.00", "0 0.00 0.00");
  }

  // ------------------------------------------------------------------------------------------

  static List<String> lines(PipelineSummary s, Function<PipelineComparison, PipelineFigures> side) {
    return s.stages().stream().map(l -> l.name() + " " + text(side.apply(l.figures()))).toList();
  }

  /** current, previous, change. */
  static List<String> all(PipelineComparison c) {
    return List.of(text(c.current()), text(c.previous()), text(c.change()));
  }

  static String text(PipelineFigures f) {
    return f.count() + " " + f.amount().toPlainString() + " " + f.weightedAmount().toPlainString();
  }

  static BigDecimal amount(String yuan) {
    return new BigDecimal(yuan);
  }

  static Future<Opportunity> create(
      OpportunityService opportunities, long owner, NewOpportunity o) {
    return opportunities.create(org.a(owner), o);
  }

  /**
   * Runs one step and moves every timestamp it wrote (creation, close, stage move, audit) back to
   * {@code when}, Shanghai time, as if it had happened then.
   */
  static <T> T on(String when, Supplier<Future<T>> step) {
    OffsetDateTime mark =
        await(
            db.pool()
                .query("SELECT clock_timestamp()")
                .execute()
                .map(rows -> rows.iterator().next().getOffsetDateTime(0)));
    T result = await(step.get());
    OffsetDateTime at = LocalDateTime.parse(when).atZone(SHANGHAI).toOffsetDateTime();
    Tuple args = Tuple.of(org.tenantA.id(), at, mark);
    for (String sql :
        List.of(
            "UPDATE opportunity SET created_at = $2 WHERE tenant_id = $1 AND created_at >= $3",
            "UPDATE opportunity SET closed_at = $2 WHERE tenant_id = $1 AND closed_at >= $3",
            "UPDATE opportunity SET updated_at = $2 WHERE tenant_id = $1 AND updated_at >= $3",
            "UPDATE opportunity_stage_move SET moved_at = $2 WHERE tenant_id = $1 AND moved_at >= $3",
            "UPDATE audit_log SET at = $2 WHERE tenant_id = $1 AND at >= $3")) {
      await(db.pool().preparedQuery(sql).execute(args));
    }
    return result;
  }
}
