package com.chatcrm.engine.contract;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.Opportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import com.chatcrm.engine.testing.PermissionMatrix;
import com.chatcrm.engine.testing.PermissionMatrix.Role;
import com.chatcrm.engine.testing.PermissionMatrix.Whose;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The permission matrix of contracts and collections: rep / manager / admin × own / subordinate's /
 * other department's / other company's × read, 回款 and 生成合同. A refused cell answers NotFound, as a
 * missing id does, and writes nothing.
 */
class ContractPermissionTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  enum Op {
    READ,
    RECEIPT,
    CREATE
  }

  static OrgFixture org;
  static ContractService contracts;
  static OpportunityService opportunities;
  static CustomerService customers;

  /** One contract of 100万 per owner, keyed by user id; the outsider's lives in tenant B. */
  static final Map<Long, Contract> byOwner = new HashMap<>();

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    contracts = new ContractService(db.pool(), Clock.systemUTC());
    opportunities = new OpportunityService(db.pool());
    customers = new CustomerService(db.pool());
    for (long owner : List.of(org.admin, org.manager1, org.rep1, org.rep2, org.rep3)) {
      Opportunity won = won(org.a(owner), "客户-" + owner);
      byOwner.put(
          owner,
          await(contracts.create(org.a(owner), NewContract.from(won.id()).plan(instalment()))));
    }
    Opportunity theirs = won(org.b(), "远山的客户");
    byOwner.put(
        org.outsider,
        await(contracts.create(org.b(), NewContract.from(theirs.id()).plan(instalment()))));
  }

  static PlannedInstalment instalment() {
    return new PlannedInstalment(LocalDate.now().plusDays(20), new BigDecimal("1000000"));
  }

  static Opportunity won(Actor owner, String customerName) {
    var c = await(customers.create(owner, NewCustomer.named(customerName)));
    Opportunity o =
        await(
            opportunities.create(
                owner, NewOpportunity.of(c.id(), "商机-" + customerName, new BigDecimal("1000000"))));
    return await(opportunities.win(owner, o.id(), o.version()));
  }

  static Stream<Arguments> matrix() {
    return PermissionMatrix.cells(Op.values());
  }

  static long actorOf(Role role) {
    return PermissionMatrix.actorOf(org, role);
  }

  static long ownerOf(Role role, Whose whose) {
    return PermissionMatrix.ownerOf(org, role, whose);
  }

  @ParameterizedTest(name = "{0} × {1} × {2} → allowed: {3}")
  @MethodSource("matrix")
  void cell(Role role, Whose whose, Op op, boolean allowed) {
    Actor actor = org.a(actorOf(role));
    long owner = ownerOf(role, whose);
    Contract target = byOwner.get(owner);
    switch (op) {
      case READ -> {
        if (allowed) {
          assertThat(await(contracts.get(actor, target.id())).number()).isEqualTo(target.number());
          assertThat(await(contracts.history(actor, target.id()))).isNotEmpty();
          assertThat(await(contracts.listForCustomer(actor, target.customerId())))
              .extracting(Contract::id)
              .containsExactly(target.id());
        } else {
          refused(() -> await(contracts.get(actor, target.id())));
          refused(() -> await(contracts.history(actor, target.id())));
          refused(() -> await(contracts.listForCustomer(actor, target.customerId())));
        }
      }
      case RECEIPT -> {
        BigDecimal before = receivedOf(target.id());
        NewReceipt one = NewReceipt.of(target.id(), new BigDecimal("1000"));
        if (allowed) {
          assertThat(await(contracts.recordReceipt(actor, one, null)).contract().received())
              .isEqualByComparingTo(before.add(new BigDecimal("1000")));
        } else {
          refused(() -> await(contracts.recordReceipt(actor, one, null)));
          assertThat(receivedOf(target.id())).isEqualByComparingTo(before);
        }
      }
      case CREATE -> {
        Actor ownerActor = whose == Whose.OTHER_TENANT ? org.b() : org.a(owner);
        Opportunity fresh = won(ownerActor, "新客户-" + role + "-" + whose);
        if (allowed) {
          assertThat(await(contracts.create(actor, NewContract.from(fresh.id()))).ownerId())
              .as("the contract stays with the deal's owner")
              .isEqualTo(owner);
        } else {
          refused(() -> await(contracts.create(actor, NewContract.from(fresh.id()))));
          assertThat(contractsOf(fresh.id())).isZero();
        }
      }
    }
  }

  static void refused(Runnable call) {
    assertThatThrownBy(call::run).isInstanceOf(NotFound.class);
  }

  static BigDecimal receivedOf(long contractId) {
    return await(
        db.pool()
            .preparedQuery("SELECT received FROM contract WHERE id = $1")
            .execute(io.vertx.sqlclient.Tuple.of(contractId))
            .map(rows -> rows.iterator().next().getBigDecimal(0)));
  }

  static long contractsOf(long opportunityId) {
    return await(
        db.pool()
            .preparedQuery("SELECT count(*) FROM contract WHERE opportunity_id = $1")
            .execute(io.vertx.sqlclient.Tuple.of(opportunityId))
            .map(rows -> rows.iterator().next().getLong(0)));
  }
}
