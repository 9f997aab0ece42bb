package com.chatcrm.engine.pool;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.audit.AuditEntry;
import com.chatcrm.engine.audit.AuditQueries;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerLevel;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.error.Conflict;
import com.chatcrm.engine.error.LimitReached;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PoolClaimTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  OrgFixture org;
  PoolService pool;

  @BeforeEach
  void setUp() {
    org = OrgFixture.create(db.pool());
    pool = new PoolService(db.pool(), Clock.systemUTC());
  }

  @Test
  @DisplayName(
      "a rep claims a pool customer: it becomes theirs, leaves the pool, and the claim is audited")
  void claim() {
    Customer c = PoolSeeds.inPool(db.pool(), org, "公海一号");
    var actor = org.a(org.rep1);
    Customer claimed = await(pool.claim(actor, c.id()));
    assertThat(claimed.inPool()).isFalse();
    assertThat(claimed.ownerId()).isEqualTo(org.rep1);
    assertThat(claimed.ownerName()).isEqualTo("李雷");
    assertThat(claimed.version()).isEqualTo(c.version() + 1);

    List<AuditEntry> history =
        await(AuditQueries.history(db.pool(), org.tenantA.id(), "customer", c.id()));
    assertThat(history)
        .extracting(AuditEntry::action)
        .containsExactly("create", "release", "claim");
    AuditEntry claim = history.get(2);
    assertThat(claim.actorId()).isEqualTo(org.rep1);
    assertThat(claim.sourceRef()).isEqualTo(actor.source().ref());
    assertThat(claim.changes().getJsonObject("ownerId").getLong("to")).isEqualTo(org.rep1);
    assertThat(
            PoolSeeds.count(
                db.pool(),
                "SELECT count(*) FROM pool_event WHERE tenant_id = $1 AND customer_id = $2 AND kind = 'claim' AND user_id = $3",
                org.tenantA.id(),
                c.id(),
                org.rep1))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("claiming again what the rep already holds changes nothing (a retried chat message)")
  void claimIsIdempotentForTheHolder() {
    Customer c = PoolSeeds.inPool(db.pool(), org, "重复领取");
    Customer first = await(pool.claim(org.a(org.rep1), c.id()));
    Customer again = await(pool.claim(org.a(org.rep1), c.id()));
    assertThat(again.version()).isEqualTo(first.version());
    assertThat(again.ownerId()).isEqualTo(org.rep1);
  }

  @Test
  @DisplayName(
      "five colleagues claim the same customer at once, ten times over: each time exactly one wins, "
          + "the others are told who has it")
  void concurrentClaimsOfOneCustomer() {
    Map<Long, String> names =
        Map.of(
            org.rep1,
            "李雷",
            org.rep2,
            "韩梅梅",
            org.rep3,
            "赵六",
            org.manager1,
            "张经理",
            org.manager2,
            "陈经理");
    for (int round = 0; round < 10; round++) {
      Customer c = PoolSeeds.inPool(db.pool(), org, "抢手客户" + round);
      List<Long> users = List.copyOf(names.keySet());
      List<Future<Customer>> attempts =
          users.stream().map(user -> pool.claim(org.a(user), c.id())).toList();
      await(Future.join(attempts).otherwiseEmpty());

      List<Customer> winners =
          attempts.stream().filter(Future::succeeded).map(Future::result).toList();
      assertThat(winners).hasSize(1);
      String winner = names.get(winners.get(0).ownerId());
      // a loser who may see the winner's customer is told who has it; the others that a colleague
      // took it
      for (int i = 0; i < users.size(); i++) {
        Future<Customer> attempt = attempts.get(i);
        if (attempt.succeeded()) {
          continue;
        }
        Future<Customer> look = new CustomerService(db.pool()).get(org.a(users.get(i)), c.id());
        await(look.otherwiseEmpty());
        if (look.succeeded()) {
          assertThat(attempt.cause())
              .isInstanceOf(Conflict.class)
              .hasMessage("该客户已被" + winner + "领取");
        } else {
          assertThat(attempt.cause()).isInstanceOf(Conflict.class).hasMessage("这个客户刚从公海被领走或分配给了同事");
        }
      }
      assertThat(attempts.stream().filter(Future::failed)).hasSize(4);
      assertThat(
              PoolSeeds.count(
                  db.pool(),
                  "SELECT count(*) FROM pool_event WHERE tenant_id = $1 AND customer_id = $2 AND kind = 'claim'",
                  org.tenantA.id(),
                  c.id()))
          .isEqualTo(1);
      assertThat(await(new CustomerService(db.pool()).get(org.a(org.admin), c.id())).ownerName())
          .isEqualTo(winner);
    }
  }

  @Test
  @DisplayName(
      "a rep holding max_private customers is refused, told the limit; after releasing one they may claim")
  void maxPrivate() {
    PoolSeeds.rules(db.pool(), org, PoolRules.defaults().withMaxPrivate(2));
    Customer mine = PoolSeeds.owned(db.pool(), org.a(org.rep1), "自有一", CustomerLevel.POTENTIAL);
    PoolSeeds.owned(db.pool(), org.a(org.rep1), "自有二", CustomerLevel.INTENT);
    Customer c = PoolSeeds.inPool(db.pool(), org, "超限客户");

    assertThatThrownBy(() -> await(pool.claim(org.a(org.rep1), c.id())))
        .isInstanceOf(LimitReached.class)
        .hasMessage("你已拥有 2 个客户，已达上限（最多 2 个）")
        .satisfies(e -> assertThat(((LimitReached) e).details().getInteger("max")).isEqualTo(2));
    assertThat(await(new CustomerService(db.pool()).get(org.a(org.admin), c.id())).inPool())
        .isTrue();

    await(pool.release(org.a(org.rep1), mine.id(), "不再跟进"));
    assertThat(await(pool.claim(org.a(org.rep1), c.id())).ownerId()).isEqualTo(org.rep1);
  }

  @Test
  @DisplayName(
      "the daily claim limit counts Asia/Shanghai days: at 23:59 Beijing time still refused, "
          + "at 00:00 allowed, though it is the same UTC day")
  void dailyLimitInTheTenantsDay() {
    PoolSeeds.rules(
        db.pool(), org, PoolRules.defaults().withMaxClaimsPerDay(2).withMaxPrivate(null));
    List<Customer> pooled =
        IntStream.range(0, 4).mapToObj(i -> PoolSeeds.inPool(db.pool(), org, "每日客户" + i)).toList();
    PoolService lateEvening =
        new PoolService(db.pool(), PoolSeeds.clockAt("2025-03-10T15:30:00Z")); // 23:30 in Beijing
    PoolService lastSecond = new PoolService(db.pool(), PoolSeeds.clockAt("2025-03-10T15:59:59Z"));
    PoolService midnight =
        new PoolService(db.pool(), PoolSeeds.clockAt("2025-03-10T16:00:00Z")); // 3月11日 00:00

    await(lateEvening.claim(org.a(org.rep1), pooled.get(0).id()));
    await(lateEvening.claim(org.a(org.rep1), pooled.get(1).id()));
    assertThatThrownBy(() -> await(lastSecond.claim(org.a(org.rep1), pooled.get(2).id())))
        .isInstanceOf(LimitReached.class)
        .hasMessage("今天已领取 2 个客户，已达上限")
        .satisfies(
            e -> assertThat(((LimitReached) e).details().getString("day")).isEqualTo("2025-03-10"));
    // another rep's claims are their own
    await(lastSecond.claim(org.a(org.rep2), pooled.get(3).id()));

    assertThat(await(midnight.claim(org.a(org.rep1), pooled.get(2).id())).ownerId())
        .isEqualTo(org.rep1);
  }

  @Test
  @DisplayName("one rep claiming six customers at once never exceeds max_private")
  void concurrentClaimsRespectMaxPrivate() {
    PoolSeeds.rules(db.pool(), org, PoolRules.defaults().withMaxPrivate(3));
    List<Future<Customer>> attempts = claimSixAtOnce(org.rep2);
    assertThat(attempts.stream().filter(Future::succeeded)).hasSize(3);
    assertThat(attempts.stream().filter(Future::failed).map(Future::cause))
        .allSatisfy(
            e -> assertThat(e).isInstanceOf(LimitReached.class).hasMessageContaining("最多 3 个"));
    assertThat(
            PoolSeeds.count(
                db.pool(),
                "SELECT count(*) FROM customer WHERE tenant_id = $1 AND owner_id = $2",
                org.tenantA.id(),
                org.rep2))
        .isEqualTo(3);
  }

  @Test
  @DisplayName("one rep claiming six customers at once never exceeds the daily limit")
  void concurrentClaimsRespectTheDailyLimit() {
    PoolSeeds.rules(
        db.pool(), org, PoolRules.defaults().withMaxClaimsPerDay(2).withMaxPrivate(null));
    List<Future<Customer>> attempts = claimSixAtOnce(org.rep3);
    assertThat(attempts.stream().filter(Future::succeeded)).hasSize(2);
    assertThat(attempts.stream().filter(Future::failed).map(Future::cause))
        .allSatisfy(
            e -> assertThat(e).isInstanceOf(LimitReached.class).hasMessage("今天已领取 2 个客户，已达上限"));
    assertThat(
            PoolSeeds.count(
                db.pool(),
                "SELECT count(*) FROM customer WHERE tenant_id = $1 AND owner_id = $2",
                org.tenantA.id(),
                org.rep3))
        .isEqualTo(2);
  }

  @Test
  @DisplayName("a customer someone else holds outside the pool cannot be claimed")
  void privateCustomerCannotBeClaimed() {
    Customer theirs = PoolSeeds.owned(db.pool(), org.a(org.rep3), "赵六的客户", CustomerLevel.POTENTIAL);
    // 李雷 may not see it: the same answer as for an id that does not exist, naming neither it nor 赵六
    assertThatThrownBy(() -> await(pool.claim(org.a(org.rep1), theirs.id())))
        .isInstanceOf(NotFound.class)
        .hasMessage("no customer " + theirs.id());
    // 赵六's manager sees it anyway: told who has it
    assertThatThrownBy(() -> await(pool.claim(org.a(org.manager2), theirs.id())))
        .isInstanceOf(Conflict.class)
        .hasMessage("该客户不在公海中，负责人是赵六");
  }

  @Test
  @DisplayName("another company's pool customer cannot be claimed: it does not exist for them")
  void otherTenantCannotClaim() {
    Customer c = PoolSeeds.inPool(db.pool(), org, "甲方公海客户");
    assertThatThrownBy(() -> await(pool.claim(org.b(), c.id()))).isInstanceOf(NotFound.class);
    assertThat(await(new CustomerService(db.pool()).get(org.a(org.admin), c.id())).inPool())
        .isTrue();
  }

  @Test
  @DisplayName("a deleted pool customer cannot be claimed")
  void deletedCannotBeClaimed() {
    Customer c = PoolSeeds.inPool(db.pool(), org, "已删除的公海客户");
    await(new CustomerService(db.pool()).delete(org.a(org.admin), c.id()));
    assertThatThrownBy(() -> await(pool.claim(org.a(org.rep1), c.id())))
        .isInstanceOf(NotFound.class);
  }

  private List<Future<Customer>> claimSixAtOnce(long rep) {
    List<Customer> pooled = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      pooled.add(
          PoolSeeds.inPool(
              db.pool(), org, "批量客户" + rep + "-" + i, CustomerLevel.POTENTIAL, Instant.now()));
    }
    List<Future<Customer>> attempts =
        pooled.stream().map(c -> pool.claim(org.a(rep), c.id())).toList();
    await(Future.join(attempts).otherwiseEmpty());
    return attempts;
  }
}
