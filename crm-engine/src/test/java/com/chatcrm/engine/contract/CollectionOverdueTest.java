package com.chatcrm.engine.contract;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.Opportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.MutableClock;
import com.chatcrm.engine.testing.OrgFixture;
import com.chatcrm.engine.testing.RecordingNotifier;
import com.chatcrm.engine.testing.RecordingNotifier.Push;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CollectionOverdueTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final CollectionOverdueVerticle.Settings MANUAL =
      new CollectionOverdueVerticle.Settings(
          Duration.ofHours(1), LocalTime.of(9, 0), 7, Duration.ofMinutes(1));

  String deployment;

  @AfterEach
  void stop() {
    if (deployment != null) {
      await(db.vertx().undeploy(deployment));
    }
  }

  static Instant at(LocalDate day, String time) {
    return day.atTime(LocalTime.parse(time)).atZone(SHANGHAI).toInstant();
  }

  @Test
  @DisplayName(
      "an unpaid instalment past its due day is told to its owner once from 09:00, to the owner's manager once after 7 days, and no more once paid")
  void ownerThenManager() {
    OrgFixture org = OrgFixture.create(db.pool());
    LocalDate today = LocalDate.now(SHANGHAI);
    MutableClock clock = new MutableClock(Instant.now());
    ContractService contracts = new ContractService(db.pool(), clock);
    Contract k =
        contract(
            org,
            clock,
            "拖款公司",
            new PlannedInstalment(today.minusDays(1), new BigDecimal("100000")),
            new PlannedInstalment(today.plusDays(20), new BigDecimal("200000")));

    RecordingNotifier notifier = new RecordingNotifier();
    CollectionOverdueVerticle pass =
        new CollectionOverdueVerticle(db.pool(), notifier, clock, MANUAL);
    deployment = await(db.vertx().deployVerticle(pass));

    clock.set(at(today, "08:59"));
    await(pass.tick());
    assertThat(pushes(notifier, org)).isEmpty();

    clock.set(at(today, "09:00"));
    await(pass.tick());
    clock.set(at(today, "15:00"));
    await(pass.tick());
    long first = k.instalments().get(0).id();
    assertThat(pushes(notifier, org))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.userId()).isEqualTo(org.rep1);
              assertThat(p.notification().title()).isEqualTo("回款逾期");
              assertThat(p.notification().markdown())
                  .contains("拖款公司 合同 " + k.number() + " 第1期 已逾期 1 天，还有 10万 未回款");
              assertThat(p.notification().dedupeKey())
                  .isEqualTo(CollectionOverdueVerticle.ownerKey(first));
            });

    clock.set(at(today.plusDays(5), "09:00"));
    await(pass.tick());
    assertThat(pushes(notifier, org)).as("not yet 7 days").hasSize(1);
    clock.set(at(today.plusDays(6), "09:00"));
    await(pass.tick());
    await(pass.tick());
    assertThat(pushes(notifier, org).subList(1, pushes(notifier, org).size()))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.userId()).isEqualTo(org.manager1);
              assertThat(p.notification().title()).isEqualTo("团队回款逾期");
              assertThat(p.notification().markdown()).contains("李雷 负责的 拖款公司").contains("已逾期 7 天");
            });

    await(
        contracts.recordReceipt(
            org.a(org.rep1), NewReceipt.of(k.id(), new BigDecimal("300000")), null));
    clock.set(at(today.plusDays(40), "09:00"));
    await(pass.tick());
    assertThat(pushes(notifier, org)).as("paid: nobody told again").hasSize(2);
  }

  @Test
  @DisplayName(
      "a pass reads, of a tenant's unpaid instalments, only those past due that still owe a notice: thousands told and escalated or not yet due are neither read nor pushed")
  void toldAndFutureInstalmentsAreNotRead() {
    OrgFixture org = OrgFixture.create(db.pool());
    LocalDate today = LocalDate.now(SHANGHAI);
    MutableClock clock = new MutableClock(at(today, "10:00"));
    Contract k =
        contract(
            org,
            clock,
            "久欠公司",
            new PlannedInstalment(today.minusDays(1), new BigDecimal("100000")));
    // told and escalated long ago, never paid; and not yet due
    seedInstalments(org.tenantA.id(), k.id(), 2, 2_000, today.minusDays(400), true);
    seedInstalments(org.tenantA.id(), k.id(), 2_002, 2_000, today.plusDays(1), false);
    await(db.pool().query("ANALYZE contract_instalment").execute());

    JsonObject scan = instalmentScan(org.tenantA.id(), today);
    // an index scan names its index; a bitmap heap scan's bitmap index scan does
    JsonObject index =
        scan.containsKey("Index Name") ? scan : scan.getJsonArray("Plans").getJsonObject(0);
    assertThat(index.getString("Index Name"))
        .as("plan: %s", scan.encodePrettily())
        .isEqualTo("contract_instalment_owing_idx");
    assertThat(
            scan.getLong("Actual Rows") * scan.getLong("Actual Loops")
                + scan.getLong("Rows Removed by Filter", 0L)
                + scan.getLong("Rows Removed by Index Recheck", 0L))
        .as("instalments read, of 4,001 unpaid")
        .isEqualTo(1);

    RecordingNotifier notifier = new RecordingNotifier();
    CollectionOverdueVerticle pass =
        new CollectionOverdueVerticle(db.pool(), notifier, clock, MANUAL);
    deployment = await(db.vertx().deployVerticle(pass));
    await(pass.tick());
    clock.set(at(today.plusDays(1), "10:00"));
    await(pass.tick());
    assertThat(pushes(notifier, org))
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.notification().dedupeKey())
                    .isEqualTo(CollectionOverdueVerticle.ownerKey(k.instalments().get(0).id())));
  }

  /** A won deal's contract of {@code company}, signed 30 days before its first instalment. */
  static Contract contract(
      OrgFixture org, MutableClock clock, String company, PlannedInstalment... plan) {
    var customer =
        await(new CustomerService(db.pool()).create(org.a(org.rep1), NewCustomer.named(company)));
    BigDecimal total =
        java.util.Arrays.stream(plan)
            .map(PlannedInstalment::amount)
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    OpportunityService opportunities = new OpportunityService(db.pool());
    Opportunity o =
        await(
            opportunities.create(
                org.a(org.rep1), NewOpportunity.of(customer.id(), company + "项目", total)));
    o = await(opportunities.win(org.a(org.rep1), o.id(), o.version()));
    return await(
        new ContractService(db.pool(), clock)
            .create(
                org.a(org.rep1),
                NewContract.from(o.id()).signedOn(plan[0].dueOn().minusDays(30)).plan(plan)));
  }

  /** {@code n} unpaid instalments from seq {@code from}, one a day from {@code firstDue}. */
  static void seedInstalments(
      long tenant, long contract, int from, int n, LocalDate firstDue, boolean toldAndEscalated) {
    await(
        db.pool()
            .preparedQuery(
                """
                INSERT INTO contract_instalment
                       (tenant_id, contract_id, seq, due_on, amount, overdue_told_at, escalated_at)
                SELECT $1, $2, $3 + g, $4::date + (g % 300), 100,
                       CASE WHEN $6 THEN now() END, CASE WHEN $6 THEN now() END
                  FROM generate_series(0, $5 - 1) g
                """)
            .execute(Tuple.of(tenant, contract, from, firstDue, n, toldAndEscalated)));
  }

  /** The plan node that reads contract_instalment in the tenant's pass, as it ran. */
  static JsonObject instalmentScan(long tenant, LocalDate today) {
    JsonObject plan =
        await(
            db.pool()
                .preparedQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + CollectionOverdueVerticle.DUE)
                .execute(Tuple.of(tenant, today, MANUAL.escalateAfterDays()))
                .map(
                    rows -> {
                      Object v = rows.iterator().next().getValue(0);
                      JsonArray a = v instanceof JsonArray j ? j : new JsonArray(String.valueOf(v));
                      return a.getJsonObject(0).getJsonObject("Plan");
                    }));
    JsonObject scan = find(plan, "contract_instalment");
    assertThat(scan)
        .as("a node reading contract_instalment in %s", plan.encodePrettily())
        .isNotNull();
    return scan;
  }

  private static JsonObject find(JsonObject node, String relation) {
    if (relation.equals(node.getString("Relation Name"))) {
      return node;
    }
    JsonArray children = node.getJsonArray("Plans", new JsonArray());
    for (int i = 0; i < children.size(); i++) {
      JsonObject hit = find(children.getJsonObject(i), relation);
      if (hit != null) {
        return hit;
      }
    }
    return null;
  }

  static List<Push> pushes(RecordingNotifier notifier, OrgFixture org) {
    return notifier.pushes().stream().filter(p -> p.tenantId() == org.tenantA.id()).toList();
  }
}
