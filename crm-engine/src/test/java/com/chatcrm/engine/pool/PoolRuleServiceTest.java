package com.chatcrm.engine.pool;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.audit.AuditEntry;
import com.chatcrm.engine.audit.AuditQueries;
import com.chatcrm.engine.customer.CustomerLevel;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PoolRuleServiceTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  OrgFixture org;
  PoolRuleService rules;

  @BeforeEach
  void setUp() {
    org = OrgFixture.create(db.pool());
    rules = new PoolRuleService(db.pool());
  }

  @Test
  @DisplayName("every member reads the rule a new company starts with: 潜在 30 days, 意向 60, 成交 never")
  void anyMemberReadsTheDefaultRule() {
    PoolRules read = await(rules.rules(org.a(org.rep1)));
    assertThat(read).isEqualTo(PoolRules.defaults());
    assertThat(read.reclaimDays(CustomerLevel.POTENTIAL)).isEqualTo(30);
    assertThat(read.reclaimDays(CustomerLevel.INTENT)).isEqualTo(60);
    assertThat(read.reclaimDays(CustomerLevel.DEAL)).isNull();
    assertThat(read.warnDaysBefore()).isEqualTo(3);
    assertThat(read.maxPrivate()).isEqualTo(200);
    assertThat(read.maxClaimsPerDay()).isEqualTo(20);
  }

  @Test
  @DisplayName(
      "an admin changes the rule; the change is audited field by field; the other company keeps its own")
  void adminUpdates() {
    var admin = org.a(org.admin);
    PoolRules changed =
        PoolRules.defaults()
            .withReclaimDays(CustomerLevel.POTENTIAL, 15)
            .withReclaimDays(CustomerLevel.LOST, 90)
            .withMaxClaimsPerDay(null);
    assertThat(await(rules.update(admin, changed))).isEqualTo(changed);
    assertThat(await(rules.rules(org.a(org.rep3)))).isEqualTo(changed);
    assertThat(await(rules.rules(org.b()))).isEqualTo(PoolRules.defaults());

    List<AuditEntry> history =
        await(AuditQueries.history(db.pool(), org.tenantA.id(), "pool_rule", org.tenantA.id()));
    assertThat(history)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.action()).isEqualTo("update");
              assertThat(e.actorId()).isEqualTo(org.admin);
              assertThat(e.sourceRef()).isEqualTo(admin.source().ref());
              assertThat(e.changes().fieldNames())
                  .containsExactlyInAnyOrder(
                      "reclaimDaysPotential", "reclaimDaysLost", "maxClaimsPerDay");
              assertThat(e.changes().getJsonObject("reclaimDaysPotential").getInteger("from"))
                  .isEqualTo(30);
              assertThat(e.changes().getJsonObject("reclaimDaysPotential").getInteger("to"))
                  .isEqualTo(15);
              assertThat(e.changes().getJsonObject("maxClaimsPerDay").getValue("to")).isNull();
            });
  }

  @Test
  @DisplayName("saving the same rule again writes no audit row")
  void unchangedRuleIsNotAudited() {
    await(rules.update(org.a(org.admin), PoolRules.defaults()));
    assertThat(
            await(AuditQueries.history(db.pool(), org.tenantA.id(), "pool_rule", org.tenantA.id())))
        .isEmpty();
  }

  @Test
  @DisplayName("reps and managers may not change the rule")
  void onlyAdmins() {
    for (long user : new long[] {org.rep1, org.manager1}) {
      assertThatThrownBy(
              () -> await(rules.update(org.a(user), PoolRules.defaults().withMaxPrivate(5))))
          .isInstanceOf(Forbidden.class);
    }
    assertThat(await(rules.rules(org.a(org.rep1))).maxPrivate()).isEqualTo(200);
  }

  @Test
  @DisplayName("a warning as long as the shortest reclaim period is refused")
  void invalidRuleRefused() {
    assertThatThrownBy(
            () ->
                await(
                    rules.update(
                        org.a(org.admin),
                        PoolRules.defaults().withReclaimDays(CustomerLevel.POTENTIAL, 3))))
        .isInstanceOf(InvalidInput.class)
        .hasMessageContaining("提前提醒天数");
    assertThat(await(rules.rules(org.a(org.admin)))).isEqualTo(PoolRules.defaults());
  }

  @Test
  @DisplayName(
      "a partial change keeps the fields it does not name, so two admins' changes both stay; field errors name the field")
  void partialChange() {
    var admin = org.a(org.admin);
    await(rules.change(admin, r -> r.withReclaimDays(CustomerLevel.POTENTIAL, 45)));
    await(rules.change(admin, r -> r.withMaxPrivate(80)));
    PoolRules now = await(rules.rules(admin));
    assertThat(now.reclaimDaysPotential()).isEqualTo(45);
    assertThat(now.maxPrivate()).isEqualTo(80);
    assertThat(now.reclaimDaysIntent()).isEqualTo(60);

    assertThatThrownBy(() -> await(rules.change(admin, r -> r.withMaxClaimsPerDay(0))))
        .isInstanceOf(InvalidInput.class)
        .hasMessageContaining("每日领取上限")
        .satisfies(
            e ->
                assertThat(((InvalidInput) e).details().getString("field"))
                    .isEqualTo("maxClaimsPerDay"));
    assertThatThrownBy(
            () -> await(rules.change(admin, r -> r.withReclaimDays(CustomerLevel.INTENT, -5))))
        .isInstanceOf(InvalidInput.class)
        .satisfies(
            e ->
                assertThat(((InvalidInput) e).details().getString("field"))
                    .isEqualTo("reclaimDaysIntent"));
    assertThat(await(rules.rules(admin))).isEqualTo(now);
    assertThatThrownBy(() -> await(rules.change(org.a(org.manager1), r -> r.withMaxPrivate(1))))
        .isInstanceOf(Forbidden.class);
  }
}
