package com.chatcrm.engine.opportunity;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import com.chatcrm.engine.testing.PermissionMatrix;
import com.chatcrm.engine.testing.PermissionMatrix.Role;
import com.chatcrm.engine.testing.PermissionMatrix.Whose;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The permission matrix: rep / manager / admin × own / subordinate's / other department's / other
 * company's opportunities × read / write. Every forbidden cell is one the actor may not see, so it
 * must be refused with NotFound, as a missing id is, and leave the record as it was.
 */
class OpportunityPermissionTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  enum Op {
    READ,
    WRITE
  }

  static OrgFixture org;
  static OpportunityService opportunities;
  static Stage negotiating;
  static Stage quoting;

  /** One opportunity per owner, keyed by user id; the outsider's lives in tenant B. */
  static final Map<Long, Opportunity> byOwner = new HashMap<>();

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    opportunities = new OpportunityService(db.pool());
    CustomerService customers = new CustomerService(db.pool());
    List<Stage> stages = await(new StageService(db.pool()).list(org.a(org.admin)));
    quoting = stages.get(2);
    negotiating = stages.get(3);
    for (long owner : List.of(org.admin, org.manager1, org.rep1, org.rep2, org.rep3)) {
      var c = await(customers.create(org.a(owner), NewCustomer.named("客户-" + owner)));
      byOwner.put(
          owner,
          await(
              opportunities.create(
                  org.a(owner), NewOpportunity.of(c.id(), "商机-" + owner, BigDecimal.TEN))));
    }
    var theirs = await(customers.create(org.b(), NewCustomer.named("远山的客户")));
    byOwner.put(
        org.outsider,
        await(
            opportunities.create(
                org.b(), NewOpportunity.of(theirs.id(), "远山的商机", BigDecimal.TEN))));
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
    Opportunity target = byOwner.get(ownerOf(role, whose));
    // what the actor may not see does not exist for them, in the company or outside it
    Class<? extends Throwable> refusal = NotFound.class;
    if (op == Op.READ) {
      checkRead(actor, target, allowed, refusal);
    } else {
      checkWrite(actor, target, allowed, refusal);
    }
  }

  private static void checkRead(
      Actor actor, Opportunity target, boolean allowed, Class<? extends Throwable> refusal) {
    if (allowed) {
      assertThat(await(opportunities.get(actor, target.id())).customerId())
          .isEqualTo(target.customerId());
      assertThat(await(opportunities.listForCustomer(actor, target.customerId())))
          .extracting(Opportunity::id)
          .contains(target.id());
      assertThat(await(opportunities.moves(actor, target.id()))).isNotEmpty();
      assertThat(await(opportunities.history(actor, target.id()))).isNotEmpty();
    } else {
      refused(refusal, () -> opportunities.get(actor, target.id()));
      refused(refusal, () -> opportunities.listForCustomer(actor, target.customerId()));
      refused(refusal, () -> opportunities.moves(actor, target.id()));
      refused(refusal, () -> opportunities.history(actor, target.id()));
    }
  }

  private static void checkWrite(
      Actor actor, Opportunity target, boolean allowed, Class<? extends Throwable> refusal) {
    int version = versionOf(target.id());
    if (allowed) {
      String newName = "改名-" + actor.userId() + "-" + version;
      Opportunity edited =
          await(
              opportunities.update(
                  actor, target.id(), version, OpportunityChanges.none().name(newName)));
      assertThat(edited.name()).isEqualTo(newName);
      int next = edited.version();
      Stage to = edited.stageId() == quoting.id() ? negotiating : quoting;
      assertThat(await(opportunities.moveStage(actor, target.id(), next, to.id())).stageId())
          .isEqualTo(to.id());
      return;
    }
    refused(
        refusal,
        () ->
            opportunities.update(
                actor, target.id(), version, OpportunityChanges.none().name("越权改名")));
    refused(refusal, () -> opportunities.moveStage(actor, target.id(), version, quoting.id()));
    refused(refusal, () -> opportunities.win(actor, target.id(), version));
    refused(refusal, () -> opportunities.lose(actor, target.id(), version, "越权输单"));
    refused(refusal, () -> opportunities.transfer(actor, target.id(), actor.userId()));
    refused(refusal, () -> opportunities.delete(actor, target.id()));
    refused(refusal, () -> opportunities.restore(actor, target.id()));
    refused(
        refusal,
        () -> opportunities.create(actor, NewOpportunity.of(target.customerId(), "蹭单", null)));
    assertThat(versionOf(target.id())).isEqualTo(version);
  }

  @Test
  @DisplayName(
      "someone of another company cannot reach tenant A's opportunities, whatever tenant they claim")
  void otherTenant() {
    Opportunity ours = byOwner.get(org.rep1);
    refused(() -> opportunities.get(org.b(), ours.id()));
    refused(
        () ->
            opportunities.update(
                org.b(), ours.id(), versionOf(ours.id()), OpportunityChanges.none().name("入侵")));
    Actor pretender = Actor.user(org.tenantA.id(), org.outsider, Source.chat("forged"));
    refused(() -> opportunities.get(pretender, ours.id()));
    refused(
        () -> opportunities.moveStage(pretender, ours.id(), versionOf(ours.id()), quoting.id()));
  }

  @Test
  @DisplayName(
      "a manager of another department sees neither the rep's opportunities nor their customer's list")
  void otherManager() {
    Opportunity ours = byOwner.get(org.rep1);
    refused(() -> opportunities.get(org.a(org.manager2), ours.id()));
    refused(() -> opportunities.listForCustomer(org.a(org.manager2), ours.customerId()));
    assertThat(
            await(opportunities.get(org.a(org.manager2), byOwner.get(org.rep3).id())).ownerName())
        .isEqualTo("赵六");
  }

  private static void refused(Supplier<Future<?>> call) {
    assertThatThrownBy(() -> await(call.get())).isInstanceOfAny(Forbidden.class, NotFound.class);
  }

  private static void refused(Class<? extends Throwable> refusal, Supplier<Future<?>> call) {
    assertThatThrownBy(() -> await(call.get())).isInstanceOf(refusal);
  }

  private static int versionOf(long opportunityId) {
    Function<Row, Integer> version = r -> r.getInteger(0);
    return await(
        db.pool()
            .preparedQuery("SELECT version FROM opportunity WHERE id = $1")
            .execute(Tuple.of(opportunityId))
            .map(rows -> version.apply(rows.iterator().next())));
  }
}
