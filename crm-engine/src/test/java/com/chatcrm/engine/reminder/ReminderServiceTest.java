package com.chatcrm.engine.reminder;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditEntry;
import com.chatcrm.engine.audit.AuditQueries;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.error.Conflict;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.error.StaleVersion;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.org.OrgUser;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReminderServiceTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  /** Thursday 30 January 2025, 10:00 in Shanghai. */
  static final Instant T0 = Instant.parse("2025-01-30T02:00:00Z");

  static final AtomicInteger SEQ = new AtomicInteger();

  static OrgFixture org;
  static ReminderService reminders;

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    reminders = new ReminderService(db.pool(), Clock.fixed(T0, ZoneOffset.UTC));
  }

  static Instant sh(String local) {
    return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
  }

  /** A rep of 销售一部 (under 张经理) with no reminders yet, so lists show only this test's. */
  static long freshRep(OrgFixture f) {
    int n = SEQ.incrementAndGet();
    return await(
        new OrgService(db.pool())
            .upsertUser(
                Actor.system(f.tenantA.id(), "test"),
                OrgUser.rep("new-rep-" + n, "新人" + n, "sales1")));
  }

  @Test
  @DisplayName("a rep sets a reminder for themselves, and the creation is audited")
  void create() {
    var actor = org.a(org.rep1);
    Reminder r =
        await(reminders.create(actor, NewReminder.at(sh("2025-01-31T09:00"), "  给华为回电话 ")));
    assertThat(r.ownerId()).isEqualTo(org.rep1);
    assertThat(r.createdBy()).isEqualTo(org.rep1);
    assertThat(r.text()).isEqualTo("给华为回电话");
    assertThat(r.dueAt()).isEqualTo(sh("2025-01-31T09:00"));
    assertThat(r.status()).isEqualTo(ReminderStatus.PENDING);
    assertThat(r.repeatRule()).isEqualTo(RepeatRule.NONE);
    assertThat(r.channels()).containsExactly("chat");
    assertThat(r.version()).isEqualTo(1);

    List<AuditEntry> history =
        await(AuditQueries.history(db.pool(), org.tenantA.id(), "reminder", r.id()));
    assertThat(history)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.action()).isEqualTo("create");
              assertThat(e.sourceRef()).isEqualTo(actor.source().ref());
            });
  }

  @Test
  @DisplayName(
      "a manager may remind a subordinate, but nobody may remind a colleague they do not manage")
  void owners() {
    Instant due = sh("2025-02-03T09:00");
    assertThat(
            await(
                    reminders.create(
                        org.a(org.manager1), NewReminder.at(due, "交周报").forOwner(org.rep2)))
                .ownerId())
        .isEqualTo(org.rep2);
    assertThatThrownBy(
            () ->
                await(
                    reminders.create(
                        org.a(org.rep1), NewReminder.at(due, "交周报").forOwner(org.rep2))))
        .isInstanceOf(Forbidden.class);
    assertThatThrownBy(
            () ->
                await(
                    reminders.create(
                        org.a(org.manager1), NewReminder.at(due, "交周报").forOwner(org.rep3))))
        .isInstanceOf(Forbidden.class);
    assertThatThrownBy(
            () ->
                await(
                    reminders.create(
                        org.a(org.admin), NewReminder.at(due, "交周报").forOwner(org.outsider))))
        .isInstanceOf(InvalidInput.class);
  }

  @Test
  void inputIsChecked() {
    var actor = org.a(org.rep1);
    assertThatThrownBy(
            () ->
                await(reminders.create(actor, NewReminder.at(T0.minus(Duration.ofHours(1)), "过去"))))
        .isInstanceOf(InvalidInput.class)
        .satisfies(
            e -> assertThat(((InvalidInput) e).details().getString("field")).isEqualTo("dueAt"));
    assertThatThrownBy(
            () -> await(reminders.create(actor, NewReminder.at(T0.plusSeconds(60), "  "))))
        .isInstanceOf(InvalidInput.class);
    assertThatThrownBy(
            () ->
                await(
                    reminders.create(actor, NewReminder.at(T0.plusSeconds(60), "发短信").via("sms"))))
        .isInstanceOf(InvalidInput.class);
  }

  @Test
  @DisplayName("a reminder about a customer needs a customer the actor may see")
  void customerMustBeVisible() {
    Customer theirs =
        await(
            new CustomerService(db.pool())
                .create(org.a(org.rep3), NewCustomer.named("提醒客户" + SEQ.incrementAndGet())));
    assertThatThrownBy(
            () ->
                await(
                    reminders.create(
                        org.a(org.rep1),
                        NewReminder.at(T0.plusSeconds(60), "看看").aboutCustomer(theirs.id()))))
        .isInstanceOf(NotFound.class);
    Reminder ok =
        await(
            reminders.create(
                org.a(org.rep3),
                NewReminder.at(T0.plusSeconds(60), "看看").aboutCustomer(theirs.id())));
    assertThat(ok.customerName()).isEqualTo(theirs.name());
  }

  @Test
  @DisplayName(
      "the list shows what is still waiting, soonest first; overdue is what is waiting past its time")
  void upcomingAndOverdue() {
    long rep = freshRep(org);
    var actor = org.a(rep);
    Reminder later =
        await(reminders.create(actor, NewReminder.at(T0.plus(Duration.ofHours(3)), "三点")));
    Reminder sooner =
        await(reminders.create(actor, NewReminder.at(T0.plus(Duration.ofHours(1)), "一点")));
    Reminder finished =
        await(reminders.create(actor, NewReminder.at(T0.plus(Duration.ofMinutes(30)), "做完了")));
    await(reminders.done(actor, finished.id(), 1));

    assertThat(await(reminders.upcoming(org.a(rep), 10)))
        .extracting(Reminder::id)
        .containsExactly(sooner.id(), later.id());

    var twoHoursLater =
        new ReminderService(db.pool(), Clock.fixed(T0.plus(Duration.ofHours(2)), ZoneOffset.UTC));
    assertThat(await(twoHoursLater.overdue(org.a(rep), 10)))
        .extracting(Reminder::id)
        .containsExactly(sooner.id());
    assertThat(sooner.overdue(T0.plus(Duration.ofHours(2)))).isTrue();
    assertThat(later.overdue(T0.plus(Duration.ofHours(2)))).isFalse();
  }

  @Test
  @DisplayName(
      "a pushed reminder nobody acted on stays overdue until done; a repeating one's pushed occurrence does not")
  void pushedAndIgnoredStaysOverdue() {
    OrgFixture own = OrgFixture.create(db.pool());
    var actor = own.a(own.rep1);
    Reminder once =
        await(reminders.create(actor, NewReminder.at(sh("2025-03-03T09:00"), "给星河打电话")));
    Reminder daily =
        await(
            reminders.create(
                actor, NewReminder.at(sh("2025-03-03T09:00"), "写日报").repeating(RepeatRule.DAILY)));
    assertThat(await(reminders.claimDue(own.tenantA.id(), sh("2025-03-03T09:01"), 10))).hasSize(2);

    var noon = new ReminderService(db.pool(), Clock.fixed(sh("2025-03-03T12:00"), ZoneOffset.UTC));
    List<Reminder> overdue = await(noon.overdue(own.a(own.rep1), 10));
    assertThat(overdue).extracting(Reminder::id).containsExactly(once.id());
    assertThat(overdue.get(0).overdue(sh("2025-03-03T12:00"))).isTrue();

    await(reminders.done(actor, once.id(), overdue.get(0).version()));
    assertThat(await(noon.overdue(own.a(own.rep1), 10))).isEmpty();
    assertThat(daily.id()).isNotEqualTo(once.id());
  }

  @Test
  @DisplayName("done with a stale version is refused; done twice is done once")
  void doneWithOptimisticLocking() {
    var actor = org.a(org.rep1);
    Reminder r = await(reminders.create(actor, NewReminder.at(sh("2025-02-01T09:00"), "回访")));
    await(reminders.snooze(actor, r.id(), 1, sh("2025-02-01T10:00")));
    assertThatThrownBy(() -> await(reminders.done(org.a(org.rep1), r.id(), 1)))
        .isInstanceOf(StaleVersion.class)
        .satisfies(
            e ->
                assertThat(((StaleVersion) e).details().getInteger("currentVersion")).isEqualTo(2));

    Reminder done = await(reminders.done(org.a(org.rep1), r.id(), 2));
    assertThat(done.status()).isEqualTo(ReminderStatus.DONE);
    assertThat(done.nextId()).isNull();
    assertThat(await(reminders.done(org.a(org.rep1), r.id(), 2)).version())
        .isEqualTo(done.version());
    assertThat(await(AuditQueries.history(db.pool(), org.tenantA.id(), "reminder", r.id())))
        .extracting(AuditEntry::action)
        .containsExactly("create", "snooze", "done");

    assertThatThrownBy(
            () ->
                await(
                    reminders.snooze(
                        org.a(org.rep1), r.id(), done.version(), sh("2025-02-02T10:00"))))
        .isInstanceOf(Conflict.class);
    assertThatThrownBy(() -> await(reminders.cancel(org.a(org.rep1), r.id(), done.version())))
        .isInstanceOf(Conflict.class);
  }

  @Test
  @DisplayName("工作日: done on Friday brings the reminder back on Monday at the same Shanghai time")
  void weekdaysDoneOnFriday() {
    var actor = org.a(org.rep1);
    Reminder friday =
        await(
            reminders.create(
                actor,
                NewReminder.at(sh("2025-01-31T09:00"), "写日报").repeating(RepeatRule.WEEKDAYS)));
    Reminder done = await(reminders.done(actor, friday.id(), 1));
    assertThat(done.status()).isEqualTo(ReminderStatus.DONE);
    assertThat(done.nextId()).isNotNull();

    Reminder monday = await(reminders.get(actor, done.nextId()));
    assertThat(monday.dueAt()).isEqualTo(sh("2025-02-03T09:00"));
    assertThat(monday.status()).isEqualTo(ReminderStatus.PENDING);
    assertThat(monday.repeatRule()).isEqualTo(RepeatRule.WEEKDAYS);
    assertThat(monday.text()).isEqualTo("写日报");
    assertThat(reminders.nextOccurrence(monday, SHANGHAI)).contains(sh("2025-02-04T09:00"));
  }

  @Test
  @DisplayName("每月 from 31 January: 28 February, then 31 March again")
  void monthlyFromJanuary31() {
    var actor = org.a(org.rep1);
    Reminder jan =
        await(
            reminders.create(
                actor,
                NewReminder.at(sh("2025-01-31T09:00"), "月底对账").repeating(RepeatRule.MONTHLY)));
    Reminder feb = await(reminders.get(actor, await(reminders.done(actor, jan.id(), 1)).nextId()));
    assertThat(feb.dueAt()).isEqualTo(sh("2025-02-28T09:00"));
    Reminder mar = await(reminders.get(actor, await(reminders.done(actor, feb.id(), 1)).nextId()));
    assertThat(mar.dueAt()).isEqualTo(sh("2025-03-31T09:00"));
  }

  @Test
  @DisplayName(
      "a snoozed daily reminder comes back the next day at its own time, not the snoozed one")
  void snoozeThenDone() {
    var actor = org.a(org.rep1);
    Reminder r =
        await(
            reminders.create(
                actor, NewReminder.at(sh("2025-01-30T11:00"), "晨会").repeating(RepeatRule.DAILY)));
    assertThatThrownBy(() -> await(reminders.snooze(actor, r.id(), 1, T0.minusSeconds(1))))
        .isInstanceOf(InvalidInput.class);
    Reminder snoozed = await(reminders.snooze(actor, r.id(), 1, sh("2025-01-30T11:30")));
    assertThat(snoozed.status()).isEqualTo(ReminderStatus.SNOOZED);
    assertThat(snoozed.dueAt()).isEqualTo(sh("2025-01-30T11:30"));
    assertThat(snoozed.version()).isEqualTo(2);

    Reminder next = await(reminders.get(actor, await(reminders.done(actor, r.id(), 2)).nextId()));
    assertThat(next.dueAt()).isEqualTo(sh("2025-01-31T11:00"));
  }

  @Test
  @DisplayName("cancelling a repeating reminder stops the series")
  void cancelStopsTheSeries() {
    var actor = org.a(org.rep1);
    Reminder first =
        await(
            reminders.create(
                actor, NewReminder.at(sh("2025-01-31T08:00"), "打卡").repeating(RepeatRule.DAILY)));
    Reminder done = await(reminders.done(actor, first.id(), 1));
    Reminder cancelled = await(reminders.cancel(actor, first.id(), done.version()));
    assertThat(cancelled.status()).isEqualTo(ReminderStatus.DONE);
    assertThat(await(reminders.get(actor, done.nextId())).status())
        .isEqualTo(ReminderStatus.CANCELLED);
    assertThatThrownBy(() -> await(reminders.done(actor, done.nextId(), 2)))
        .isInstanceOf(Conflict.class);
  }

  @Test
  @DisplayName(
      "only the owner, their managers and admins see or change a reminder; other tenants find nothing")
  void permissions() {
    Reminder r =
        await(reminders.create(org.a(org.rep1), NewReminder.at(T0.plusSeconds(600), "私事")));
    assertThat(await(reminders.get(org.a(org.manager1), r.id())).id()).isEqualTo(r.id());
    assertThat(await(reminders.get(org.a(org.admin), r.id())).id()).isEqualTo(r.id());
    // a colleague's reminder the actor may not see answers like a missing one
    assertThatThrownBy(() -> await(reminders.get(org.a(org.rep3), r.id())))
        .isInstanceOf(NotFound.class)
        .hasMessage("提醒不存在（" + r.id() + "）");
    assertThatThrownBy(() -> await(reminders.get(org.a(org.manager2), r.id())))
        .isInstanceOf(NotFound.class);
    assertThatThrownBy(() -> await(reminders.done(org.a(org.rep3), r.id(), 1)))
        .isInstanceOf(NotFound.class);
    assertThatThrownBy(() -> await(reminders.get(org.b(), r.id()))).isInstanceOf(NotFound.class);
    assertThat(await(reminders.get(org.a(org.rep1), r.id())).status())
        .isEqualTo(ReminderStatus.PENDING);
  }

  @Test
  @DisplayName(
      "dueBetween lists a tenant's waiting reminders in the window, start inclusive, end exclusive")
  void dueBetween() {
    OrgFixture own = OrgFixture.create(db.pool());
    var actor = own.a(own.rep1);
    await(reminders.create(actor, NewReminder.at(T0.plus(Duration.ofHours(1)), "一")));
    Reminder two =
        await(reminders.create(actor, NewReminder.at(T0.plus(Duration.ofHours(2)), "二")));
    await(reminders.create(actor, NewReminder.at(T0.plus(Duration.ofHours(3)), "三")));
    assertThat(
            await(
                reminders.dueBetween(
                    own.tenantA.id(),
                    T0.plus(Duration.ofMinutes(90)),
                    T0.plus(Duration.ofHours(3)),
                    10)))
        .extracting(Reminder::id)
        .containsExactly(two.id());
  }

  @Test
  @DisplayName("concurrent claimers never get the same reminder, and together they get them all")
  void concurrentClaims() {
    OrgFixture own = OrgFixture.create(db.pool());
    Set<Long> created = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      long owner = i % 2 == 0 ? own.rep1 : own.rep2;
      created.add(
          await(
                  reminders.create(
                      own.a(owner), NewReminder.at(T0.plusSeconds(60 + i), "第" + i + "条")))
              .id());
    }
    Instant now = T0.plus(Duration.ofHours(1));
    List<Long> claimed = new ArrayList<>();
    while (true) {
      List<Future<List<Reminder>>> round =
          List.of(
              reminders.claimDue(own.tenantA.id(), now, 7),
              reminders.claimDue(own.tenantA.id(), now, 7),
              reminders.claimDue(own.tenantA.id(), now, 7));
      await(Future.all(round));
      int before = claimed.size();
      round.forEach(
          f ->
              f.result()
                  .forEach(
                      r -> {
                        assertThat(r.status()).isEqualTo(ReminderStatus.SENT);
                        assertThat(r.sentAt()).isEqualTo(now);
                        claimed.add(r.id());
                      }));
      if (claimed.size() == before) {
        break;
      }
    }
    assertThat(claimed).doesNotHaveDuplicates();
    assertThat(new HashSet<>(claimed)).isEqualTo(created);
  }

  @Test
  @DisplayName(
      "a reminder another dispatcher holds is skipped, not waited for, and claimed once released")
  void claimSkipsLockedRows() {
    OrgFixture own = OrgFixture.create(db.pool());
    var actor = own.a(own.rep1);
    Reminder held = await(reminders.create(actor, NewReminder.at(T0.plusSeconds(60), "被锁住的")));
    Reminder free = await(reminders.create(actor, NewReminder.at(T0.plusSeconds(120), "空闲的")));
    Instant now = T0.plus(Duration.ofHours(1));

    SqlConnection other = await(db.pool().getConnection());
    try {
      Transaction tx = await(other.begin());
      await(
          other
              .preparedQuery("SELECT id FROM reminder WHERE tenant_id = $1 AND id = $2 FOR UPDATE")
              .execute(Tuple.of(own.tenantA.id(), held.id())));
      assertThat(await(reminders.claimDue(own.tenantA.id(), now, 10)))
          .extracting(Reminder::id)
          .containsExactly(free.id());
      await(tx.rollback());
    } finally {
      await(other.close());
    }
    assertThat(await(reminders.claimDue(own.tenantA.id(), now, 10)))
        .extracting(Reminder::id)
        .containsExactly(held.id());
    assertThat(await(reminders.claimDue(own.tenantA.id(), now, 10))).isEmpty();
  }

  @Test
  @DisplayName(
      "claiming a repeating reminder schedules its next occurrence once, even when it is done afterwards")
  void claimSchedulesTheNextOccurrence() {
    OrgFixture own = OrgFixture.create(db.pool());
    var actor = own.a(own.rep1);
    Reminder daily =
        await(
            reminders.create(
                actor,
                NewReminder.at(sh("2025-01-30T17:30"), "下班前写日报").repeating(RepeatRule.DAILY)));
    Instant now = sh("2025-01-30T17:31");

    List<Reminder> claimed = await(reminders.claimDue(own.tenantA.id(), now, 10));
    assertThat(claimed)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.id()).isEqualTo(daily.id());
              assertThat(r.status()).isEqualTo(ReminderStatus.SENT);
              assertThat(r.nextId()).isNotNull();
            });
    Reminder sent = claimed.get(0);
    Reminder tomorrow = await(reminders.get(actor, sent.nextId()));
    assertThat(tomorrow.dueAt()).isEqualTo(sh("2025-01-31T17:30"));
    assertThat(tomorrow.status()).isEqualTo(ReminderStatus.PENDING);
    assertThat(await(reminders.claimDue(own.tenantA.id(), now, 10))).isEmpty();

    Reminder done = await(reminders.done(actor, sent.id(), sent.version()));
    assertThat(done.nextId()).isEqualTo(tomorrow.id());
    assertThat(await(reminders.upcoming(actor, 10)))
        .extracting(Reminder::id)
        .containsExactly(tomorrow.id());
  }
}
