package com.chatcrm.engine.transfer;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.Opportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.org.OrgUser;
import com.chatcrm.engine.reminder.NewReminder;
import com.chatcrm.engine.reminder.Reminder;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.report.PipelineCache;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import com.chatcrm.engine.testing.RecordingNotifier;
import com.chatcrm.engine.testing.RecordingNotifier.Push;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LeaverHandoversTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  OrgFixture org;
  RecordingNotifier notifier;
  LeaverHandovers handovers;
  OrgService orgService;
  Customer star;
  Customer moon;
  Opportunity open;
  Opportunity won;
  Reminder pending;
  Reminder done;

  @BeforeEach
  void setUp() {
    org = OrgFixture.create(db.pool());
    notifier = new RecordingNotifier();
    handovers = new LeaverHandovers(db.pool(), PipelineCache.create(), notifier);
    orgService = new OrgService(db.pool());
    CustomerService customers = new CustomerService(db.pool());
    OpportunityService opportunities = new OpportunityService(db.pool());
    ReminderService reminders = new ReminderService(db.pool(), java.time.Clock.systemUTC());
    Actor lilei = org.a(org.rep1);
    star = await(customers.create(lilei, NewCustomer.named("星河传媒")));
    moon = await(customers.create(lilei, NewCustomer.named("明月科技")));
    open = await(opportunities.create(lilei, NewOpportunity.of(star.id(), "年度框架", BigDecimal.TEN)));
    won = await(opportunities.create(lilei, NewOpportunity.of(moon.id(), "已签单", BigDecimal.ONE)));
    won = await(opportunities.win(lilei, won.id(), won.version()));
    Instant due = Instant.now().plus(2, ChronoUnit.DAYS);
    pending = await(reminders.create(lilei, NewReminder.at(due, "给星河发合同")));
    done = await(reminders.create(lilei, NewReminder.at(due, "已办完")));
    done = await(reminders.done(lilei, done.id(), done.version()));
  }

  /** 李雷 leaves: the full listing names everyone but him. */
  List<Long> lileiLeaves() {
    return await(
        orgService.deactivateMissing(
            Actor.system(org.tenantA.id(), "test-sync"),
            List.of("wang", "zhang", "hanmeimei", "chen", "zhaoliu")));
  }

  @Test
  @DisplayName(
      "a full listing deactivates only who it lacks, once; the leaver's manager gets one card naming what is held, with a button per team colleague")
  void leaverAnnouncedToTheManager() {
    assertThat(lileiLeaves()).containsExactly(org.rep1);
    assertThat(lileiLeaves()).as("already gone: not deactivated (nor announced) again").isEmpty();
    assertThat(await(handovers.announce(org.tenantA.id(), org.rep1))).isEqualTo(1);

    assertThat(notifier.pushes())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.userId()).isEqualTo(org.manager1);
              assertThat(p.notification().markdown())
                  .startsWith("李雷 已离职，名下 2 个客户、1 个进行中的商机、1 条待办提醒需要交接");
              // 张经理 is the only other member of 销售一部: he may take it on himself
              assertThat(p.notification().buttons())
                  .extracting(b -> b.key() + "=" + b.text())
                  .containsExactly(
                      "leaver.handover:" + org.rep1 + ":" + org.manager1 + "=我来接手",
                      "detail:home=打开 Chat CRM");
              assertThat(p.notification().dedupeKey())
                  .isEqualTo("handover:" + org.rep1 + ":" + org.manager1);
            });
    assertThat(
            count(
                "SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action = 'deactivate' AND entity_id = $2",
                org.tenantA.id(),
                org.rep1))
        .isEqualTo(1);
  }

  @Test
  @DisplayName(
      "the manager hands everything over in one go: customers, open deals and pending reminders move, each audited; won deals and done reminders stay; the successor gets one summary")
  void managerHandsOver() {
    lileiLeaves();
    LeaverHandovers.Handover h = await(handovers.handOver(org.a(org.manager1), org.rep1, org.rep2));

    assertThat(h.already()).isFalse();
    assertThat(h.successorName()).isEqualTo("韩梅梅");
    assertThat(List.of(h.customers(), h.opportunities(), h.reminders())).containsExactly(2, 1, 1);
    assertThat(owner("customer", star.id())).isEqualTo(org.rep2);
    assertThat(owner("customer", moon.id())).isEqualTo(org.rep2);
    assertThat(owner("opportunity", open.id())).isEqualTo(org.rep2);
    assertThat(owner("opportunity", won.id()))
        .as("a won deal stays with who won it")
        .isEqualTo(org.rep1);
    assertThat(owner("reminder", pending.id())).isEqualTo(org.rep2);
    assertThat(owner("reminder", done.id())).isEqualTo(org.rep1);
    assertThat(
            count(
                "SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action = 'transfer'"
                    + " AND actor_id = $2 AND (changes ->> 'handover')::boolean"
                    + " AND (changes -> 'ownerId' ->> 'to')::bigint = $3",
                org.tenantA.id(),
                org.manager1,
                org.rep2))
        .as("one audit row per customer, deal and reminder moved")
        .isEqualTo(4);
    assertThat(
            count(
                "SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action = 'handover' AND entity_id = $2",
                org.tenantA.id(),
                org.rep1))
        .isEqualTo(1);
    assertThat(pushesTo(org.rep2))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.notification().markdown())
                  .startsWith("你接手了 李雷 的 2 个客户、1 个进行中的商机、1 条待办提醒");
              assertThat(p.notification().buttons())
                  .extracting(b -> b.key())
                  .containsExactly("detail:customers");
            });
    // the successor now works on them as their own
    assertThat(await(new CustomerService(db.pool()).get(org.a(org.rep2), star.id())).name())
        .isEqualTo("星河传媒");
  }

  @Test
  @DisplayName(
      "done once: a second tap, the admin's or two at the same time answer to whom it went and move nothing again")
  void onceOnly() {
    lileiLeaves();
    List<LeaverHandovers.Handover> both =
        await(
            Future.all(
                    handovers.handOver(org.a(org.manager1), org.rep1, org.rep2),
                    handovers.handOver(org.a(org.admin), org.rep1, org.manager1))
                .map(f -> f.<LeaverHandovers.Handover>list()));
    assertThat(both).filteredOn(LeaverHandovers.Handover::already).hasSize(1);
    LeaverHandovers.Handover first =
        both.stream().filter(h -> !h.already()).findFirst().orElseThrow();
    LeaverHandovers.Handover again =
        await(handovers.handOver(org.a(org.manager1), org.rep1, org.manager1));
    assertThat(again.already()).isTrue();
    assertThat(again.successorId()).isEqualTo(first.successorId());
    assertThat(again.successorName()).isEqualTo(first.successorName());
    assertThat(again.customers()).isEqualTo(2);
    assertThat(owner("customer", star.id())).isEqualTo(first.successorId());
    assertThat(
            count(
                "SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action = 'handover'",
                org.tenantA.id()))
        .isEqualTo(1);
    assertThat(notifier.pushes()).as("one summary, to the one successor").hasSize(1);
  }

  @Test
  @DisplayName(
      "only the leaver's manager or an admin may: another manager and a rep are refused and nothing moves; an admin hands over anyone")
  void permissions() {
    lileiLeaves();
    assertThat(awaitFailure(handovers.handOver(org.a(org.manager2), org.rep1, org.rep3)))
        .isInstanceOf(Forbidden.class);
    assertThat(awaitFailure(handovers.handOver(org.a(org.rep2), org.rep1, org.rep2)))
        .isInstanceOf(Forbidden.class);
    assertThat(awaitFailure(handovers.handOver(org.b(), org.rep1, org.outsider)))
        .as("another company")
        .isInstanceOf(Forbidden.class);
    assertThat(owner("customer", star.id())).isEqualTo(org.rep1);
    assertThat(notifier.pushes()).isEmpty();

    LeaverHandovers.Handover h = await(handovers.handOver(org.a(org.admin), org.rep1, org.rep3));
    assertThat(h.already()).isFalse();
    assertThat(owner("customer", star.id())).isEqualTo(org.rep3);
    // after it was done another manager still learns nothing
    assertThat(awaitFailure(handovers.handOver(org.a(org.manager2), org.rep1, org.rep3)))
        .isInstanceOf(Forbidden.class);
  }

  @Test
  @DisplayName(
      "a leader who is not in the leaver's department cannot be handed the work by their manager; a member still active is not handed over")
  void successorAndLeaverChecks() {
    assertThat(awaitFailure(handovers.handOver(org.a(org.manager1), org.rep1, org.rep2)))
        .as("李雷 is still active")
        .hasMessageContaining("仍在职");
    lileiLeaves();
    assertThat(awaitFailure(handovers.handOver(org.a(org.manager1), org.rep1, org.rep3)))
        .as("赵六 is not in 张经理's team")
        .hasMessageContaining("团队");
    assertThat(owner("customer", star.id())).isEqualTo(org.rep1);
  }

  @Test
  @DisplayName(
      "a member who came back and left again is announced and handed over anew; a repeated announcement of either departure changes nothing")
  void cameBackAndLeftAgain() {
    lileiLeaves();
    await(handovers.handOver(org.a(org.manager1), org.rep1, org.rep2));
    assertThat(await(handovers.announce(org.tenantA.id(), org.rep1)))
        .as("everything handed over: nothing to announce")
        .isZero();
    Actor sys = Actor.system(org.tenantA.id(), "test-sync");
    await(orgService.upsertUser(sys, OrgUser.rep("lilei", "李雷", "sales1")));
    Customer fresh =
        await(new CustomerService(db.pool()).create(org.a(org.rep1), NewCustomer.named("回归客户")));
    lileiLeaves();
    notifier.clear();

    assertThat(await(handovers.announce(org.tenantA.id(), org.rep1))).isEqualTo(1);
    assertThat(notifier.pushes())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.notification().markdown()).contains("名下 1 个客户");
              assertThat(p.notification().dedupeKey())
                  .isEqualTo("handover:" + org.rep1 + ":" + org.manager1 + ":1");
            });
    LeaverHandovers.Handover again =
        await(handovers.handOver(org.a(org.manager1), org.rep1, org.manager1));
    assertThat(again.already()).isFalse();
    assertThat(again.customers()).isEqualTo(1);
    assertThat(owner("customer", fresh.id())).isEqualTo(org.manager1);
    assertThat(owner("customer", star.id())).as("the first hand-over stands").isEqualTo(org.rep2);
  }

  @Test
  @DisplayName(
      "a leader of nobody's department: the admins are told; a leaver holding nothing is not announced")
  void adminsWhenNoManager() {
    Actor sys = Actor.system(org.tenantA.id(), "test");
    long hqRep = await(orgService.upsertUser(sys, OrgUser.rep("hq-rep", "总部助理", "hq")));
    await(new CustomerService(db.pool()).create(org.a(hqRep), NewCustomer.named("总部客户")));
    List<Long> gone =
        await(
            orgService.deactivateMissing(
                sys, List.of("wang", "zhang", "hanmeimei", "chen", "zhaoliu", "lilei")));
    assertThat(gone).containsExactly(hqRep);
    assertThat(await(handovers.announce(org.tenantA.id(), List.of(hqRep)))).isEqualTo(1);
    assertThat(notifier.pushes()).singleElement().extracting(Push::userId).isEqualTo(org.admin);

    notifier.clear();
    await(orgService.deactivateUser(sys, "zhaoliu"));
    assertThat(await(handovers.announce(org.tenantA.id(), org.rep3))).isZero();
    assertThat(notifier.pushes()).isEmpty();
  }

  static Throwable awaitFailure(Future<?> f) {
    try {
      await(f);
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }

  List<Push> pushesTo(long userId) {
    return notifier.pushes().stream().filter(p -> p.userId() == userId).toList();
  }

  long owner(String table, long id) {
    return count(
        "SELECT owner_id FROM " + table + " WHERE tenant_id = $1 AND id = $2",
        org.tenantA.id(),
        id);
  }

  long count(String sql, Object... args) {
    return await(db.pool().preparedQuery(sql).execute(Tuple.from(args)))
        .iterator()
        .next()
        .getLong(0);
  }
}
