package com.chatcrm.engine.opportunity;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.audit.AuditEntry;
import com.chatcrm.engine.audit.AuditQueries;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.error.Conflict;
import com.chatcrm.engine.error.Duplicate;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StageServiceTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  // Every test edits stages, so every test gets companies of its own.
  OrgFixture org;
  StageService stages;
  OpportunityService opportunities;
  CustomerService customers;

  @BeforeEach
  void setUp() {
    org = OrgFixture.create(db.pool());
    stages = new StageService(db.pool());
    opportunities = new OpportunityService(db.pool());
    customers = new CustomerService(db.pool());
  }

  @Test
  @DisplayName("a new company has the six default stages in order, and every member may read them")
  void defaults() {
    List<Stage> list = await(stages.list(org.a(org.rep1)));
    assertThat(list)
        .extracting(Stage::name)
        .containsExactly("初步接触", "需求确认", "方案报价", "谈判签约", "赢单", "输单");
    assertThat(list).extracting(Stage::probability).containsExactly(10, 30, 60, 80, 100, 0);
    assertThat(list)
        .extracting(Stage::kind)
        .containsExactly(
            StageKind.OPEN,
            StageKind.OPEN,
            StageKind.OPEN,
            StageKind.OPEN,
            StageKind.WON,
            StageKind.LOST);
    assertThat(list).extracting(Stage::position).containsExactly(1, 2, 3, 4, 5, 6);

    List<Stage> theirs = await(stages.list(org.b()));
    assertThat(theirs)
        .extracting(Stage::name)
        .containsExactly("初步接触", "需求确认", "方案报价", "谈判签约", "赢单", "输单");
    assertThat(theirs)
        .extracting(Stage::id)
        .doesNotContainAnyElementsOf(list.stream().map(Stage::id).toList());
  }

  @Test
  @DisplayName("reps and managers may read stages but not change them")
  void onlyAdminsEdit() {
    Stage first = await(stages.list(org.a(org.rep1))).get(0);
    for (long user : List.of(org.rep1, org.manager1)) {
      assertThatThrownBy(() -> await(stages.add(org.a(user), "商务谈判", 70)))
          .isInstanceOf(Forbidden.class);
      assertThatThrownBy(() -> await(stages.rename(org.a(user), first.id(), "接触")))
          .isInstanceOf(Forbidden.class);
      assertThatThrownBy(() -> await(stages.setProbability(org.a(user), first.id(), 5)))
          .isInstanceOf(Forbidden.class);
      assertThatThrownBy(() -> await(stages.deactivate(org.a(user), first.id())))
          .isInstanceOf(Forbidden.class);
    }
    assertThat(await(stages.list(org.a(org.admin))).get(0)).isEqualTo(first);
  }

  @Test
  @DisplayName(
      "an admin adds a stage: it comes after the last open stage, before 赢单 and 输单, and is audited")
  void add() {
    Stage added = await(stages.add(org.a(org.admin), " 合同审批 ", 90));
    assertThat(added.name()).isEqualTo("合同审批");
    assertThat(added.kind()).isEqualTo(StageKind.OPEN);
    assertThat(await(stages.list(org.a(org.rep1))))
        .extracting(Stage::name)
        .containsExactly("初步接触", "需求确认", "方案报价", "谈判签约", "合同审批", "赢单", "输单");

    List<AuditEntry> history =
        await(AuditQueries.history(db.pool(), org.tenantA.id(), "opportunity_stage", added.id()));
    assertThat(history)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.action()).isEqualTo("create");
              assertThat(e.actorId()).isEqualTo(org.admin);
              assertThat(e.changes().getInteger("probability")).isEqualTo(90);
            });

    assertThatThrownBy(() -> await(stages.add(org.a(org.admin), "方案报价", 50)))
        .isInstanceOf(Duplicate.class);
    assertThatThrownBy(() -> await(stages.add(org.a(org.admin), "  ", 50)))
        .isInstanceOf(InvalidInput.class);
    assertThatThrownBy(() -> await(stages.add(org.a(org.admin), "过高", 101)))
        .isInstanceOf(InvalidInput.class)
        .satisfies(
            e ->
                assertThat(((InvalidInput) e).details().getString("field"))
                    .isEqualTo("probability"));
  }

  @Test
  @DisplayName("renaming is audited; a name another stage has is refused")
  void rename() {
    Stage first = await(stages.list(org.a(org.admin))).get(0);
    Stage renamed = await(stages.rename(org.a(org.admin), first.id(), "首次拜访"));
    assertThat(renamed.name()).isEqualTo("首次拜访");
    assertThat(renamed.position()).isEqualTo(1);
    assertThatThrownBy(() -> await(stages.rename(org.a(org.admin), first.id(), "赢单")))
        .isInstanceOf(Duplicate.class);

    List<AuditEntry> history =
        await(AuditQueries.history(db.pool(), org.tenantA.id(), "opportunity_stage", first.id()));
    assertThat(history)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.action()).isEqualTo("update");
              assertThat(e.changes().getJsonObject("name").getString("from")).isEqualTo("初步接触");
              assertThat(e.changes().getJsonObject("name").getString("to")).isEqualTo("首次拜访");
            });
  }

  @Test
  @DisplayName(
      "a new probability applies to opportunities entering the stage; those already in it keep theirs")
  void reProbability() {
    List<Stage> list = await(stages.list(org.a(org.admin)));
    Stage first = list.get(0);
    Customer c = await(customers.create(org.a(org.rep1), NewCustomer.named("赢率测试")));
    Opportunity before =
        await(
            opportunities.create(org.a(org.rep1), NewOpportunity.of(c.id(), "旧单", BigDecimal.TEN)));

    assertThat(await(stages.setProbability(org.a(org.admin), first.id(), 15)).probability())
        .isEqualTo(15);

    assertThat(await(opportunities.get(org.a(org.rep1), before.id())).probability()).isEqualTo(10);
    Opportunity after =
        await(
            opportunities.create(org.a(org.rep1), NewOpportunity.of(c.id(), "新单", BigDecimal.TEN)));
    assertThat(after.probability()).isEqualTo(15);

    Stage won = list.get(4);
    assertThatThrownBy(() -> await(stages.setProbability(org.a(org.admin), won.id(), 90)))
        .isInstanceOf(InvalidInput.class);
    assertThatThrownBy(() -> await(stages.setProbability(org.a(org.admin), first.id(), -1)))
        .isInstanceOf(InvalidInput.class);
  }

  @Test
  @DisplayName(
      "an admin reorders the open stages; 赢单 and 输单 stay last, and each change of place is audited")
  void reorder() {
    List<Stage> list = await(stages.list(org.a(org.admin)));
    List<Long> open =
        List.of(list.get(1).id(), list.get(0).id(), list.get(2).id(), list.get(3).id());
    List<Stage> reordered = await(stages.reorder(org.a(org.admin), open));
    assertThat(reordered)
        .extracting(Stage::name)
        .containsExactly("需求确认", "初步接触", "方案报价", "谈判签约", "赢单", "输单");
    assertThat(await(stages.list(org.a(org.rep1)))).isEqualTo(reordered);
    assertThat(
            await(
                AuditQueries.history(
                    db.pool(), org.tenantA.id(), "opportunity_stage", list.get(0).id())))
        .singleElement()
        .satisfies(e -> assertThat(e.action()).isEqualTo("reorder"));
    assertThat(
            await(
                AuditQueries.history(
                    db.pool(), org.tenantA.id(), "opportunity_stage", list.get(2).id())))
        .isEmpty();

    // a new opportunity now starts in the stage that comes first
    Customer c = await(customers.create(org.a(org.rep1), NewCustomer.named("顺序测试")));
    assertThat(
            await(opportunities.create(org.a(org.rep1), NewOpportunity.of(c.id(), "单", null)))
                .stageName())
        .isEqualTo("需求确认");

    assertThatThrownBy(() -> await(stages.reorder(org.a(org.admin), open.subList(0, 3))))
        .isInstanceOf(InvalidInput.class);
    List<Long> withWon =
        List.of(list.get(4).id(), list.get(0).id(), list.get(1).id(), list.get(2).id());
    assertThatThrownBy(() -> await(stages.reorder(org.a(org.admin), withWon)))
        .isInstanceOf(InvalidInput.class);
  }

  @Test
  @DisplayName(
      "a stage with live opportunities cannot be deactivated; once empty it can, and it takes no new ones")
  void deactivate() {
    List<Stage> list = await(stages.list(org.a(org.admin)));
    Stage quoting = list.get(2);
    Customer c = await(customers.create(org.a(org.rep1), NewCustomer.named("停用测试")));
    Opportunity created =
        await(
            opportunities.create(
                org.a(org.rep1),
                NewOpportunity.of(c.id(), "报价单", BigDecimal.ONE).withStage(quoting.id())));

    assertThatThrownBy(() -> await(stages.deactivate(org.a(org.admin), quoting.id())))
        .isInstanceOf(Conflict.class)
        .satisfies(
            e -> assertThat(((Conflict) e).details().getLong("opportunities")).isEqualTo(1L));

    Opportunity o =
        await(
            opportunities.moveStage(
                org.a(org.rep1), created.id(), created.version(), list.get(3).id()));
    Stage inactive = await(stages.deactivate(org.a(org.admin), quoting.id()));
    assertThat(inactive.active()).isFalse();
    assertThat(await(stages.list(org.a(org.rep1))))
        .extracting(Stage::name)
        .containsExactly("初步接触", "需求确认", "谈判签约", "赢单", "输单");
    assertThat(await(stages.listAll(org.a(org.rep1))))
        .extracting(Stage::name)
        .containsExactly("初步接触", "需求确认", "谈判签约", "赢单", "输单", "方案报价");

    int version = o.version();
    assertThatThrownBy(
            () -> await(opportunities.moveStage(org.a(org.rep1), o.id(), version, quoting.id())))
        .isInstanceOf(InvalidInput.class);
    assertThatThrownBy(
            () ->
                await(
                    opportunities.create(
                        org.a(org.rep1),
                        NewOpportunity.of(c.id(), "新报价", null).withStage(quoting.id()))))
        .isInstanceOf(InvalidInput.class);

    Stage back = await(stages.activate(org.a(org.admin), quoting.id()));
    assertThat(back.active()).isTrue();
    assertThat(await(stages.list(org.a(org.rep1))))
        .extracting(Stage::name)
        .containsExactly("初步接触", "需求确认", "谈判签约", "方案报价", "赢单", "输单");
    assertThat(
            await(
                AuditQueries.history(
                    db.pool(), org.tenantA.id(), "opportunity_stage", quoting.id())))
        .extracting(AuditEntry::action)
        .containsExactly("deactivate", "activate");
  }

  @Test
  @DisplayName("exactly one 赢单 and one 输单 stage stay active, and at least one open stage")
  void closingStagesStay() {
    List<Stage> list = await(stages.list(org.a(org.admin)));
    for (Stage closing : list.subList(4, 6)) {
      assertThatThrownBy(() -> await(stages.deactivate(org.a(org.admin), closing.id())))
          .isInstanceOf(Conflict.class);
      assertThatThrownBy(() -> await(stages.delete(org.a(org.admin), closing.id())))
          .isInstanceOf(Conflict.class);
    }
    for (Stage open : list.subList(1, 4)) {
      await(stages.deactivate(org.a(org.admin), open.id()));
    }
    assertThatThrownBy(() -> await(stages.deactivate(org.a(org.admin), list.get(0).id())))
        .isInstanceOf(Conflict.class);
    assertThat(await(stages.list(org.a(org.rep1))))
        .extracting(Stage::kind)
        .containsExactly(StageKind.OPEN, StageKind.WON, StageKind.LOST);
  }

  @Test
  @DisplayName(
      "an unused stage can be deleted; one that any opportunity used can only be deactivated")
  void delete() {
    Stage spare = await(stages.add(org.a(org.admin), "备用阶段", 50));
    await(stages.delete(org.a(org.admin), spare.id()));
    assertThat(await(stages.listAll(org.a(org.admin))))
        .extracting(Stage::name)
        .doesNotContain("备用阶段");
    assertThat(await(stages.listAll(org.a(org.admin))))
        .extracting(Stage::position)
        .containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(
            await(
                AuditQueries.history(db.pool(), org.tenantA.id(), "opportunity_stage", spare.id())))
        .extracting(AuditEntry::action)
        .containsExactly("create", "delete");

    // used once and left again: still in use, because its stage history refers to it
    Stage used = await(stages.list(org.a(org.admin))).get(1);
    Customer c = await(customers.create(org.a(org.rep1), NewCustomer.named("删除阶段测试")));
    Opportunity o =
        await(
            opportunities.create(
                org.a(org.rep1), NewOpportunity.of(c.id(), "单", null).withStage(used.id())));
    await(
        opportunities.moveStage(
            org.a(org.rep1),
            o.id(),
            o.version(),
            await(stages.list(org.a(org.admin))).get(0).id()));
    await(stages.deactivate(org.a(org.admin), used.id()));
    assertThatThrownBy(() -> await(stages.delete(org.a(org.admin), used.id())))
        .isInstanceOf(Conflict.class);
  }

  @Test
  @DisplayName(
      "the settings page's 删除: refused while deals sit in the stage, saying how many; then deleted or deactivated")
  void remove() {
    List<Stage> list = await(stages.list(org.a(org.admin)));
    Stage quoting = list.get(2);
    Customer c = await(customers.create(org.a(org.rep1), NewCustomer.named("删除测试")));
    Opportunity one =
        await(
            opportunities.create(
                org.a(org.rep1),
                NewOpportunity.of(c.id(), "一单", BigDecimal.ONE).withStage(quoting.id())));
    await(
        opportunities.create(
            org.a(org.rep1), NewOpportunity.of(c.id(), "二单", null).withStage(quoting.id())));

    assertThatThrownBy(() -> await(stages.remove(org.a(org.admin), quoting.id())))
        .isInstanceOf(Conflict.class)
        .hasMessage("「方案报价」阶段还有 2 个商机，不能删除：请先把它们移到其他阶段")
        .satisfies(
            e -> assertThat(((Conflict) e).details().getLong("opportunities")).isEqualTo(2L));
    assertThat(await(stages.list(org.a(org.admin)))).extracting(Stage::id).contains(quoting.id());

    // both deals leave the stage: it was used, so it is deactivated, not deleted
    await(opportunities.moveStage(org.a(org.rep1), one.id(), one.version(), list.get(3).id()));
    Opportunity two =
        await(opportunities.listForCustomer(org.a(org.admin), c.id())).stream()
            .filter(o -> o.stageId() == quoting.id())
            .findFirst()
            .orElseThrow();
    await(opportunities.moveStage(org.a(org.admin), two.id(), two.version(), list.get(1).id()));
    assertThat(await(stages.remove(org.a(org.admin), quoting.id())))
        .isEqualTo(StageService.Removal.DEACTIVATED);
    assertThat(await(stages.listAll(org.a(org.admin))))
        .filteredOn(s -> s.id() == quoting.id())
        .singleElement()
        .satisfies(s -> assertThat(s.active()).isFalse());

    // a stage nobody ever used is deleted
    Stage spare = await(stages.add(org.a(org.admin), "试用阶段", 40));
    assertThat(await(stages.remove(org.a(org.admin), spare.id())))
        .isEqualTo(StageService.Removal.DELETED);
    assertThat(await(stages.listAll(org.a(org.admin))))
        .extracting(Stage::name)
        .doesNotContain("试用阶段");
  }

  @Test
  @DisplayName(
      "赢单 and 输单 keep their kind: renamed yes, removed or re-weighted no; reps and managers may not remove")
  void closingStagesRenamedNotRemoved() {
    List<Stage> list = await(stages.list(org.a(org.admin)));
    Stage won = list.get(4);
    Stage renamed = await(stages.update(org.a(org.admin), won.id(), "签约成功", null));
    assertThat(renamed.name()).isEqualTo("签约成功");
    assertThat(renamed.kind()).isEqualTo(StageKind.WON);
    assertThatThrownBy(() -> await(stages.remove(org.a(org.admin), won.id())))
        .isInstanceOf(Conflict.class)
        .hasMessageContaining("不能删除");
    assertThatThrownBy(() -> await(stages.update(org.a(org.admin), won.id(), null, 90)))
        .isInstanceOf(InvalidInput.class)
        .hasMessageContaining("赢率固定为 100%");
    for (long user : new long[] {org.rep1, org.manager1}) {
      assertThatThrownBy(() -> await(stages.remove(org.a(user), list.get(0).id())))
          .isInstanceOf(Forbidden.class);
      assertThatThrownBy(() -> await(stages.update(org.a(user), list.get(0).id(), "改", 5)))
          .isInstanceOf(Forbidden.class);
    }
  }

  @Test
  @DisplayName("name and win rate change together in one audit row; an empty change is refused")
  void updateBoth() {
    Stage first = await(stages.list(org.a(org.admin))).get(0);
    Stage changed = await(stages.update(org.a(org.admin), first.id(), "首次接触", 15));
    assertThat(changed.name()).isEqualTo("首次接触");
    assertThat(changed.probability()).isEqualTo(15);
    assertThat(
            await(
                AuditQueries.history(db.pool(), org.tenantA.id(), "opportunity_stage", first.id())))
        .singleElement()
        .satisfies(
            e -> assertThat(e.changes().fieldNames()).containsExactly("name", "probability"));
    assertThatThrownBy(() -> await(stages.update(org.a(org.admin), first.id(), null, null)))
        .isInstanceOf(InvalidInput.class);
    assertThatThrownBy(() -> await(stages.update(org.a(org.admin), first.id(), null, 101)))
        .isInstanceOf(InvalidInput.class)
        .hasMessageContaining("0 到 100");
  }
}
