package com.chatcrm.engine.schedule;

import static com.chatcrm.engine.testing.Await.await;
import static com.chatcrm.engine.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.followup.FollowUpService;
import com.chatcrm.engine.followup.NewFollowUp;
import com.chatcrm.engine.outbox.Outbox;
import com.chatcrm.engine.port.Notification;
import com.chatcrm.engine.port.Notifier;
import com.chatcrm.engine.reminder.NewReminder;
import com.chatcrm.engine.reminder.Reminder;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.reminder.ReminderStatus;
import com.chatcrm.engine.reminder.RepeatRule;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.MutableClock;
import com.chatcrm.engine.testing.OrgFixture;
import com.chatcrm.engine.testing.RecordingNotifier;
import com.chatcrm.engine.testing.RecordingNotifier.Push;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReminderDispatchTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  /** Ticks by hand unless a test says otherwise. */
  static final ReminderDispatchVerticle.Settings MANUAL =
      new ReminderDispatchVerticle.Settings(Duration.ofHours(1), 6000, 200, Duration.ofMinutes(2));

  OrgFixture org;
  MutableClock clock;
  RecordingNotifier notifier;
  ReminderService reminders;
  Instant t0;
  final List<Vertx> nodes = new ArrayList<>();
  final List<String> deployments = new ArrayList<>();

  @BeforeEach
  void setUp() {
    org = OrgFixture.create(db.pool());
    t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    clock = new MutableClock(t0);
    notifier = new RecordingNotifier();
    reminders = new ReminderService(db.pool(), clock);
    // earlier tests' reminders must not reach this one's notifier
    await(
        db.pool()
            .query(
                "UPDATE reminder SET status = 'cancelled' WHERE status IN ('pending', 'snoozed')")
            .execute());
    // each test starts with every pace bucket full
    await(db.pool().query("DELETE FROM push_pace").execute());
  }

  @AfterEach
  void stopNodes() {
    deployments.forEach(id -> await(db.vertx().undeploy(id)));
    deployments.clear();
    nodes.forEach(v -> await(v.close()));
    nodes.clear();
  }

  ReminderDispatchVerticle node(
      Vertx vertx, Pool pool, ReminderDispatchVerticle.Settings settings) {
    ReminderDispatchVerticle v = new ReminderDispatchVerticle(pool, notifier, clock, settings);
    String id = await(vertx.deployVerticle(v));
    if (vertx == db.vertx()) {
      deployments.add(id);
    }
    return v;
  }

  ReminderDispatchVerticle secondNode(ReminderDispatchVerticle.Settings settings) {
    Vertx other = Vertx.vertx();
    nodes.add(other);
    return node(other, db.pool(other), settings);
  }

  List<Push> pushesOf(long tenantId) {
    return notifier.pushes().stream().filter(p -> p.tenantId() == tenantId).toList();
  }

  @Test
  @DisplayName(
      "two nodes sharing the database push each due reminder exactly once, at its time and not before")
  void onceAcrossTwoNodes() {
    Actor rep = org.a(org.rep1);
    List<Long> ids =
        IntStream.range(0, 30)
            .mapToObj(
                i ->
                    await(
                            reminders.create(
                                rep, NewReminder.at(t0.plus(Duration.ofMinutes(10)), "回访 " + i)))
                        .id())
            .toList();
    ReminderDispatchVerticle.Settings fast =
        new ReminderDispatchVerticle.Settings(
            Duration.ofMillis(10), 60_000, 200, Duration.ofMinutes(2), 1000);
    ReminderDispatchVerticle a = node(db.vertx(), db.pool(), fast);
    ReminderDispatchVerticle b = secondNode(fast);

    clock.set(t0.plus(Duration.ofMinutes(10)).minusSeconds(1));
    await(a.tick());
    await(b.tick());
    assertThat(pushesOf(org.tenantA.id())).as("nothing before its time").isEmpty();

    clock.set(t0.plus(Duration.ofMinutes(10)));
    eventually(() -> pushesOf(org.tenantA.id()).size(), n -> n >= 30);
    for (int i = 0; i < 5; i++) {
      await(a.tick());
      await(b.tick());
    }
    List<Push> pushes = pushesOf(org.tenantA.id());
    assertThat(pushes).hasSize(30);
    assertThat(pushes).extracting(p -> p.notification().dedupeKey()).doesNotHaveDuplicates();
    assertThat(pushes).allSatisfy(p -> assertThat(p.userId()).isEqualTo(org.rep1));
    assertThat(
            count(
                "SELECT count(*) FROM reminder WHERE id = ANY($1) AND status = 'sent' AND notified_at IS NOT NULL",
                (Object) ids.toArray(Long[]::new)))
        .isEqualTo(30);
  }

  @Test
  @DisplayName("the card names the customer and its last follow-up, with 完成 / 推迟1小时 / 明天再说 / 写跟进")
  void cardContent() {
    Actor rep = org.a(org.rep1);
    Customer c = await(new CustomerService(db.pool()).create(rep, NewCustomer.named("华为技术")));
    await(
        new FollowUpService(db.pool())
            .log(rep, NewFollowUp.on(c.id(), "call", "聊了报价，对方要再比较").at(t0.minusSeconds(3600))));
    Reminder r =
        await(
            reminders.create(
                rep, NewReminder.at(t0.plusSeconds(60), "发报价单").aboutCustomer(c.id())));
    ReminderDispatchVerticle a = node(db.vertx(), db.pool(), MANUAL);
    clock.set(t0.plusSeconds(60));
    assertThat(await(a.tick())).isEqualTo(1);

    Notification card = pushesOf(org.tenantA.id()).get(0).notification();
    assertThat(card.markdown()).contains("发报价单");
    assertThat(card.fields())
        .anySatisfy(
            f -> {
              assertThat(f.label()).isEqualTo("客户");
              assertThat(f.value()).isEqualTo("华为技术");
            });
    assertThat(card.fields())
        .anySatisfy(
            f -> {
              assertThat(f.label()).isEqualTo("上次跟进");
              assertThat(f.value()).contains("电话", "李雷", "聊了报价");
            });
    assertThat(card.buttons())
        .extracting(Notification.Button::text)
        .containsExactly("完成", "推迟1小时", "明天再说", "写跟进", "客户详情");
    assertThat(card.buttons())
        .extracting(Notification.Button::key)
        .startsWith("reminder.done:" + r.id(), "reminder.snooze:" + r.id() + ":60");
    assertThat(card.buttons().get(2).key()).startsWith("reminder.snooze:" + r.id() + ":");
    assertThat(card.buttons().get(3).key()).isEqualTo("followup.new:" + c.id());
    assertThat(card.buttons().get(4).key()).isEqualTo("detail:customer:" + c.id());
    assertThat(card.dedupeKey()).isEqualTo("reminder:" + r.id() + ":" + r.dueAt().getEpochSecond());
  }

  @Test
  @DisplayName(
      "a daily reminder fires, snoozes and fires again, is done, and its next occurrence fires the next day")
  void repeatSnoozeDone() {
    Actor rep = org.a(org.rep2);
    Reminder first =
        await(
            reminders.create(
                rep,
                NewReminder.at(t0.plus(Duration.ofHours(1)), "每日晨会").repeating(RepeatRule.DAILY)));
    ReminderDispatchVerticle a = node(db.vertx(), db.pool(), MANUAL);

    clock.set(t0.plus(Duration.ofHours(1)));
    assertThat(await(a.tick())).isEqualTo(1);
    Reminder sent = await(reminders.get(rep, first.id()));
    assertThat(sent.status()).isEqualTo(ReminderStatus.SENT);
    assertThat(sent.nextId()).as("the next occurrence is scheduled at the claim").isNotNull();
    assertThat(await(reminders.get(rep, sent.nextId())).dueAt())
        .isEqualTo(t0.plus(Duration.ofHours(25)));

    // 推迟1小时
    await(
        reminders.snooze(
            rep, first.id(), sent.version(), clock.instant().plus(Duration.ofHours(1))));
    clock.advance(Duration.ofMinutes(59));
    assertThat(await(a.tick())).as("still snoozed").isZero();
    clock.advance(Duration.ofMinutes(1));
    assertThat(await(a.tick())).isEqualTo(1);
    List<Push> pushes = pushesOf(org.tenantA.id());
    assertThat(pushes).hasSize(2);
    assertThat(pushes.get(1).notification().dedupeKey())
        .isNotEqualTo(pushes.get(0).notification().dedupeKey());
    Reminder again = await(reminders.get(rep, first.id()));
    assertThat(again.nextId())
        .as("snoozing does not schedule a second next occurrence")
        .isEqualTo(sent.nextId());

    // 完成
    await(reminders.done(rep, first.id(), again.version()));
    clock.set(t0.plus(Duration.ofHours(25)).minusSeconds(1));
    assertThat(await(a.tick())).isZero();
    clock.set(t0.plus(Duration.ofHours(25)));
    assertThat(await(a.tick())).isEqualTo(1);
    assertThat(pushesOf(org.tenantA.id()).get(2).notification().buttons().get(0).key())
        .isEqualTo("reminder.done:" + sent.nextId());
    assertThat(await(reminders.get(rep, first.id())).status()).isEqualTo(ReminderStatus.DONE);
  }

  @Test
  @DisplayName(
      "a batch claimed by a node that died before handing it over is pushed by another after the lease")
  void deadNodesClaimIsFinishedAfterTheLease() {
    Actor rep = org.a(org.rep1);
    for (int i = 0; i < 5; i++) {
      await(reminders.create(rep, NewReminder.at(t0.plusSeconds(30), "被中断的提醒 " + i)));
    }
    clock.set(t0.plusSeconds(30));
    // the dead node: claimed (status 'sent'), then nothing
    assertThat(await(reminders.claimDue(org.tenantA.id(), clock.instant(), 200))).hasSize(5);

    ReminderDispatchVerticle survivor = node(db.vertx(), db.pool(), MANUAL);
    clock.advance(Duration.ofMinutes(1));
    assertThat(await(survivor.tick())).as("inside the lease the claim stands").isZero();
    clock.advance(Duration.ofMinutes(1).plusSeconds(1));
    assertThat(await(survivor.tick())).isEqualTo(5);
    assertThat(await(survivor.tick())).isZero();
    assertThat(pushesOf(org.tenantA.id())).hasSize(5);
  }

  @Test
  @DisplayName(
      "a notifier failure leaves the reminder to be taken up again after the lease, not lost")
  void failedHandOverIsRetried() {
    Actor rep = org.a(org.rep1);
    await(reminders.create(rep, NewReminder.at(t0.plusSeconds(30), "暂时发不出去")));
    ReminderDispatchVerticle a = node(db.vertx(), db.pool(), MANUAL);
    clock.set(t0.plusSeconds(30));
    notifier.failing(true);
    await(a.tick());
    notifier.failing(false);
    assertThat(pushesOf(org.tenantA.id())).isEmpty();
    clock.advance(Duration.ofMinutes(3));
    assertThat(await(a.tick())).isEqualTo(1);
    assertThat(pushesOf(org.tenantA.id()))
        .singleElement()
        .satisfies(p -> assertThat(p.notification().markdown()).contains("暂时发不出去"));
  }

  @Test
  @DisplayName(
      "a follow-up reminder goes to the customer's new owner; a deleted customer's reminder is cancelled")
  void transferredAndDeletedCustomers() {
    Actor rep = org.a(org.rep1);
    CustomerService customers = new CustomerService(db.pool());
    Customer moved = await(customers.create(rep, NewCustomer.named("转出客户")));
    Customer gone = await(customers.create(rep, NewCustomer.named("删除客户")));
    FollowUpService followUps = new FollowUpService(db.pool());
    // each follow-up comes from its own chat message: one message id logs once
    await(
        followUps.log(
            org.a(org.rep1),
            NewFollowUp.on(moved.id(), "visit", "拜访了").next("再约", t0.plusSeconds(120))));
    await(
        followUps.log(
            org.a(org.rep1),
            NewFollowUp.on(gone.id(), "call", "打了电话").next("再打", t0.plusSeconds(120))));
    await(customers.transfer(org.a(org.manager1), moved.id(), org.rep2));
    await(customers.delete(rep, gone.id()));

    ReminderDispatchVerticle a = node(db.vertx(), db.pool(), MANUAL);
    clock.set(t0.plusSeconds(120));
    await(a.tick());
    assertThat(pushesOf(org.tenantA.id()))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.userId()).isEqualTo(org.rep2);
              assertThat(p.notification().fields())
                  .anySatisfy(f -> assertThat(f.value()).isEqualTo("转出客户"));
            });
    // the reminder is now the new owner's: its buttons work for them
    long movedReminder =
        await(
                db.pool()
                    .preparedQuery("SELECT id FROM reminder WHERE customer_id = $1")
                    .execute(Tuple.of(moved.id())))
            .iterator()
            .next()
            .getLong(0);
    Reminder theirs = await(reminders.get(org.a(org.rep2), movedReminder));
    assertThat(theirs.ownerId()).isEqualTo(org.rep2);
    assertThat(await(reminders.done(org.a(org.rep2), movedReminder, theirs.version())).status())
        .isEqualTo(ReminderStatus.DONE);
    assertThat(
            count(
                "SELECT count(*) FROM audit_log WHERE entity_type = 'reminder' AND entity_id = $1"
                    + " AND action = 'reassign'",
                movedReminder))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM reminder WHERE customer_id = $1 AND status = 'cancelled'",
                gone.id()))
        .isEqualTo(1);
  }

  @Test
  @DisplayName(
      "a burst across many users drains at the tenant's pace in messages, each reminder handed over once")
  void burstDrainsAtThePace() {
    int users = 300;
    int each = 4;
    List<Long> owners = users("burst", users);
    remindersOf(owners, each, t0.plusSeconds(60), Duration.ZERO, "批量提醒");
    Reminder other =
        await(reminders.create(org.b(), NewReminder.at(t0.plusSeconds(60), "另一家公司的提醒")));
    // 700 messages in any minute: 100 at once, the other 600 spread over it = 50 per 5-second
    // window
    ReminderDispatchVerticle a =
        node(
            db.vertx(),
            db.pool(),
            new ReminderDispatchVerticle.Settings(
                Duration.ofHours(1), 700, 100, Duration.ofMinutes(2), 20));
    clock.set(t0.plusSeconds(60));
    List<Integer> perWindow = new ArrayList<>();
    int before = 0;
    for (int window = 0;
        window < 40 && handedOver(org.tenantA.id()).size() < users * each;
        window++) {
      await(a.tick());
      int now = pushesOf(org.tenantA.id()).size();
      perWindow.add(now - before);
      before = now;
      if (window == 0) {
        assertThat(pushesOf(org.tenantB.id()))
            .extracting(p -> p.notification().markdown())
            .as("the other tenant's reminder goes out in the first pass")
            .containsExactly(other.text());
      }
      clock.advance(Duration.ofSeconds(5));
    }
    assertThat(perWindow.get(0)).isEqualTo(100);
    assertThat(perWindow.subList(1, perWindow.size() - 1))
        .allSatisfy(n -> assertThat(n).isEqualTo(50));
    List<Long> handed = handedOver(org.tenantA.id());
    assertThat(handed).hasSize(users * each).doesNotHaveDuplicates();
    assertThat(pushesOf(org.tenantA.id()).size())
        .as("digests: fewer messages than reminders")
        .isLessThan(users * each);
    assertThat(
            count(
                "SELECT count(*) FROM reminder WHERE owner_id = ANY($1) AND notified_at IS NOT NULL",
                (Object) owners.toArray(Long[]::new)))
        .isEqualTo(users * each);
  }

  @Test
  @DisplayName(
      "a user with more reminders due than their pace allows gets them in one digest; one with a single gets the card")
  void digestForMany() {
    Customer c =
        await(new CustomerService(db.pool()).create(org.a(org.rep3), NewCustomer.named("星河传媒")));
    await(
        db.pool()
            .preparedQuery(
                "INSERT INTO reminder (tenant_id, owner_id, customer_id, due_at, text, created_by)"
                    + " SELECT $1, $2, $3, $4 + g * interval '1 second', '跟进事项 ' || g, $2 FROM generate_series(1, 25) g")
            .execute(
                Tuple.of(
                    org.tenantA.id(),
                    org.rep3,
                    c.id(),
                    t0.plusSeconds(30).atOffset(java.time.ZoneOffset.UTC))));
    Reminder single =
        await(reminders.create(org.a(org.rep2), NewReminder.at(t0.plusSeconds(60), "别人的提醒")));
    ReminderDispatchVerticle a = node(db.vertx(), db.pool(), MANUAL);
    clock.set(t0.plusSeconds(60));
    assertThat(await(a.tick())).as("reminders handed over").isEqualTo(26);

    Push digest =
        pushesOf(org.tenantA.id()).stream().filter(p -> p.userId() == org.rep3).collect(onlyOne());
    assertThat(digest.notification().title()).contains("你有 25 条跟进提醒到期");
    assertThat(digest.notification().markdown())
        .contains("星河传媒：跟进事项 1", "还有 20 条")
        .doesNotContain("跟进事项 6");
    assertThat(digest.notification().buttons())
        .singleElement()
        .satisfies(b -> assertThat(b.text()).isEqualTo("查看全部"));
    assertThat(reminderIds(digest.notification())).hasSize(25).doesNotHaveDuplicates();
    Push card =
        pushesOf(org.tenantA.id()).stream().filter(p -> p.userId() == org.rep2).collect(onlyOne());
    assertThat(card.notification().dedupeKey()).isEqualTo(ReminderCards.dedupeKey(single));
    assertThat(
            count(
                "SELECT count(*) FROM reminder WHERE owner_id = $1 AND notified_at IS NOT NULL",
                org.rep3))
        .isEqualTo(25);

    clock.advance(Duration.ofMinutes(5));
    assertThat(await(a.tick())).as("each reminder once").isZero();
    assertThat(pushesOf(org.tenantA.id())).hasSize(2);
  }

  @Test
  @DisplayName(
      "two nodes together never push one user more than the per-user pace in any minute, and lose nothing")
  void perUserPace() {
    // one reminder due every 2 seconds for 3 minutes
    await(
        db.pool()
            .preparedQuery(
                "INSERT INTO reminder (tenant_id, owner_id, due_at, text, created_by)"
                    + " SELECT $1, $2, $3 + g * interval '2 seconds', '刷屏提醒 ' || g, $2 FROM generate_series(1, 90) g")
            .execute(
                Tuple.of(
                    org.tenantA.id(),
                    org.rep3,
                    t0.plusSeconds(60).atOffset(java.time.ZoneOffset.UTC))));
    ReminderDispatchVerticle.Settings eightPerMinute =
        new ReminderDispatchVerticle.Settings(
            Duration.ofHours(1), 6000, 200, Duration.ofMinutes(2), 8);
    ReminderDispatchVerticle a = node(db.vertx(), db.pool(), eightPerMinute);
    ReminderDispatchVerticle b = secondNode(eightPerMinute);
    List<Instant> sentAt = new ArrayList<>();
    clock.set(t0.plusSeconds(60));
    for (int second = 0; second < 300; second++) {
      int before = pushesOf(org.tenantA.id()).size();
      await((second % 2 == 0 ? a : b).tick());
      for (int i = before; i < pushesOf(org.tenantA.id()).size(); i++) {
        sentAt.add(clock.instant());
      }
      clock.advance(Duration.ofSeconds(1));
    }
    for (Instant start : sentAt) {
      assertThat(
              sentAt.stream()
                  .filter(t -> !t.isBefore(start) && t.isBefore(start.plusSeconds(60)))
                  .count())
          .as("messages in the minute from " + start)
          .isLessThanOrEqualTo(8);
    }
    assertThat(handedOver(org.tenantA.id())).hasSize(90).doesNotHaveDuplicates();
    assertThat(
            count(
                "SELECT count(*) FROM reminder WHERE owner_id = $1 AND notified_at IS NULL",
                org.rep3))
        .isZero();
  }

  @Test
  @DisplayName(
      "two nodes, one with its clock behind, queue no more than the tenant's and a user's pace in any"
          + " minute of the outbox's queue time, however late each row is written")
  void paceHoldsOverQueueTime() {
    int users = 20;
    int each = 15;
    List<Long> owners = users("paced", users);
    // due over a minute, so that a pass finds some owners' first reminders and others' latest
    remindersOf(owners, each, t0.plusSeconds(60), Duration.ofSeconds(4), "节流提醒");
    int perTenant = 60;
    int perUser = 8;
    ReminderDispatchVerticle.Settings settings =
        new ReminderDispatchVerticle.Settings(
            Duration.ofHours(1), perTenant, 10, Duration.ofMinutes(2), perUser);
    // the gateway's way: each row written to the real outbox a little after the dispatcher handed
    // it over
    Outbox outbox = new Outbox(db.pool());
    Notifier queueing =
        (tenantId, userId, n, queuedAt) -> {
          Promise<Void> written = Promise.promise();
          db.vertx()
              .setTimer(
                  1 + ThreadLocalRandom.current().nextInt(40),
                  id ->
                      outbox
                          .enqueuePush(
                              Actor.system(tenantId, "notify"),
                              "wecom",
                              "paced-" + userId,
                              new JsonObject(),
                              "push:" + n.dedupeKey(),
                              queuedAt)
                          .compose(x -> notifier.push(tenantId, userId, n))
                          .onComplete(written));
          return written.future();
        };
    ReminderDispatchVerticle a = new ReminderDispatchVerticle(db.pool(), queueing, clock, settings);
    deployments.add(await(db.vertx().deployVerticle(a)));
    Vertx other = Vertx.vertx();
    nodes.add(other);
    MutableClock behind = new MutableClock(t0.plusSeconds(57));
    ReminderDispatchVerticle b =
        new ReminderDispatchVerticle(db.pool(other), queueing, behind, settings);
    await(other.deployVerticle(b));

    clock.set(t0.plusSeconds(60));
    for (int second = 0;
        second < 1200 && handedOver(org.tenantA.id()).size() < users * each;
        second++) {
      await(Future.all(a.tick(), b.tick()));
      clock.advance(Duration.ofSeconds(1));
      behind.advance(Duration.ofSeconds(1));
    }
    assertThat(handedOver(org.tenantA.id())).hasSize(users * each).doesNotHaveDuplicates();

    // each row's minute [created_at, created_at + 60 s): timestamps are whole microseconds
    Row most =
        await(
                db.pool()
                    .preparedQuery(
                        """
        WITH queued AS (SELECT recipient, created_at FROM outbound_message
                         WHERE tenant_id = $1 AND recipient LIKE 'paced-%'),
             windows AS (
               SELECT count(*) OVER (ORDER BY created_at RANGE BETWEEN CURRENT ROW AND '59.999999 s' FOLLOWING) AS company,
                      count(*) OVER (PARTITION BY recipient ORDER BY created_at
                                     RANGE BETWEEN CURRENT ROW AND '59.999999 s' FOLLOWING) AS one_user
                 FROM queued)
        SELECT (SELECT count(*) FROM queued) AS total, max(company) AS company, max(one_user) AS one_user FROM windows
        """)
                    .execute(Tuple.of(org.tenantA.id())))
            .iterator()
            .next();
    assertThat(most.getLong("total")).isEqualTo(pushesOf(org.tenantA.id()).size());
    assertThat(most.getLong("company"))
        .as("queued to the company in any 60 s")
        .isLessThanOrEqualTo(perTenant);
    assertThat(most.getLong("one_user"))
        .as("queued to one user in any 60 s")
        .isLessThanOrEqualTo(perUser);
  }

  List<Long> users(String prefix, int n) {
    return await(
            db.pool()
                .preparedQuery(
                    "INSERT INTO crm_user (tenant_id, platform_user_id, name) SELECT $1, $3 || g, $3 || g"
                        + " FROM generate_series(1, $2) g RETURNING id")
                .execute(Tuple.of(org.tenantA.id(), n, prefix)))
        .stream()
        .map(r -> r.getLong(0))
        .toList();
  }

  /**
   * {@code each} reminders per owner, the g-th (from 1) due at {@code first} + (g - 1) × {@code
   * apart}.
   */
  void remindersOf(List<Long> owners, int each, Instant first, Duration apart, String text) {
    await(
        db.pool()
            .preparedQuery(
                "INSERT INTO reminder (tenant_id, owner_id, due_at, text, created_by)"
                    + " SELECT $1, u, $3 + (g - 1) * $5::bigint * interval '1 millisecond', $6 || ' ' || u || '-' || g, u"
                    + " FROM unnest($2::bigint[]) u, generate_series(1, $4) g")
            .execute(
                Tuple.of(
                    org.tenantA.id(),
                    owners.toArray(Long[]::new),
                    first.atOffset(java.time.ZoneOffset.UTC),
                    each,
                    apart.toMillis(),
                    text)));
  }

  /** The reminders a notification stands for: a card's own, or every one a digest lists. */
  static List<Long> reminderIds(Notification n) {
    List<Long> ids = new ArrayList<>();
    for (Notification.Button b : n.buttons()) {
      if (b.key().startsWith("reminder.done:")) {
        ids.add(Long.parseLong(b.key().substring("reminder.done:".length())));
      } else if (b.key().startsWith(ReminderDigests.LIST_KEY)) {
        for (String id : b.key().substring(ReminderDigests.LIST_KEY.length()).split(",")) {
          ids.add(Long.parseLong(id));
        }
      }
    }
    return ids;
  }

  List<Long> handedOver(long tenantId) {
    return pushesOf(tenantId).stream()
        .flatMap(p -> reminderIds(p.notification()).stream())
        .toList();
  }

  static <T> java.util.stream.Collector<T, ?, T> onlyOne() {
    return java.util.stream.Collectors.collectingAndThen(
        java.util.stream.Collectors.toList(),
        l -> {
          assertThat(l).hasSize(1);
          return l.get(0);
        });
  }

  long count(String sql, Object... args) {
    return await(db.pool().preparedQuery(sql).execute(Tuple.from(args)))
        .iterator()
        .next()
        .getLong(0);
  }
}
