package com.chatcrm.engine.customer;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.audit.AuditEntry;
import com.chatcrm.engine.audit.AuditQueries;
import com.chatcrm.engine.error.Duplicate;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.error.StaleVersion;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.core.Future;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CustomerServiceTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static OrgFixture org;
  static CustomerService customers;

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    customers = new CustomerService(db.pool());
  }

  @Test
  @DisplayName(
      "a rep creates a customer they own, and the creation is audited with its source message")
  void create() {
    var actor = org.a(org.rep1);
    Customer c =
        await(customers.create(actor, NewCustomer.named("星辰科技有限公司").withPhones("138 0000 1111")));
    assertThat(c.ownerId()).isEqualTo(org.rep1);
    assertThat(c.ownerName()).isEqualTo("李雷");
    assertThat(c.level()).isEqualTo(CustomerLevel.POTENTIAL);
    assertThat(c.phones()).containsExactly("138 0000 1111");
    assertThat(c.version()).isEqualTo(1);

    List<AuditEntry> history =
        await(AuditQueries.history(db.pool(), org.tenantA.id(), "customer", c.id()));
    assertThat(history)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.action()).isEqualTo("create");
              assertThat(e.actorId()).isEqualTo(org.rep1);
              assertThat(e.source()).isEqualTo("chat");
              assertThat(e.sourceRef()).isEqualTo(actor.source().ref());
              assertThat(e.changes().getString("name")).isEqualTo("星辰科技有限公司");
            });
  }

  @Test
  void nameIsRequired() {
    assertThatThrownBy(() -> await(customers.create(org.a(org.rep1), NewCustomer.named("  "))))
        .isInstanceOf(InvalidInput.class)
        .satisfies(
            e -> assertThat(((InvalidInput) e).details().getString("field")).isEqualTo("name"));
  }

  @Test
  @DisplayName("查重: the same company under another suffix is refused, naming its owner")
  void duplicateName() {
    await(customers.create(org.a(org.rep1), NewCustomer.named("蓝海物流有限公司")));
    assertThatThrownBy(
            () -> await(customers.create(org.a(org.rep1), NewCustomer.named("蓝海物流（上海）股份有限公司"))))
        .isInstanceOf(Duplicate.class)
        .satisfies(
            e -> {
              var d = ((Duplicate) e).details();
              assertThat(d.getString("matchedOn")).isEqualTo("name");
              assertThat(d.getBoolean("visible")).isTrue();
              assertThat(d.getString("name")).isEqualTo("蓝海物流有限公司");
              assertThat(d.getString("ownerName")).isEqualTo("李雷");
              assertThat(d.getLong("customerId")).isNotNull();
            });
  }

  @Test
  @DisplayName(
      "撞单: a hit on a colleague's customer the rep may not see is masked but names the owner")
  void duplicateMaskedForOthers() {
    await(
        customers.create(
            org.a(org.rep3), NewCustomer.named("金桥建材有限公司").withPhones("021-6666-8888")));
    assertThatThrownBy(
            () ->
                await(
                    customers.create(
                        org.a(org.rep1), NewCustomer.named("新名字").withPhones("02166668888"))))
        .isInstanceOf(Duplicate.class)
        .satisfies(
            e -> {
              var d = ((Duplicate) e).details();
              assertThat(d.getString("matchedOn")).isEqualTo("phone");
              assertThat(d.getBoolean("visible")).isFalse();
              assertThat(d.getString("name")).isEqualTo("金桥******");
              assertThat(d.getString("ownerName")).isEqualTo("赵六");
              assertThat(d.containsKey("customerId")).isFalse();
              assertThat(d.containsKey("phones")).isFalse();
              assertThat(e.getMessage()).contains("赵六").contains("协同");
            });
  }

  @Test
  @DisplayName("two reps creating the same customer at once: exactly one wins")
  void concurrentCreate() {
    List<Future<Customer>> attempts =
        List.of(
            customers.create(org.a(org.rep1), NewCustomer.named("同时科技")),
            customers.create(org.a(org.rep2), NewCustomer.named("同时科技有限公司")),
            customers.create(org.a(org.rep3), NewCustomer.named("同时科技集团")));
    await(Future.join(attempts).otherwiseEmpty());
    assertThat(attempts.stream().filter(Future::succeeded)).hasSize(1);
    assertThat(attempts.stream().filter(Future::failed))
        .allSatisfy(f -> assertThat(f.cause()).isInstanceOf(Duplicate.class));
  }

  @Test
  @DisplayName("a stale edit is refused with a clear conflict, and the first edit is kept")
  void optimisticLocking() {
    Customer c = await(customers.create(org.a(org.rep1), NewCustomer.named("乐高积木")));
    Customer edited =
        await(
            customers.update(
                org.a(org.rep1), c.id(), 1, CustomerChanges.none().level(CustomerLevel.INTENT)));
    assertThat(edited.version()).isEqualTo(2);
    assertThat(edited.level()).isEqualTo(CustomerLevel.INTENT);

    assertThatThrownBy(
            () ->
                await(
                    customers.update(
                        org.a(org.manager1), c.id(), 1, CustomerChanges.none().address("北京"))))
        .isInstanceOf(StaleVersion.class)
        .satisfies(
            e ->
                assertThat(((StaleVersion) e).details().getInteger("currentVersion")).isEqualTo(2));
    assertThat(await(customers.get(org.a(org.rep1), c.id())).address()).isNull();

    List<AuditEntry> history =
        await(AuditQueries.history(db.pool(), org.tenantA.id(), "customer", c.id()));
    assertThat(history).extracting(AuditEntry::action).containsExactly("create", "update");
    assertThat(history.get(1).changes().getJsonObject("level").getString("from"))
        .isEqualTo("potential");
    assertThat(history.get(1).changes().getJsonObject("level").getString("to")).isEqualTo("intent");
  }

  @Test
  void editToADuplicateNameIsRefused() {
    await(customers.create(org.a(org.rep1), NewCustomer.named("红星机械")));
    Customer other = await(customers.create(org.a(org.rep1), NewCustomer.named("绿叶食品")));
    assertThatThrownBy(
            () ->
                await(
                    customers.update(
                        org.a(org.rep1), other.id(), 1, CustomerChanges.none().name("红星机械有限公司"))))
        .isInstanceOf(Duplicate.class);
  }

  @Test
  @DisplayName("soft delete hides the customer and frees its name; restore brings it back")
  void deleteAndRestore() {
    Customer c = await(customers.create(org.a(org.rep1), NewCustomer.named("可删除公司")));
    await(customers.delete(org.a(org.rep1), c.id()));
    assertThatThrownBy(() -> await(customers.get(org.a(org.rep1), c.id())))
        .isInstanceOf(NotFound.class);

    // a rep of another department learns nothing: as if the customer never existed
    assertThatThrownBy(() -> await(customers.restore(org.a(org.rep3), c.id())))
        .isInstanceOf(NotFound.class);
    Customer restored = await(customers.restore(org.a(org.manager1), c.id()));
    assertThat(restored.deleted()).isFalse();
    assertThat(await(customers.get(org.a(org.rep1), c.id())).name()).isEqualTo("可删除公司");
    List<AuditEntry> history =
        await(AuditQueries.history(db.pool(), org.tenantA.id(), "customer", c.id()));
    assertThat(history)
        .extracting(AuditEntry::action)
        .containsExactly("create", "delete", "restore");
  }

  @Test
  void restoreIsRefusedWhenTheNameWasTakenMeanwhile() {
    Customer c = await(customers.create(org.a(org.rep1), NewCustomer.named("重名恢复")));
    await(customers.delete(org.a(org.rep1), c.id()));
    await(customers.create(org.a(org.rep2), NewCustomer.named("重名恢复有限公司")));
    assertThatThrownBy(() -> await(customers.restore(org.a(org.rep1), c.id())))
        .isInstanceOf(Duplicate.class);
  }

  @Test
  @DisplayName("a collaborator may see and edit, but not delete or transfer")
  void collaborators() {
    Customer c = await(customers.create(org.a(org.rep3), NewCustomer.named("协同测试")));
    assertThatThrownBy(() -> await(customers.get(org.a(org.rep1), c.id())))
        .isInstanceOf(NotFound.class);

    await(customers.addCollaborator(org.a(org.rep3), c.id(), org.rep1));
    assertThat(await(customers.get(org.a(org.rep1), c.id())).collaboratorIds())
        .containsExactly(org.rep1);
    assertThat(
            await(
                    customers.update(
                        org.a(org.rep1), c.id(), 1, CustomerChanges.none().address("杭州")))
                .address())
        .isEqualTo("杭州");
    assertThatThrownBy(() -> await(customers.delete(org.a(org.rep1), c.id())))
        .isInstanceOf(Forbidden.class);
    assertThatThrownBy(() -> await(customers.transfer(org.a(org.rep1), c.id(), org.rep1)))
        .isInstanceOf(Forbidden.class);

    await(customers.removeCollaborator(org.a(org.manager2), c.id(), org.rep1));
    assertThatThrownBy(() -> await(customers.get(org.a(org.rep1), c.id())))
        .isInstanceOf(NotFound.class);
  }

  @Test
  void transferIsAuditedAndTheNewOwnerSeesIt() {
    Customer c = await(customers.create(org.a(org.rep1), NewCustomer.named("转移测试")));
    Customer moved = await(customers.transfer(org.a(org.manager1), c.id(), org.rep2));
    assertThat(moved.ownerId()).isEqualTo(org.rep2);
    assertThat(await(customers.get(org.a(org.rep2), c.id())).ownerName()).isEqualTo("韩梅梅");
    assertThatThrownBy(() -> await(customers.get(org.a(org.rep1), c.id())))
        .isInstanceOf(NotFound.class);
    List<AuditEntry> history =
        await(AuditQueries.history(db.pool(), org.tenantA.id(), "customer", c.id()));
    assertThat(history.get(history.size() - 1).action()).isEqualTo("transfer");
  }

  @Test
  void aManagerMayCreateForASubordinateButNotForAnotherDepartment() {
    Customer c =
        await(customers.create(org.a(org.manager1), NewCustomer.named("分配客户").withOwner(org.rep2)));
    assertThat(c.ownerId()).isEqualTo(org.rep2);
    assertThatThrownBy(
            () ->
                await(
                    customers.create(
                        org.a(org.manager1), NewCustomer.named("越权分配").withOwner(org.rep3))))
        .isInstanceOf(Forbidden.class);
  }

  @Test
  @DisplayName(
      "私海上限: a rep at max_private cannot create more customers until one goes back to the pool")
  void privateLimitAppliesToCreation() {
    var tenants = new com.chatcrm.engine.tenant.TenantService(db.pool());
    var t = await(tenants.register("wecom", "ww-limit", "上限公司", null));
    var sys = com.chatcrm.engine.access.Actor.system(t.id(), "t");
    var orgService = new com.chatcrm.engine.org.OrgService(db.pool());
    await(orgService.upsertDepartment(sys, "d", "部门", null));
    long rep =
        await(orgService.upsertUser(sys, com.chatcrm.engine.org.OrgUser.rep("r", "小王", "d")));
    await(
        db.pool()
            .query("UPDATE pool_rule SET max_private = 2 WHERE tenant_id = " + t.id())
            .execute());
    var actor =
        com.chatcrm.engine.access.Actor.user(
            t.id(), rep, com.chatcrm.engine.access.Source.api("t"));
    await(customers.create(actor, NewCustomer.named("上限一")));
    Customer second = await(customers.create(actor, NewCustomer.named("上限二")));
    assertThatThrownBy(() -> await(customers.create(actor, NewCustomer.named("上限三"))))
        .isInstanceOf(com.chatcrm.engine.error.LimitReached.class)
        .hasMessageContaining("最多 2 个");
    await(customers.delete(actor, second.id()));
    assertThat(await(customers.create(actor, NewCustomer.named("上限三"))).name()).isEqualTo("上限三");
  }

  @Test
  void anInactiveUserCannotAct() {
    var orgService = new com.chatcrm.engine.org.OrgService(db.pool());
    long temp =
        await(
            orgService.upsertUser(
                com.chatcrm.engine.access.Actor.system(org.tenantA.id(), "t"),
                com.chatcrm.engine.org.OrgUser.rep("leaver", "离职者", "sales1")));
    await(
        orgService.deactivateUser(
            com.chatcrm.engine.access.Actor.system(org.tenantA.id(), "t"), "leaver"));
    assertThatThrownBy(() -> await(customers.create(org.a(temp), NewCustomer.named("离职者的客户"))))
        .isInstanceOf(Forbidden.class);
  }
}
