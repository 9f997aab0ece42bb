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
    var customer =
        await(new CustomerService(db.pool()).create(org.a(org.rep1), NewCustomer.named("拖款公司")));
    OpportunityService opportunities = new OpportunityService(db.pool());
    Opportunity o =
        await(
            opportunities.create(
                org.a(org.rep1),
                NewOpportunity.of(customer.id(), "拖款项目", new BigDecimal("300000"))));
    o = await(opportunities.win(org.a(org.rep1), o.id(), o.version()));
    Contract k =
        await(
            contracts.create(
                org.a(org.rep1),
                NewContract.from(o.id())
                    .signedOn(today.minusDays(30))
                    .plan(
                        new PlannedInstalment(today.minusDays(1), new BigDecimal("100000")),
                        new PlannedInstalment(today.plusDays(20), new BigDecimal("200000")))));

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

  static List<Push> pushes(RecordingNotifier notifier, OrgFixture org) {
    return notifier.pushes().stream().filter(p -> p.tenantId() == org.tenantA.id()).toList();
  }
}
