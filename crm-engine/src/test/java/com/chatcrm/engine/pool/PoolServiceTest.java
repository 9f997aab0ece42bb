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
import com.chatcrm.engine.error.Conflict;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.LimitReached;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Release, assign and the pool list; claims are in {@link PoolClaimTest}. */
class PoolServiceTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  OrgFixture org;
  PoolService pool;
  CustomerService customers;

  @BeforeEach
  void setUp() {
    org = OrgFixture.create(db.pool());
    pool = new PoolService(db.pool(), Clock.systemUTC());
    customers = new CustomerService(db.pool());
  }

  // ------------------------------------------------------------------ release

  @Test
  @DisplayName(
      "the owner puts a customer back: it is in the pool, its collaborators are gone, the reason is audited")
  void ownerReleases() {
    Customer c = PoolSeeds.owned(db.pool(), org.a(org.rep1), "退回测试", CustomerLevel.INTENT);
    await(customers.addCollaborator(org.a(org.rep1), c.id(), org.rep3));
    Customer released = await(pool.release(org.a(org.rep1), c.id(), "  客户已转用竞品  "));
    assertThat(released.inPool()).isTrue();
    assertThat(released.ownerId()).isNull();
    assertThat(released.collaboratorIds()).isEmpty();

    AuditEntry last = lastAudit(c.id());
    assertThat(last.action()).isEqualTo("release");
    assertThat(last.actorId()).isEqualTo(org.rep1);
    assertThat(last.changes().getString("reason")).isEqualTo("客户已转用竞品");
    assertThat(last.changes().getJsonObject("ownerId").getLong("from")).isEqualTo(org.rep1);
    assertThat(last.changes().getJsonArray("collaboratorsRemoved").size()).isEqualTo(1);
    assertThat(last.changes().getJsonArray("collaboratorsRemoved").getLong(0)).isEqualTo(org.rep3);
    // any colleague now sees it in the pool, and the former collaborator no longer edits it
    assertThat(await(customers.get(org.a(org.rep3), c.id())).inPool()).isTrue();
  }

  @Test
  @DisplayName(
      "the owner's manager may release it; a colleague, the other department's manager and an outsider may not")
  void releasePermissions() {
    Customer c = PoolSeeds.owned(db.pool(), org.a(org.rep2), "韩梅梅的客户", CustomerLevel.POTENTIAL);
    // neither may see 韩梅梅's customer: not there for them
    assertThatThrownBy(() -> await(pool.release(org.a(org.rep1), c.id(), null)))
        .isInstanceOf(NotFound.class);
    assertThatThrownBy(() -> await(pool.release(org.a(org.manager2), c.id(), null)))
        .isInstanceOf(NotFound.class);
    assertThatThrownBy(() -> await(pool.release(org.b(), c.id(), null)))
        .isInstanceOf(NotFound.class);
    assertThat(await(customers.get(org.a(org.rep2), c.id())).inPool()).isFalse();

    assertThat(await(pool.release(org.a(org.manager1), c.id(), "组内调整")).inPool()).isTrue();
    assertThat(lastAudit(c.id()).actorId()).isEqualTo(org.manager1);
  }

  @Test
  @DisplayName(
      "an admin releases anyone's customer; releasing a pool customer again changes nothing")
  void adminReleasesAndAgainIsHarmless() {
    Customer c = PoolSeeds.owned(db.pool(), org.a(org.rep3), "管理员退回", CustomerLevel.POTENTIAL);
    Customer released = await(pool.release(org.a(org.admin), c.id(), null));
    Customer again = await(pool.release(org.a(org.rep1), c.id(), "again"));
    assertThat(again.version()).isEqualTo(released.version());
    assertThat(audits(c.id())).extracting(AuditEntry::action).containsExactly("create", "release");
  }

  @Test
  void anOverlongReasonIsRefused() {
    Customer c = PoolSeeds.owned(db.pool(), org.a(org.rep1), "原因太长", CustomerLevel.POTENTIAL);
    assertThatThrownBy(() -> await(pool.release(org.a(org.rep1), c.id(), "长".repeat(501))))
        .isInstanceOf(InvalidInput.class);
  }

  // ------------------------------------------------------------------ assign

  @Test
  @DisplayName(
      "a manager assigns a pool customer to a rep of their subtree; the rep owns it and it is audited")
  void managerAssignsInSubtree() {
    Customer c = PoolSeeds.inPool(db.pool(), org, "分配测试");
    Customer assigned = await(pool.assign(org.a(org.manager1), c.id(), org.rep2));
    assertThat(assigned.ownerId()).isEqualTo(org.rep2);
    assertThat(assigned.inPool()).isFalse();
    assertThat(await(customers.get(org.a(org.rep2), c.id())).ownerName()).isEqualTo("韩梅梅");

    AuditEntry last = lastAudit(c.id());
    assertThat(last.action()).isEqualTo("assign");
    assertThat(last.actorId()).isEqualTo(org.manager1);
    assertThat(last.changes().getJsonObject("ownerId").getLong("to")).isEqualTo(org.rep2);
    // a later claimer who may see it is told it was assigned, to whom; one who may not, only that
    // it left the pool
    assertThatThrownBy(() -> await(pool.claim(org.a(org.manager1), c.id())))
        .isInstanceOf(Conflict.class)
        .hasMessage("该客户已分配给韩梅梅");
    assertThatThrownBy(() -> await(pool.claim(org.a(org.rep3), c.id())))
        .isInstanceOf(Conflict.class)
        .hasMessage("这个客户刚从公海被领走或分配给了同事");
  }

  @Test
  @DisplayName(
      "a rep cannot assign, not even to themselves; a manager cannot assign to another department's rep")
  void assignPermissions() {
    Customer c = PoolSeeds.inPool(db.pool(), org, "越权分配");
    assertThatThrownBy(() -> await(pool.assign(org.a(org.rep1), c.id(), org.rep2)))
        .isInstanceOf(Forbidden.class)
        .hasMessageContaining("直接领取");
    assertThatThrownBy(() -> await(pool.assign(org.a(org.rep1), c.id(), org.rep1)))
        .isInstanceOf(Forbidden.class);
    assertThatThrownBy(() -> await(pool.assign(org.a(org.manager1), c.id(), org.rep3)))
        .isInstanceOf(Forbidden.class)
        .hasMessage("只能把公海客户分配给你管理的部门成员");
    assertThatThrownBy(() -> await(pool.assign(org.b(), c.id(), org.outsider)))
        .isInstanceOf(Forbidden.class);
    // even the other company's own system cannot reach it
    assertThatThrownBy(
            () -> await(pool.assign(Actor.system(org.tenantB.id(), "t"), c.id(), org.outsider)))
        .isInstanceOf(NotFound.class);
    assertThat(await(customers.get(org.a(org.admin), c.id())).inPool()).isTrue();

    assertThat(await(pool.assign(org.a(org.admin), c.id(), org.rep3)).ownerId())
        .isEqualTo(org.rep3);
  }

  @Test
  @DisplayName("an admin cannot assign to a user of another company")
  void assignToAnotherTenantsUser() {
    Customer c = PoolSeeds.inPool(db.pool(), org, "跨租户分配");
    assertThatThrownBy(() -> await(pool.assign(org.a(org.admin), c.id(), org.outsider)))
        .isInstanceOf(InvalidInput.class);
  }

  @Test
  @DisplayName("the target's max_private applies, and the refusal names the target")
  void targetLimit() {
    PoolSeeds.rules(db.pool(), org, PoolRules.defaults().withMaxPrivate(1));
    PoolSeeds.owned(db.pool(), org.a(org.rep2), "已有一个", CustomerLevel.POTENTIAL);
    Customer c = PoolSeeds.inPool(db.pool(), org, "满额分配");
    assertThatThrownBy(() -> await(pool.assign(org.a(org.manager1), c.id(), org.rep2)))
        .isInstanceOf(LimitReached.class)
        .hasMessage("韩梅梅已拥有 1 个客户，已达上限（最多 1 个）");
  }

  @Test
  @DisplayName("the scheduler (system) may assign, e.g. for round-robin distribution")
  void systemAssigns() {
    Customer c = PoolSeeds.inPool(db.pool(), org, "系统分配");
    Customer assigned =
        await(pool.assign(Actor.system(org.tenantA.id(), "round-robin"), c.id(), org.rep1));
    assertThat(assigned.ownerId()).isEqualTo(org.rep1);
    assertThat(lastAudit(c.id()).actorId()).isNull();
  }

  // ------------------------------------------------------------------ list

  @Test
  @DisplayName(
      "any member lists the pool newest first, page by page, with who held each customer last")
  void listNewestFirstWithKeysetPages() {
    Customer oldest = PoolSeeds.owned(db.pool(), org.a(org.rep1), "最早退回", CustomerLevel.POTENTIAL);
    await(
        new PoolService(db.pool(), PoolSeeds.clockAt("2025-01-01T02:00:00Z"))
            .release(org.a(org.rep1), oldest.id(), null));
    Customer middle =
        PoolSeeds.inPool(
            db.pool(), org, "中间退回", CustomerLevel.INTENT, Instant.parse("2025-02-01T02:00:00Z"));
    Customer newest =
        PoolSeeds.inPool(
            db.pool(), org, "最新退回", CustomerLevel.POTENTIAL, Instant.parse("2025-03-01T02:00:00Z"));
    Customer claimed =
        PoolSeeds.inPool(
            db.pool(), org, "已被领走", CustomerLevel.POTENTIAL, Instant.parse("2025-03-02T02:00:00Z"));
    await(pool.claim(org.a(org.rep2), claimed.id()));

    PoolPage first = await(pool.list(org.a(org.rep3), PoolFilter.all(), null, 2));
    assertThat(first.items())
        .extracting(PoolCustomer::id)
        .containsExactly(newest.id(), middle.id());
    assertThat(first.nextCursor()).isNotNull();
    PoolPage second = await(pool.list(org.a(org.rep3), PoolFilter.all(), first.nextCursor(), 2));
    assertThat(second.items()).extracting(PoolCustomer::id).containsExactly(oldest.id());
    assertThat(second.nextCursor()).isNull();

    PoolCustomer o = second.items().get(0);
    assertThat(o.name()).isEqualTo("最早退回");
    assertThat(o.previousOwnerName()).isEqualTo("李雷");
    assertThat(o.poolSince().toInstant()).isEqualTo(Instant.parse("2025-01-01T02:00:00Z"));
    assertThat(first.items().get(0).previousOwnerName()).isEqualTo("王总");
  }

  @Test
  void filterByLevel() {
    PoolSeeds.inPool(db.pool(), org, "潜在的", CustomerLevel.POTENTIAL, Instant.now());
    Customer intent = PoolSeeds.inPool(db.pool(), org, "意向的", CustomerLevel.INTENT, Instant.now());
    PoolPage page =
        await(
            pool.list(org.a(org.rep1), PoolFilter.all().withLevel(CustomerLevel.INTENT), null, 10));
    assertThat(page.items()).extracting(PoolCustomer::id).containsExactly(intent.id());
  }

  @Test
  @DisplayName("another company's pool is invisible")
  void otherTenantsPoolInvisible() {
    PoolSeeds.inPool(db.pool(), org, "甲公司公海");
    assertThat(await(pool.list(org.b(), PoolFilter.all(), null, 100)).items())
        .extracting(PoolCustomer::name)
        .doesNotContain("甲公司公海");
    assertThat(await(pool.list(org.a(org.rep1), PoolFilter.all(), null, 100)).items())
        .extracting(PoolCustomer::name)
        .containsExactly("甲公司公海");
  }

  @Test
  void aForgedCursorIsRefused() {
    assertThatThrownBy(
            () -> await(pool.list(org.a(org.rep1), PoolFilter.all(), "not-a-cursor", 10)))
        .isInstanceOf(InvalidInput.class);
  }

  private List<AuditEntry> audits(long customerId) {
    return await(AuditQueries.history(db.pool(), org.tenantA.id(), "customer", customerId));
  }

  private AuditEntry lastAudit(long customerId) {
    List<AuditEntry> history = audits(customerId);
    return history.get(history.size() - 1);
  }
}
