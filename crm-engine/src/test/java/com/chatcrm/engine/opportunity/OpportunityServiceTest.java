package com.chatcrm.engine.opportunity;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditEntry;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerChanges;
import com.chatcrm.engine.customer.CustomerLevel;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.error.Conflict;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.error.StaleVersion;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpportunityServiceTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static OrgFixture org;
  static OpportunityService opportunities;
  static CustomerService customers;
  static List<Stage> stages;
  static final AtomicInteger names = new AtomicInteger();

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    opportunities = new OpportunityService(db.pool());
    customers = new CustomerService(db.pool());
    stages = await(new StageService(db.pool()).list(org.a(org.admin)));
  }

  static Stage stage(String name) {
    return stages.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  /** A fresh customer of the user, so that tests do not see each other's opportunities. */
  static Customer customerOf(long owner) {
    return await(
        customers.create(org.a(owner), NewCustomer.named("客户" + names.incrementAndGet() + "号")));
  }

  static Opportunity opportunityOf(long owner, String amount) {
    return await(
        opportunities.create(
            org.a(owner),
            NewOpportunity.of(
                customerOf(owner).id(), "商机" + names.incrementAndGet(), new BigDecimal(amount))));
  }

  @Test
  @DisplayName(
      "a new opportunity belongs to the actor, starts in 初步接触 at 10%, and its creation is audited and recorded as its first stage")
  void createDefaults() {
    Customer c = customerOf(org.rep1);
    Actor actor = org.a(org.rep1);
    Opportunity o =
        await(
            opportunities.create(
                actor,
                NewOpportunity.of(c.id(), " 年度采购 ", new BigDecimal("128000.5"))
                    .withExpectedClose(LocalDate.of(2027, 6, 30))));
    assertThat(o.name()).isEqualTo("年度采购");
    assertThat(o.customerName()).isEqualTo(c.name());
    assertThat(o.amount()).isEqualByComparingTo("128000.50").hasToString("128000.50");
    assertThat(o.expectedClose()).isEqualTo(LocalDate.of(2027, 6, 30));
    assertThat(o.stageName()).isEqualTo("初步接触");
    assertThat(o.probability()).isEqualTo(10);
    assertThat(o.weightedAmount()).hasToString("12800.05");
    assertThat(o.status()).isEqualTo(OpportunityStatus.OPEN);
    assertThat(o.ownerId()).isEqualTo(org.rep1);
    assertThat(o.ownerName()).isEqualTo("李雷");
    assertThat(o.closedAt()).isNull();
    assertThat(o.version()).isEqualTo(1);
    assertThat(await(opportunities.get(org.a(org.rep1), o.id()))).isEqualTo(o);

    assertThat(await(opportunities.history(org.a(org.rep1), o.id())))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.action()).isEqualTo("create");
              assertThat(e.actorId()).isEqualTo(org.rep1);
              assertThat(e.sourceRef()).isEqualTo(actor.source().ref());
              assertThat(e.changes().getString("amount")).isEqualTo("128000.50");
              assertThat(e.changes().getString("stage")).isEqualTo("初步接触");
            });
    assertThat(await(opportunities.moves(org.a(org.rep1), o.id())))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.fromStageId()).isNull();
              assertThat(m.toStageName()).isEqualTo("初步接触");
              assertThat(m.movedByName()).isEqualTo("李雷");
            });
  }

  @Test
  @DisplayName("a stage and a probability may be chosen at creation, but not a closing stage")
  void createInAStage() {
    Customer c = customerOf(org.rep1);
    Opportunity o =
        await(
            opportunities.create(
                org.a(org.rep1),
                NewOpportunity.of(c.id(), "报价中", null)
                    .withStage(stage("方案报价").id())
                    .withProbability(55)));
    assertThat(o.stageName()).isEqualTo("方案报价");
    assertThat(o.probability()).isEqualTo(55);
    assertThat(o.amount()).hasToString("0.00");

    assertThatThrownBy(
            () ->
                await(
                    opportunities.create(
                        org.a(org.rep1),
                        NewOpportunity.of(c.id(), "直接赢单", null).withStage(stage("赢单").id()))))
        .isInstanceOf(InvalidInput.class)
        .satisfies(
            e -> assertThat(((InvalidInput) e).details().getString("field")).isEqualTo("stageId"));
    assertThatThrownBy(
            () -> await(opportunities.create(org.b(), NewOpportunity.of(c.id(), "别家的阶段", null))))
        .isInstanceOf(NotFound.class);
  }

  @ParameterizedTest(name = "amount {0} is refused")
  @ValueSource(strings = {"-0.01", "10.001", "0.005", "100000000000000"})
  @DisplayName(
      "amounts are exact yuan: negative, sub-fen and oversized amounts are refused, not rounded")
  void amountRules(String amount) {
    Customer c = customerOf(org.rep1);
    assertThatThrownBy(
            () ->
                await(
                    opportunities.create(
                        org.a(org.rep1), NewOpportunity.of(c.id(), "金额", new BigDecimal(amount)))))
        .isInstanceOf(InvalidInput.class)
        .satisfies(
            e -> assertThat(((InvalidInput) e).details().getString("field")).isEqualTo("amount"));
  }

  @Test
  void nameAndProbabilityAreChecked() {
    Customer c = customerOf(org.rep1);
    assertThatThrownBy(
            () ->
                await(opportunities.create(org.a(org.rep1), NewOpportunity.of(c.id(), " ", null))))
        .isInstanceOf(InvalidInput.class);
    assertThatThrownBy(
            () ->
                await(
                    opportunities.create(
                        org.a(org.rep1),
                        NewOpportunity.of(c.id(), "赢率", null).withProbability(120))))
        .isInstanceOf(InvalidInput.class);
    assertThat(
            await(
                    opportunities.create(
                        org.a(org.rep1),
                        NewOpportunity.of(c.id(), "最大金额", new BigDecimal("99999999999999.99"))))
                .amount())
        .hasToString("99999999999999.99");
  }

  @Test
  @DisplayName("an opportunity needs a customer the actor may work on")
  void customerMustBeEditable() {
    Customer others = customerOf(org.rep3);
    // another department's customer is not there for them; a pool customer is, but must be claimed
    // first
    assertThatThrownBy(
            () ->
                await(
                    opportunities.create(
                        org.a(org.rep1), NewOpportunity.of(others.id(), "抢单", null))))
        .isInstanceOf(NotFound.class);

    Customer pooled = customerOf(org.rep1);
    await(
        db.pool()
            .preparedQuery(
                "UPDATE customer SET owner_id = NULL, in_pool = true WHERE tenant_id = $1 AND id = $2")
            .execute(Tuple.of(org.tenantA.id(), pooled.id())));
    assertThatThrownBy(
            () ->
                await(
                    opportunities.create(
                        org.a(org.rep1), NewOpportunity.of(pooled.id(), "公海单", null))))
        .isInstanceOf(Forbidden.class);

    Customer deleted = customerOf(org.rep1);
    await(customers.delete(org.a(org.rep1), deleted.id()));
    assertThatThrownBy(
            () ->
                await(
                    opportunities.create(
                        org.a(org.rep1), NewOpportunity.of(deleted.id(), "已删客户", null))))
        .isInstanceOf(NotFound.class);
  }

  @Test
  @DisplayName(
      "a manager may create an opportunity for a subordinate, not for another department's rep")
  void ownerChoice() {
    Customer c = customerOf(org.manager1);
    Opportunity o =
        await(
            opportunities.create(
                org.a(org.manager1), NewOpportunity.of(c.id(), "分配", null).withOwner(org.rep2)));
    assertThat(o.ownerName()).isEqualTo("韩梅梅");
    assertThat(await(opportunities.get(org.a(org.rep2), o.id())).id()).isEqualTo(o.id());
    assertThatThrownBy(
            () ->
                await(
                    opportunities.create(
                        org.a(org.manager1),
                        NewOpportunity.of(c.id(), "越权", null).withOwner(org.rep3))))
        .isInstanceOf(Forbidden.class);
    assertThatThrownBy(
            () ->
                await(
                    opportunities.create(
                        org.a(org.rep1),
                        NewOpportunity.of(customerOf(org.rep1).id(), "给同事", null)
                            .withOwner(org.rep2))))
        .isInstanceOf(Forbidden.class);
  }

  @Test
  @DisplayName(
      "a stale edit is refused with a clear conflict, and the first edit is kept and audited")
  void updateWithOptimisticLocking() {
    Opportunity o = opportunityOf(org.rep1, "50000");
    Opportunity edited =
        await(
            opportunities.update(
                org.a(org.rep1),
                o.id(),
                1,
                OpportunityChanges.none()
                    .amount(new BigDecimal("80000"))
                    .probability(40)
                    .expectedClose(LocalDate.of(2027, 1, 31))));
    assertThat(edited.version()).isEqualTo(2);
    assertThat(edited.amount()).hasToString("80000.00");
    assertThat(edited.probability()).isEqualTo(40);

    assertThatThrownBy(
            () ->
                await(
                    opportunities.update(
                        org.a(org.manager1), o.id(), 1, OpportunityChanges.none().name("改名"))))
        .isInstanceOf(StaleVersion.class)
        .satisfies(
            e -> {
              assertThat(((StaleVersion) e).details().getInteger("currentVersion")).isEqualTo(2);
              assertThat(e.getMessage()).contains("已被他人修改");
            });
    assertThat(await(opportunities.get(org.a(org.rep1), o.id())).name()).isEqualTo(o.name());

    Opportunity cleared =
        await(
            opportunities.update(
                org.a(org.rep1), o.id(), 2, OpportunityChanges.none().noExpectedClose()));
    assertThat(cleared.expectedClose()).isNull();
    // an edit that changes nothing is no edit
    assertThat(
            await(
                    opportunities.update(
                        org.a(org.rep1),
                        o.id(),
                        3,
                        OpportunityChanges.none().amount(new BigDecimal("80000.00"))))
                .version())
        .isEqualTo(3);

    List<AuditEntry> history = await(opportunities.history(org.a(org.rep1), o.id()));
    assertThat(history)
        .extracting(AuditEntry::action)
        .containsExactly("create", "update", "update");
    assertThat(history.get(1).changes().getJsonObject("amount").getString("from"))
        .isEqualTo("50000.00");
    assertThat(history.get(1).changes().getJsonObject("amount").getString("to"))
        .isEqualTo("80000.00");
    assertThat(history.get(1).changes().getJsonObject("probability").getInteger("from"))
        .isEqualTo(10);
    assertThat(history.get(1).changes().containsKey("name")).isFalse();
  }

  @Test
  @DisplayName(
      "every stage move is recorded with who and when, audited, and gives the stage's probability")
  void stageMoves() {
    Opportunity o = opportunityOf(org.rep2, "30000");
    Opportunity moved =
        await(opportunities.moveStage(org.a(org.rep2), o.id(), 1, stage("需求确认").id()));
    assertThat(moved.stageName()).isEqualTo("需求确认");
    assertThat(moved.probability()).isEqualTo(30);
    assertThat(moved.version()).isEqualTo(2);
    moved = await(opportunities.moveStage(org.a(org.manager1), o.id(), 2, stage("谈判签约").id()));
    assertThat(moved.probability()).isEqualTo(80);

    List<StageMove> moves = await(opportunities.moves(org.a(org.rep2), o.id()));
    assertThat(moves).extracting(StageMove::fromStageName).containsExactly(null, "初步接触", "需求确认");
    assertThat(moves).extracting(StageMove::toStageName).containsExactly("初步接触", "需求确认", "谈判签约");
    assertThat(moves).extracting(StageMove::movedByName).containsExactly("韩梅梅", "韩梅梅", "张经理");
    assertThat(moves.get(2).movedAt())
        .isCloseTo(OffsetDateTime.now(), within(1, ChronoUnit.MINUTES));

    List<AuditEntry> history = await(opportunities.history(org.a(org.rep2), o.id()));
    assertThat(history)
        .extracting(AuditEntry::action)
        .containsExactly("create", "stage_move", "stage_move");
    assertThat(history.get(2).actorId()).isEqualTo(org.manager1);
    assertThat(history.get(2).changes().getJsonObject("stage").getString("from")).isEqualTo("需求确认");
    assertThat(history.get(2).changes().getJsonObject("stage").getString("to")).isEqualTo("谈判签约");
    assertThat(history.get(2).changes().getJsonObject("probability").getInteger("to"))
        .isEqualTo(80);

    assertThatThrownBy(
            () -> await(opportunities.moveStage(org.a(org.rep2), o.id(), 2, stage("方案报价").id())))
        .isInstanceOf(StaleVersion.class);
    // moving to where it already is changes nothing
    assertThat(
            await(opportunities.moveStage(org.a(org.rep2), o.id(), 3, stage("谈判签约").id()))
                .version())
        .isEqualTo(3);
    assertThat(await(opportunities.moves(org.a(org.rep2), o.id()))).hasSize(3);
  }

  @Test
  @DisplayName(
      "two people moving the same opportunity at once: exactly one move wins, the other is told it is stale")
  void concurrentMoves() {
    Opportunity o = opportunityOf(org.rep1, "10000");
    List<Future<Opportunity>> attempts =
        List.of(
            opportunities.moveStage(org.a(org.rep1), o.id(), 1, stage("需求确认").id()),
            opportunities.moveStage(org.a(org.manager1), o.id(), 1, stage("方案报价").id()),
            opportunities.win(org.a(org.admin), o.id(), 1));
    await(Future.join(attempts).otherwiseEmpty());
    assertThat(attempts.stream().filter(Future::succeeded)).hasSize(1);
    assertThat(attempts.stream().filter(Future::failed))
        .allSatisfy(f -> assertThat(f.cause()).isInstanceOf(StaleVersion.class));
    assertThat(await(opportunities.moves(org.a(org.rep1), o.id()))).hasSize(2);
    assertThat(await(opportunities.get(org.a(org.rep1), o.id())).version()).isEqualTo(2);
  }

  @Test
  @DisplayName("the system must name an owner, and its moves are booked to that owner")
  void systemActor() {
    Customer c = customerOf(org.rep1);
    Actor system = Actor.system(org.tenantA.id(), "import");
    assertThatThrownBy(
            () -> await(opportunities.create(system, NewOpportunity.of(c.id(), "导入", null))))
        .isInstanceOf(InvalidInput.class);
    Opportunity o =
        await(
            opportunities.create(
                system, NewOpportunity.of(c.id(), "导入", null).withOwner(org.rep1)));
    assertThat(o.createdBy()).isEqualTo(org.rep1);
    await(opportunities.moveStage(system, o.id(), 1, stage("需求确认").id()));
    assertThat(await(opportunities.moves(org.a(org.rep1), o.id())))
        .extracting(StageMove::movedBy)
        .containsOnly(org.rep1);
    assertThat(await(opportunities.history(org.a(org.rep1), o.id())))
        .extracting(AuditEntry::actorId)
        .containsOnlyNulls();
  }

  @Test
  @DisplayName(
      "won: status won, closed now, probability 100, and the probability can no longer be edited; reopening clears the close")
  void winAndReopen() {
    Opportunity o = opportunityOf(org.rep1, "200000");
    Opportunity won = await(opportunities.moveStage(org.a(org.rep1), o.id(), 1, stage("赢单").id()));
    assertThat(won.status()).isEqualTo(OpportunityStatus.WON);
    assertThat(won.probability()).isEqualTo(100);
    assertThat(won.closedAt()).isCloseTo(OffsetDateTime.now(), within(1, ChronoUnit.MINUTES));
    assertThat(won.weightedAmount()).hasToString("200000.00");

    assertThatThrownBy(
            () ->
                await(
                    opportunities.update(
                        org.a(org.rep1), o.id(), 2, OpportunityChanges.none().probability(50))))
        .isInstanceOf(Conflict.class);
    // the contract amount may still be corrected
    Opportunity corrected =
        await(
            opportunities.update(
                org.a(org.rep1),
                o.id(),
                2,
                OpportunityChanges.none().amount(new BigDecimal("198000"))));
    assertThat(corrected.status()).isEqualTo(OpportunityStatus.WON);

    Opportunity reopened =
        await(opportunities.moveStage(org.a(org.rep1), o.id(), 3, stage("谈判签约").id()));
    assertThat(reopened.status()).isEqualTo(OpportunityStatus.OPEN);
    assertThat(reopened.closedAt()).isNull();
    assertThat(reopened.probability()).isEqualTo(80);

    Opportunity again = await(opportunities.win(org.a(org.rep1), o.id(), 4));
    assertThat(again.stageName()).isEqualTo("赢单");
    assertThat(again.status()).isEqualTo(OpportunityStatus.WON);
    assertThat(
            await(opportunities.history(org.a(org.rep1), o.id()))
                .get(1)
                .changes()
                .getJsonObject("status")
                .getString("to"))
        .isEqualTo("won");
  }

  @Test
  @DisplayName(
      "losing needs a reason; lost means probability 0 and closed; reopening clears the reason")
  void loseAndReopen() {
    Opportunity o = opportunityOf(org.rep1, "60000");
    assertThatThrownBy(() -> await(opportunities.lose(org.a(org.rep1), o.id(), 1, "  ")))
        .isInstanceOf(InvalidInput.class)
        .satisfies(
            e -> assertThat(((InvalidInput) e).details().getString("field")).isEqualTo("reason"));
    assertThatThrownBy(
            () -> await(opportunities.moveStage(org.a(org.rep1), o.id(), 1, stage("输单").id())))
        .isInstanceOf(InvalidInput.class)
        .satisfies(
            e -> assertThat(((InvalidInput) e).details().getString("field")).isEqualTo("reason"));
    assertThat(await(opportunities.get(org.a(org.rep1), o.id())).status())
        .isEqualTo(OpportunityStatus.OPEN);

    Opportunity lost = await(opportunities.lose(org.a(org.rep1), o.id(), 1, " 价格没谈拢，客户选了竞品 "));
    assertThat(lost.status()).isEqualTo(OpportunityStatus.LOST);
    assertThat(lost.stageName()).isEqualTo("输单");
    assertThat(lost.probability()).isZero();
    assertThat(lost.lostReason()).isEqualTo("价格没谈拢，客户选了竞品");
    assertThat(lost.closedAt()).isNotNull();
    assertThatThrownBy(() -> await(opportunities.lose(org.a(org.rep1), o.id(), 2, "再输一次")))
        .isInstanceOf(Conflict.class);

    Opportunity reopened =
        await(opportunities.moveStage(org.a(org.rep1), o.id(), 2, stage("需求确认").id()));
    assertThat(reopened.status()).isEqualTo(OpportunityStatus.OPEN);
    assertThat(reopened.lostReason()).isNull();
    assertThat(reopened.closedAt()).isNull();
    assertThat(reopened.probability()).isEqualTo(30);

    List<AuditEntry> history = await(opportunities.history(org.a(org.rep1), o.id()));
    assertThat(history.get(1).changes().getJsonObject("lostReason").getString("to"))
        .isEqualTo("价格没谈拢，客户选了竞品");
    assertThat(history.get(2).changes().getJsonObject("lostReason").getString("to")).isNull();
  }

  @Test
  @DisplayName("soft delete hides the opportunity; the owner's manager restores it")
  void deleteAndRestore() {
    Opportunity o = opportunityOf(org.rep1, "1000");
    await(opportunities.delete(org.a(org.rep1), o.id()));
    assertThatThrownBy(() -> await(opportunities.get(org.a(org.rep1), o.id())))
        .isInstanceOf(NotFound.class);
    assertThat(await(opportunities.listForCustomer(org.a(org.rep1), o.customerId()))).isEmpty();
    assertThatThrownBy(
            () -> await(opportunities.moveStage(org.a(org.rep1), o.id(), 2, stage("需求确认").id())))
        .isInstanceOf(NotFound.class);
    assertThatThrownBy(() -> await(opportunities.restore(org.a(org.rep3), o.id())))
        .isInstanceOf(NotFound.class);

    Opportunity restored = await(opportunities.restore(org.a(org.manager1), o.id()));
    assertThat(restored.deleted()).isFalse();
    assertThat(await(opportunities.listForCustomer(org.a(org.rep1), o.customerId())))
        .extracting(Opportunity::id)
        .containsExactly(o.id());
    assertThat(await(opportunities.history(org.a(org.rep1), o.id())))
        .extracting(AuditEntry::action)
        .containsExactly("create", "delete", "restore");
  }

  @Test
  @DisplayName("the opportunities of a deleted customer disappear with it")
  void deletedCustomer() {
    Opportunity o = opportunityOf(org.rep1, "1000");
    await(customers.delete(org.a(org.rep1), o.customerId()));
    assertThatThrownBy(() -> await(opportunities.get(org.a(org.rep1), o.id())))
        .isInstanceOf(NotFound.class);
    assertThatThrownBy(() -> await(opportunities.listForCustomer(org.a(org.rep1), o.customerId())))
        .isInstanceOf(NotFound.class);
  }

  @Test
  @DisplayName("a customer's opportunities are listed open ones first")
  void listForCustomer() {
    Customer c = customerOf(org.rep1);
    Opportunity first =
        await(
            opportunities.create(org.a(org.rep1), NewOpportunity.of(c.id(), "一期", BigDecimal.ONE)));
    Opportunity second =
        await(
            opportunities.create(org.a(org.rep1), NewOpportunity.of(c.id(), "二期", BigDecimal.ONE)));
    await(opportunities.win(org.a(org.rep1), first.id(), 1));
    assertThat(await(opportunities.listForCustomer(org.a(org.rep1), c.id())))
        .extracting(Opportunity::name)
        .containsExactly("二期", "一期");
    assertThat(await(opportunities.listForCustomer(org.a(org.manager1), c.id()))).hasSize(2);
    assertThatThrownBy(() -> await(opportunities.listForCustomer(org.a(org.rep3), c.id())))
        .isInstanceOf(NotFound.class);
    assertThatThrownBy(() -> await(opportunities.listForCustomer(org.b(), c.id())))
        .isInstanceOf(NotFound.class);
    assertThat(second.version()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "a collaborator on the customer sees and works its opportunities, but may not delete or transfer them")
  void collaborator() {
    Customer c = customerOf(org.rep3);
    Opportunity o =
        await(
            opportunities.create(
                org.a(org.rep3), NewOpportunity.of(c.id(), "协同商机", BigDecimal.TEN)));
    assertThatThrownBy(() -> await(opportunities.get(org.a(org.rep1), o.id())))
        .isInstanceOf(NotFound.class);

    await(customers.addCollaborator(org.a(org.rep3), c.id(), org.rep1));
    assertThat(await(opportunities.get(org.a(org.rep1), o.id())).name()).isEqualTo("协同商机");
    assertThat(
            await(opportunities.moveStage(org.a(org.rep1), o.id(), 1, stage("需求确认").id()))
                .stageName())
        .isEqualTo("需求确认");
    assertThatThrownBy(() -> await(opportunities.delete(org.a(org.rep1), o.id())))
        .isInstanceOf(Forbidden.class);
    assertThatThrownBy(() -> await(opportunities.transfer(org.a(org.rep1), o.id(), org.rep1)))
        .isInstanceOf(Forbidden.class);

    // and may add an opportunity of their own on the customer, which its owner sees too
    Opportunity mine =
        await(opportunities.create(org.a(org.rep1), NewOpportunity.of(c.id(), "我的协同商机", null)));
    assertThat(await(opportunities.listForCustomer(org.a(org.rep3), c.id())))
        .extracting(Opportunity::id)
        .containsExactlyInAnyOrder(o.id(), mine.id());
  }

  @Test
  @DisplayName("a transfer is audited and the new owner sees the opportunity")
  void transfer() {
    Opportunity o = opportunityOf(org.rep1, "5000");
    Opportunity moved = await(opportunities.transfer(org.a(org.manager1), o.id(), org.rep2));
    assertThat(moved.ownerName()).isEqualTo("韩梅梅");
    assertThat(await(opportunities.get(org.a(org.rep2), o.id())).ownerId()).isEqualTo(org.rep2);
    List<AuditEntry> history = await(opportunities.history(org.a(org.rep2), o.id()));
    assertThat(history.get(history.size() - 1).action()).isEqualTo("transfer");
    assertThat(history.get(history.size() - 1).changes().getJsonObject("ownerId").getLong("from"))
        .isEqualTo(org.rep1);
    assertThatThrownBy(
            () -> await(opportunities.transfer(org.a(org.manager1), o.id(), org.outsider)))
        .isInstanceOf(InvalidInput.class);
  }

  @Test
  @DisplayName(
      "a win makes the customer 成交 in the same transaction, audited; a later win changes nothing more")
  void winMakesTheCustomerADealCustomer() {
    Customer c = customerOf(org.rep1);
    assertThat(c.level().code()).isEqualTo("potential");
    Opportunity o =
        await(
            opportunities.create(
                org.a(org.rep1), NewOpportunity.of(c.id(), "成交级别", BigDecimal.ONE)));
    await(opportunities.win(org.a(org.rep1), o.id(), o.version()));
    Customer after = await(customers.get(org.a(org.rep1), c.id()));
    assertThat(after.level().code()).isEqualTo("deal");
    assertThat(after.version()).isEqualTo(c.version() + 1);
    var audit =
        await(
            db.pool()
                .preparedQuery(
                    "SELECT actor_id, changes FROM audit_log WHERE tenant_id = $1"
                        + " AND entity_type = 'customer' AND entity_id = $2 AND action = 'update'")
                .execute(Tuple.of(org.a(org.rep1).tenantId(), c.id())));
    assertThat(audit.size()).isEqualTo(1);
    var row = audit.iterator().next();
    assertThat(row.getLong("actor_id")).isEqualTo(org.rep1);
    assertThat(
            ((io.vertx.core.json.JsonObject) row.getValue("changes"))
                .getJsonObject("level")
                .getString("from"))
        .isEqualTo("potential");

    Opportunity second =
        await(
            opportunities.create(
                org.a(org.rep1), NewOpportunity.of(c.id(), "第二单", BigDecimal.ONE)));
    await(opportunities.win(org.a(org.rep1), second.id(), second.version()));
    assertThat(await(customers.get(org.a(org.rep1), c.id())).version()).isEqualTo(after.version());
  }

  @Test
  @DisplayName(
      "undoing a win gives the customer back its level from before the win, audited; not once the level was changed since")
  void undoingAWinRestoresTheLevel() {
    Customer c = customerOf(org.rep1);
    await(
        customers.update(
            org.a(org.rep1),
            c.id(),
            c.version(),
            CustomerChanges.none().level(CustomerLevel.INTENT)));
    Opportunity o =
        await(
            opportunities.create(
                org.a(org.rep1), NewOpportunity.of(c.id(), "撤销赢单", BigDecimal.ONE)));
    Opportunity won = await(opportunities.win(org.a(org.rep1), o.id(), o.version()));
    assertThat(await(customers.get(org.a(org.rep1), c.id())).level().code()).isEqualTo("deal");
    Opportunity back =
        await(opportunities.moveBack(org.a(org.rep1), o.id(), won.version(), o.stageId()));
    assertThat(back.status()).isEqualTo(OpportunityStatus.OPEN);
    assertThat(await(customers.get(org.a(org.rep1), c.id())).level().code()).isEqualTo("intent");
    var last =
        await(
                db.pool()
                    .preparedQuery(
                        "SELECT changes FROM audit_log WHERE tenant_id = $1"
                            + " AND entity_type = 'customer' AND entity_id = $2 ORDER BY id DESC LIMIT 1")
                    .execute(Tuple.of(org.a(org.rep1).tenantId(), c.id())))
            .iterator()
            .next();
    assertThat(
            ((io.vertx.core.json.JsonObject) last.getValue("changes"))
                .getJsonObject("level")
                .getString("to"))
        .isEqualTo("intent");

    // won again, then someone sets 成交 by hand: the level is no longer the win's doing
    Opportunity again = await(opportunities.win(org.a(org.rep1), o.id(), back.version()));
    Customer deal = await(customers.get(org.a(org.rep1), c.id()));
    Customer lost =
        await(
            customers.update(
                org.a(org.rep1),
                c.id(),
                deal.version(),
                CustomerChanges.none().level(CustomerLevel.LOST)));
    await(
        customers.update(
            org.a(org.rep1),
            c.id(),
            lost.version(),
            CustomerChanges.none().level(CustomerLevel.DEAL)));
    await(opportunities.moveBack(org.a(org.rep1), o.id(), again.version(), o.stageId()));
    assertThat(await(customers.get(org.a(org.rep1), c.id())).level().code()).isEqualTo("deal");
  }
}
