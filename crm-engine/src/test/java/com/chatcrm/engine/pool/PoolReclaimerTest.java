package com.chatcrm.engine.pool;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditEntry;
import com.chatcrm.engine.audit.AuditQueries;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerLevel;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PoolReclaimerTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  OrgFixture org;
  Actor system;
  CustomerService customers;

  @BeforeEach
  void setUp() {
    org = OrgFixture.create(db.pool());
    system = Actor.system(org.tenantA.id(), "pool-reclaim");
    customers = new CustomerService(db.pool());
  }

  @Test
  @DisplayName(
      "潜在 returns to the pool on the 30th Beijing day without activity, 意向 on the 60th, 成交 and 流失 never")
  void reclaimPerLevel() {
    Customer potential =
        PoolSeeds.owned(db.pool(), org.a(org.rep1), "潜在客户", CustomerLevel.POTENTIAL);
    Customer intent = PoolSeeds.owned(db.pool(), org.a(org.rep1), "意向客户", CustomerLevel.INTENT);
    Customer deal = PoolSeeds.owned(db.pool(), org.a(org.rep2), "成交客户", CustomerLevel.DEAL);
    Customer lost = PoolSeeds.owned(db.pool(), org.a(org.rep2), "流失客户", CustomerLevel.LOST);
    await(customers.addCollaborator(org.a(org.rep1), potential.id(), org.rep3));

    assertThat(ids(reclaim(startOf(dayOf(potential).plusDays(30)).minusSeconds(1)))).isEmpty();

    List<ReclaimedCustomer> day30 = reclaim(startOf(dayOf(potential).plusDays(30)));
    assertThat(day30)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.customerId()).isEqualTo(potential.id());
              assertThat(r.customerName()).isEqualTo("潜在客户");
              assertThat(r.level()).isEqualTo(CustomerLevel.POTENTIAL);
              assertThat(r.previousOwnerId()).isEqualTo(org.rep1);
              assertThat(r.previousOwnerName()).isEqualTo("李雷");
            });
    Customer nowInPool = await(customers.get(org.a(org.rep3), potential.id()));
    assertThat(nowInPool.inPool()).isTrue();
    assertThat(nowInPool.ownerId()).isNull();
    assertThat(nowInPool.collaboratorIds()).isEmpty();

    assertThat(ids(reclaim(startOf(dayOf(intent).plusDays(60)).minusSeconds(1)))).isEmpty();
    assertThat(ids(reclaim(startOf(dayOf(intent).plusDays(60))))).containsExactly(intent.id());

    assertThat(ids(reclaim(startOf(dayOf(deal).plusDays(3650))))).isEmpty();
    assertThat(await(customers.get(org.a(org.rep2), deal.id())).ownerId()).isEqualTo(org.rep2);
    assertThat(await(customers.get(org.a(org.rep2), lost.id())).ownerId()).isEqualTo(org.rep2);
  }

  @Test
  @DisplayName(
      "a reclaim is audited as the system, with the previous owner, and leaves a pool event")
  void reclaimIsAudited() {
    Customer c = PoolSeeds.owned(db.pool(), org.a(org.rep3), "审计回收", CustomerLevel.POTENTIAL);
    reclaim(startOf(dayOf(c).plusDays(30)));

    List<AuditEntry> history =
        await(AuditQueries.history(db.pool(), org.tenantA.id(), "customer", c.id()));
    assertThat(history).extracting(AuditEntry::action).containsExactly("create", "reclaim");
    AuditEntry reclaim = history.get(1);
    assertThat(reclaim.actorId()).isNull();
    assertThat(reclaim.source()).isEqualTo("system");
    assertThat(reclaim.sourceRef()).isEqualTo("pool-reclaim");
    assertThat(reclaim.changes().getJsonObject("ownerId").getLong("from")).isEqualTo(org.rep3);
    assertThat(reclaim.changes().getInteger("reclaimDays")).isEqualTo(30);
    assertThat(
            PoolSeeds.count(
                db.pool(),
                "SELECT count(*) FROM pool_event WHERE tenant_id = $1 AND customer_id = $2 AND kind = 'reclaim' AND user_id = $3",
                org.tenantA.id(),
                c.id(),
                org.rep3))
        .isEqualTo(1);
    // the pool list shows whom it came from
    PoolPage page =
        await(
            new PoolService(db.pool(), PoolSeeds.clockAt(Instant.now()))
                .list(org.a(org.rep1), PoolFilter.all(), null, 10));
    assertThat(page.items())
        .singleElement()
        .satisfies(p -> assertThat(p.previousOwnerName()).isEqualTo("赵六"));
  }

  @Test
  @DisplayName(
      "a customer claimed today is not reclaimed tonight, though its last follow-up is months old")
  void justClaimedIsNotReclaimed() {
    Customer c = PoolSeeds.inPool(db.pool(), org, "刚领取的客户");
    Instant claimedAt = Instant.now().plusSeconds(100L * 86_400);
    PoolSeeds.followedUpAt(db.pool(), org.tenantA.id(), c.id(), c.createdAt());
    await(new PoolService(db.pool(), PoolSeeds.clockAt(claimedAt)).claim(org.a(org.rep1), c.id()));

    LocalDate claimDay = claimedAt.atZone(PoolSeeds.SHANGHAI).toLocalDate();
    assertThat(ids(reclaim(startOf(claimDay.plusDays(1)).plusSeconds(3600)))).isEmpty();
    assertThat(ids(reclaim(startOf(claimDay.plusDays(30)).minusSeconds(1)))).isEmpty();
    assertThat(ids(reclaim(startOf(claimDay.plusDays(30))))).containsExactly(c.id());
  }

  @Test
  @DisplayName("a follow-up restarts the clock")
  void followUpRestartsTheClock() {
    Customer c = PoolSeeds.owned(db.pool(), org.a(org.rep1), "有跟进的客户", CustomerLevel.POTENTIAL);
    LocalDate followUpDay = dayOf(c).plusDays(10);
    PoolSeeds.followedUpAt(
        db.pool(),
        org.tenantA.id(),
        c.id(),
        startOf(followUpDay).plusSeconds(12 * 3600).atOffset(ZoneOffset.UTC));
    assertThat(ids(reclaim(startOf(dayOf(c).plusDays(30))))).isEmpty();
    assertThat(ids(reclaim(startOf(followUpDay.plusDays(30))))).containsExactly(c.id());
  }

  @Test
  @DisplayName("owners are warned 3 Beijing days before, once per quiet spell; 成交 customers never")
  void warnings() {
    Customer c = PoolSeeds.owned(db.pool(), org.a(org.rep1), "快到期客户", CustomerLevel.POTENTIAL);
    PoolSeeds.owned(db.pool(), org.a(org.rep1), "成交不提醒", CustomerLevel.DEAL);
    LocalDate day = dayOf(c);

    assertThat(warnings(startOf(day.plusDays(27)).minusSeconds(1))).isEmpty();
    Instant warnTime = startOf(day.plusDays(27)).plusSeconds(9 * 3600);
    List<PoolWarning> due = warnings(warnTime);
    assertThat(due)
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.customerId()).isEqualTo(c.id());
              assertThat(w.customerName()).isEqualTo("快到期客户");
              assertThat(w.ownerId()).isEqualTo(org.rep1);
              assertThat(w.ownerName()).isEqualTo("李雷");
              assertThat(w.reclaimOn()).isEqualTo(day.plusDays(30));
              assertThat(w.daysLeft()).isEqualTo(3);
            });

    PoolReclaimer atWarnTime = new PoolReclaimer(db.pool(), PoolSeeds.clockAt(warnTime));
    assertThat(await(atWarnTime.markWarned(system, List.of(c.id())))).isEqualTo(1);
    assertThat(warnings(warnTime)).isEmpty();
    assertThat(warnings(startOf(day.plusDays(29)))).isEmpty();

    // a follow-up starts a new quiet spell, which earns a new warning
    LocalDate followUp = day.plusDays(28);
    PoolSeeds.followedUpAt(
        db.pool(), org.tenantA.id(), c.id(), startOf(followUp).atOffset(ZoneOffset.UTC));
    assertThat(warnings(startOf(day.plusDays(30)))).isEmpty();
    assertThat(warnings(startOf(followUp.plusDays(28))))
        .singleElement()
        .satisfies(w -> assertThat(w.daysLeft()).isEqualTo(2));
    // on the reclaim day itself it is the reclaim's business, not a warning
    assertThat(warnings(startOf(followUp.plusDays(30)))).isEmpty();
  }

  @Test
  @DisplayName(
      "two nodes reclaiming at once in small batches reclaim every due customer exactly once")
  void twoNodesNeverReclaimTwice() {
    List<Customer> due = new ArrayList<>();
    long[] reps = {org.rep1, org.rep2, org.rep3};
    for (int i = 0; i < 30; i++) {
      due.add(PoolSeeds.owned(db.pool(), org.a(reps[i % 3]), "批量回收" + i, CustomerLevel.POTENTIAL));
    }
    LocalDate latest =
        due.stream().map(PoolReclaimerTest::dayOf).max(LocalDate::compareTo).orElseThrow();
    Instant now = startOf(latest.plusDays(30));
    Pool otherNode = db.pool(db.vertx());
    try {
      List<ReclaimedCustomer> byA = new ArrayList<>();
      List<ReclaimedCustomer> byB = new ArrayList<>();
      await(
          Future.all(
              drain(new PoolReclaimer(db.pool(), PoolSeeds.clockAt(now)), now, byA),
              drain(new PoolReclaimer(otherNode, PoolSeeds.clockAt(now)), now, byB)));
      List<Long> all = new ArrayList<>(ids(byA));
      all.addAll(ids(byB));
      assertThat(all)
          .hasSize(30)
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(due.stream().map(Customer::id).toList());
    } finally {
      await(otherNode.close());
    }
    assertThat(
            PoolSeeds.count(
                db.pool(),
                "SELECT count(*) FROM pool_event WHERE tenant_id = $1 AND kind = 'reclaim'",
                org.tenantA.id()))
        .isEqualTo(30);
    assertThat(
            PoolSeeds.count(
                db.pool(),
                "SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action = 'reclaim'",
                org.tenantA.id()))
        .isEqualTo(30);
  }

  @Test
  @DisplayName("reclaiming one company leaves another company's customers alone")
  void otherTenantUntouched() {
    Customer theirs = PoolSeeds.owned(db.pool(), org.b(), "乙公司客户", CustomerLevel.POTENTIAL);
    assertThat(ids(reclaim(startOf(dayOf(theirs).plusDays(365))))).isEmpty();
    assertThat(await(customers.get(org.b(), theirs.id())).inPool()).isFalse();
  }

  @Test
  @DisplayName("reps and managers cannot run the reclaim or read the warning list")
  void onlyTheSystemOrAnAdmin() {
    PoolReclaimer reclaimer = new PoolReclaimer(db.pool(), PoolSeeds.clockAt(Instant.now()));
    for (long user : new long[] {org.rep1, org.manager1}) {
      assertThatThrownBy(() -> await(reclaimer.reclaim(org.a(user), Instant.now(), 10)))
          .isInstanceOf(Forbidden.class);
      assertThatThrownBy(() -> await(reclaimer.dueForWarning(org.a(user), Instant.now())))
          .isInstanceOf(Forbidden.class);
      assertThatThrownBy(() -> await(reclaimer.markWarned(org.a(user), List.of(1L))))
          .isInstanceOf(Forbidden.class);
    }
    assertThat(await(reclaimer.reclaim(org.a(org.admin), Instant.now(), 10))).isEmpty();
  }

  @Test
  @DisplayName("with no reclaim period at all, nothing is ever reclaimed or warned")
  void noPeriodsNoReclaim() {
    PoolSeeds.rules(db.pool(), org, PoolRules.NONE);
    Customer c = PoolSeeds.owned(db.pool(), org.a(org.rep1), "永不回收", CustomerLevel.POTENTIAL);
    Instant farAway = startOf(dayOf(c).plusDays(3650));
    assertThat(reclaim(farAway)).isEmpty();
    assertThat(warnings(farAway)).isEmpty();
  }

  // ------------------------------------------------------------------------------------------

  private List<ReclaimedCustomer> reclaim(Instant now) {
    return await(
        new PoolReclaimer(db.pool(), PoolSeeds.clockAt(now))
            .reclaim(system, now, PoolReclaimer.MAX_BATCH));
  }

  private List<PoolWarning> warnings(Instant now) {
    return await(new PoolReclaimer(db.pool(), PoolSeeds.clockAt(now)).dueForWarning(system, now));
  }

  private Future<Void> drain(PoolReclaimer reclaimer, Instant now, List<ReclaimedCustomer> into) {
    return reclaimer
        .reclaim(system, now, 4)
        .compose(
            batch -> {
              into.addAll(batch);
              return batch.isEmpty() ? Future.succeededFuture() : drain(reclaimer, now, into);
            });
  }

  private static List<Long> ids(List<ReclaimedCustomer> reclaimed) {
    return reclaimed.stream().map(ReclaimedCustomer::customerId).toList();
  }

  private static LocalDate dayOf(Customer c) {
    return c.createdAt().atZoneSameInstant(PoolSeeds.SHANGHAI).toLocalDate();
  }

  private static Instant startOf(LocalDate day) {
    return day.atTime(LocalTime.MIDNIGHT).atZone(PoolSeeds.SHANGHAI).toInstant();
  }
}
