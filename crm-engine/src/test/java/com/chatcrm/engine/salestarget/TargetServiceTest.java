package com.chatcrm.engine.salestarget;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.contract.Contract;
import com.chatcrm.engine.contract.ContractService;
import com.chatcrm.engine.contract.NewContract;
import com.chatcrm.engine.contract.NewReceipt;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.followup.FollowUpService;
import com.chatcrm.engine.followup.NewFollowUp;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.Opportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.salestarget.TargetPeriod.Kind;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 业绩目标: who may set them, and progress that matches the figures counted by hand in SQL. */
class TargetServiceTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  static OrgFixture org;
  static TargetService targets;
  static LocalDate today;
  static TargetPeriod month;
  static TargetPeriod quarter;

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    targets = new TargetService(db.pool());
    today = LocalDate.now(SHANGHAI);
    month = TargetPeriod.of(Kind.MONTH, today);
    quarter = TargetPeriod.of(Kind.QUARTER, today);
    activity();
  }

  /**
   * 李雷 this month: 2 customers, 3 follow-ups, one 30万 deal won with 12万 received; one more
   * follow-up and a 5万 win moved to before the quarter, which count for nothing.
   */
  static void activity() {
    Actor rep = org.a(org.rep1);
    CustomerService customers = new CustomerService(db.pool());
    FollowUpService followUps = new FollowUpService(db.pool());
    OpportunityService opportunities = new OpportunityService(db.pool());
    Customer a = await(customers.create(rep, NewCustomer.named("目标客户甲")));
    Customer b = await(customers.create(rep, NewCustomer.named("目标客户乙")));
    for (String text : List.of("电话沟通", "上门拜访", "发了报价")) {
      // each its own chat message: one message logs one follow-up
      await(followUps.log(org.a(org.rep1), NewFollowUp.on(a.id(), "call", text)));
    }
    long old = await(followUps.log(org.a(org.rep1), NewFollowUp.on(b.id(), "call", "很久以前"))).id();
    sql(
        "UPDATE follow_up SET happened_at = $2 WHERE id = $1",
        old,
        quarter.start().minusDays(1).atStartOfDay(SHANGHAI).toOffsetDateTime());
    Opportunity won = win(opportunities, rep, a.id(), "30万单", "300000");
    Opportunity before = win(opportunities, rep, b.id(), "旧单", "50000");
    sql(
        "UPDATE opportunity SET closed_at = $2 WHERE id = $1",
        before.id(),
        quarter.start().minusDays(3).atStartOfDay(SHANGHAI).toOffsetDateTime());
    ContractService contracts = new ContractService(db.pool(), Clock.systemUTC());
    Contract k = await(contracts.create(rep, NewContract.from(won.id())));
    await(contracts.recordReceipt(rep, NewReceipt.of(k.id(), new BigDecimal("120000")), null));
  }

  static Opportunity win(
      OpportunityService opportunities, Actor rep, long customer, String name, String amount) {
    Opportunity o =
        await(opportunities.create(rep, NewOpportunity.of(customer, name, new BigDecimal(amount))));
    return await(opportunities.win(rep, o.id(), o.version()));
  }

  @Test
  @DisplayName(
      "a manager sets 李雷's month and quarter targets; his progress is what SQL counts by hand for the period")
  void progressMatchesHandCountedSql() {
    Actor manager = org.a(org.manager1);
    set(manager, org.rep1, month, TargetMetric.WON_AMOUNT, "500000");
    set(manager, org.rep1, month, TargetMetric.COLLECTIONS, "200000");
    set(manager, org.rep1, month, TargetMetric.NEW_CUSTOMERS, "5");
    set(manager, org.rep1, month, TargetMetric.FOLLOW_UPS, "10");
    TargetProgress q = set(manager, org.rep1, quarter, TargetMetric.WON_AMOUNT, "1000000");
    // set again: replaced, not doubled
    set(manager, org.rep1, month, TargetMetric.FOLLOW_UPS, "12");

    String from = "('" + month.start() + "'::date::timestamp AT TIME ZONE 'Asia/Shanghai')";
    String to = "('" + month.end() + "'::date::timestamp AT TIME ZONE 'Asia/Shanghai')";
    BigDecimal won =
        number(
            "SELECT coalesce(sum(amount), 0) FROM opportunity WHERE owner_id = $1 AND status = 'won'"
                + " AND closed_at >= "
                + from
                + " AND closed_at < "
                + to);
    BigDecimal received =
        number(
            "SELECT coalesce(sum(r.amount), 0) FROM contract_receipt r JOIN contract k ON k.id = r.contract_id"
                + " WHERE k.owner_id = $1 AND r.received_on >= '"
                + month.start()
                + "' AND r.received_on < '"
                + month.end()
                + "'");
    BigDecimal created =
        number(
            "SELECT count(*) FROM customer WHERE created_by = $1 AND created_at >= "
                + from
                + " AND created_at < "
                + to);
    BigDecimal logged =
        number(
            "SELECT count(*) FROM follow_up WHERE author_id = $1 AND happened_at >= "
                + from
                + " AND happened_at < "
                + to);
    assertThat(won).isEqualByComparingTo("300000");
    assertThat(received).isEqualByComparingTo("120000");
    assertThat(created).isEqualByComparingTo("2");
    assertThat(logged).isEqualByComparingTo("3");

    List<TargetProgress> mine = await(targets.progress(org.a(org.rep1), false, today));
    assertThat(mine)
        .filteredOn(p -> p.period().equals(month))
        .extracting(
            p ->
                p.metric()
                    + " "
                    + p.actual().stripTrailingZeros().toPlainString()
                    + "/"
                    + p.target().stripTrailingZeros().toPlainString()
                    + " "
                    + p.percent()
                    + "%")
        .containsExactlyInAnyOrder(
            "WON_AMOUNT " + won.stripTrailingZeros().toPlainString() + "/500000 60%",
            "COLLECTIONS " + received.stripTrailingZeros().toPlainString() + "/200000 60%",
            "NEW_CUSTOMERS 2/5 40%",
            "FOLLOW_UPS 3/12 25%");
    assertThat(q.actual())
        .as("the win before the quarter is not counted")
        .isEqualByComparingTo(won);
    assertThat(q.percent()).isEqualTo(30);
  }

  @Test
  @DisplayName(
      "a rep may set none; a manager only for those they manage; the team view shows whom the viewer may see")
  void whoMaySetAndSee() {
    assertThatThrownBy(() -> set(org.a(org.rep1), org.rep1, month, TargetMetric.FOLLOW_UPS, "20"))
        .isInstanceOf(Forbidden.class)
        .hasMessageContaining("只有经理或管理员");
    assertThatThrownBy(
            () -> set(org.a(org.manager1), org.rep3, month, TargetMetric.FOLLOW_UPS, "20"))
        .isInstanceOf(Forbidden.class);
    assertThatThrownBy(
            () -> set(org.a(org.manager1), org.rep2, month, TargetMetric.NEW_CUSTOMERS, "2.5"))
        .isInstanceOf(InvalidInput.class);
    set(org.a(org.admin), org.rep3, month, TargetMetric.FOLLOW_UPS, "20");
    set(org.a(org.manager1), org.rep2, month, TargetMetric.FOLLOW_UPS, "15");

    assertThat(await(targets.progress(org.a(org.manager1), true, today)))
        .extracting(TargetProgress::userId)
        .contains(org.rep2)
        .doesNotContain(org.rep3);
    assertThat(await(targets.progress(org.a(org.admin), true, today)))
        .extracting(TargetProgress::userId)
        .contains(org.rep2, org.rep3);
    assertThat(await(targets.progress(org.a(org.rep2), true, today)))
        .extracting(TargetProgress::userId)
        .containsOnly(org.rep2);
  }

  @Test
  @DisplayName(
      "a team target of 销售一部 counts everyone in it and in 华东组 below it, as SQL counts by hand; only its managers and admins set one")
  void teamTarget() {
    long sales1 =
        number("SELECT id + 0 * $1::bigint FROM department WHERE platform_dept_id = 'sales1'")
            .longValue();
    long sales2 =
        number("SELECT id + 0 * $1::bigint FROM department WHERE platform_dept_id = 'sales2'")
            .longValue();
    Customer c =
        await(new CustomerService(db.pool()).create(org.a(org.rep2), NewCustomer.named("华东客户")));
    await(
        new FollowUpService(db.pool()).log(org.a(org.rep2), NewFollowUp.on(c.id(), "visit", "上门")));

    TargetProgress team =
        await(
            targets.setForDepartment(
                org.a(org.manager1),
                sales1,
                month,
                TargetMetric.FOLLOW_UPS,
                new BigDecimal("40"),
                today));
    String from = "('" + month.start() + "'::date::timestamp AT TIME ZONE 'Asia/Shanghai')";
    String to = "('" + month.end() + "'::date::timestamp AT TIME ZONE 'Asia/Shanghai')";
    BigDecimal byHand =
        number(
            "WITH RECURSIVE sub AS (SELECT id FROM department WHERE platform_dept_id = 'sales1'"
                + " UNION SELECT d.id FROM department d JOIN sub ON d.parent_id = sub.id)"
                + " SELECT count(*) FROM follow_up f WHERE f.deleted_at IS NULL AND $1::bigint > 0"
                + " AND f.author_id IN (SELECT user_id FROM user_department WHERE department_id IN (SELECT id FROM sub))"
                + " AND f.happened_at >= "
                + from
                + " AND f.happened_at < "
                + to);
    assertThat(byHand).isGreaterThanOrEqualTo(new BigDecimal("1"));
    assertThat(team.team()).isTrue();
    assertThat(team.userName()).isEqualTo("销售一部");
    assertThat(team.actual()).isEqualByComparingTo(byHand);

    assertThatThrownBy(
            () ->
                await(
                    targets.setForDepartment(
                        org.a(org.manager2),
                        sales1,
                        month,
                        TargetMetric.FOLLOW_UPS,
                        BigDecimal.TEN,
                        today)))
        .isInstanceOf(Forbidden.class)
        .hasMessageContaining("你管理的部门");
    assertThatThrownBy(
            () ->
                await(
                    targets.setForDepartment(
                        org.a(org.rep1),
                        sales1,
                        month,
                        TargetMetric.FOLLOW_UPS,
                        BigDecimal.TEN,
                        today)))
        .isInstanceOf(Forbidden.class);
    await(
        targets.setForDepartment(
            org.a(org.admin),
            sales2,
            month,
            TargetMetric.WON_AMOUNT,
            new BigDecimal("100000"),
            today));

    assertThat(await(targets.progress(org.a(org.manager1), true, today)))
        .filteredOn(TargetProgress::team)
        .extracting(TargetProgress::userName)
        .containsExactly("销售一部");
    assertThat(await(targets.progress(org.a(org.admin), true, today)))
        .filteredOn(TargetProgress::team)
        .extracting(TargetProgress::userName)
        .containsExactlyInAnyOrder("销售一部", "销售二部");
    assertThat(await(targets.progress(org.a(org.rep1), false, today)))
        .noneMatch(TargetProgress::team);
    assertThat(TargetLines.of(await(targets.progress(org.a(org.manager1), true, today)), true))
        .contains("销售一部（团队） 跟进 " + byHand.toPlainString() + " / 40");
  }

  static TargetProgress set(
      Actor actor, long user, TargetPeriod period, TargetMetric metric, String value) {
    return await(targets.set(actor, user, period, metric, new BigDecimal(value), today));
  }

  static BigDecimal number(String sql) {
    return await(
        db.pool()
            .preparedQuery(sql)
            .execute(Tuple.of(org.rep1))
            .map(rows -> new BigDecimal(rows.iterator().next().getValue(0).toString())));
  }

  static void sql(String sql, Object... args) {
    await(db.pool().preparedQuery(sql).execute(Tuple.from(args)));
  }
}
