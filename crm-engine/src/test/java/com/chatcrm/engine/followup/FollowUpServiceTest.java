package com.chatcrm.engine.followup;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.audit.AuditEntry;
import com.chatcrm.engine.audit.AuditQueries;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.reminder.Reminder;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.reminder.ReminderStatus;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FollowUpServiceTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final AtomicInteger SEQ = new AtomicInteger();

  static OrgFixture org;
  static CustomerService customers;
  static FollowUpService followUps;
  static ReminderService reminders;

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    customers = new CustomerService(db.pool());
    followUps = new FollowUpService(db.pool());
    reminders = new ReminderService(db.pool());
  }

  static Customer customerOf(long owner) {
    return await(customers.create(org.a(owner), NewCustomer.named("跟进客户" + SEQ.incrementAndGet())));
  }

  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  static long count(String sql, Object... args) {
    Row row = await(db.pool().preparedQuery(sql).execute(Tuple.from(args))).iterator().next();
    return row.getLong(0);
  }

  @Test
  @DisplayName(
      "a rep logs a phone call: it is on the timeline, moves the customer's last follow-up time and is audited")
  void log() {
    Customer c = customerOf(org.rep1);
    var actor = org.a(org.rep1);
    Instant when = now().minus(Duration.ofHours(2));
    FollowUp f = await(followUps.log(actor, NewFollowUp.on(c.id(), "电话", "  聊了报价，对方嫌贵 ").at(when)));

    assertThat(f.method()).isEqualTo(FollowUpMethod.CALL);
    assertThat(f.content()).isEqualTo("聊了报价，对方嫌贵");
    assertThat(f.happenedAt()).isEqualTo(when);
    assertThat(f.authorName()).isEqualTo("李雷");
    assertThat(f.customerName()).isEqualTo(c.name());
    assertThat(f.source()).isEqualTo("chat");
    assertThat(f.sourceMessageId()).isEqualTo(actor.source().ref());
    assertThat(f.reminderId()).isNull();
    assertThat(await(customers.get(org.a(org.rep1), c.id())).lastFollowUpAt().toInstant())
        .isEqualTo(when);

    List<AuditEntry> history =
        await(AuditQueries.history(db.pool(), org.tenantA.id(), "follow_up", f.id()));
    assertThat(history)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.action()).isEqualTo("create");
              assertThat(e.sourceRef()).isEqualTo(actor.source().ref());
              assertThat(e.changes().getString("method")).isEqualTo("call");
            });
  }

  @Test
  @DisplayName("methods are understood in Chinese and English; anything else is refused")
  void methods() {
    Customer c = customerOf(org.rep1);
    assertThat(await(followUps.log(org.a(org.rep1), NewFollowUp.on(c.id(), "拜访", "上门"))).method())
        .isEqualTo(FollowUpMethod.VISIT);
    assertThat(
            await(followUps.log(org.a(org.rep1), NewFollowUp.on(c.id(), "WeChat", "发了资料")))
                .method())
        .isEqualTo(FollowUpMethod.WECHAT);
    assertThat(await(followUps.log(org.a(org.rep1), NewFollowUp.on(c.id(), "会议", "线上会"))).method())
        .isEqualTo(FollowUpMethod.MEETING);
    assertThat(await(followUps.log(org.a(org.rep1), NewFollowUp.on(c.id(), null, "随便聊聊"))).method())
        .isEqualTo(FollowUpMethod.OTHER);
    assertThatThrownBy(
            () -> await(followUps.log(org.a(org.rep1), NewFollowUp.on(c.id(), "飞鸽传书", "x"))))
        .isInstanceOf(InvalidInput.class)
        .satisfies(
            e -> assertThat(((InvalidInput) e).details().getString("field")).isEqualTo("method"));
  }

  @Test
  @DisplayName("content is required and bounded; a follow-up cannot have happened in the future")
  void inputIsChecked() {
    Customer c = customerOf(org.rep1);
    assertThatThrownBy(
            () -> await(followUps.log(org.a(org.rep1), NewFollowUp.on(c.id(), "电话", "   "))))
        .isInstanceOf(InvalidInput.class)
        .satisfies(
            e -> assertThat(((InvalidInput) e).details().getString("field")).isEqualTo("content"));
    assertThatThrownBy(
            () ->
                await(
                    followUps.log(org.a(org.rep1), NewFollowUp.on(c.id(), "电话", "长".repeat(5001)))))
        .isInstanceOf(InvalidInput.class);
    assertThat(
            await(followUps.log(org.a(org.rep1), NewFollowUp.on(c.id(), "电话", "长".repeat(5000))))
                .content())
        .hasSize(5000);
    assertThatThrownBy(
            () ->
                await(
                    followUps.log(
                        org.a(org.rep1),
                        NewFollowUp.on(c.id(), "电话", "明天的事").at(now().plus(Duration.ofHours(1))))))
        .isInstanceOf(InvalidInput.class)
        .satisfies(
            e ->
                assertThat(((InvalidInput) e).details().getString("field"))
                    .isEqualTo("happenedAt"));
    assertThat(
            await(
                followUps.log(
                    org.a(org.rep1),
                    NewFollowUp.on(c.id(), "电话", "手机快了两分钟").at(now().plus(Duration.ofMinutes(2))))))
        .isNotNull();
    assertThatThrownBy(
            () ->
                await(
                    followUps.log(
                        org.a(org.rep1),
                        NewFollowUp.on(c.id(), "电话", "x")
                            .next("再打", now().minus(Duration.ofDays(1))))))
        .isInstanceOf(InvalidInput.class)
        .satisfies(
            e ->
                assertThat(((InvalidInput) e).details().getString("field"))
                    .isEqualTo("nextFollowUpAt"));
  }

  @Test
  @DisplayName(
      "a next follow-up time makes a reminder for the author, linked to the follow-up and the customer")
  void nextFollowUpMakesAReminder() {
    Customer c = customerOf(org.rep2);
    var actor = org.a(org.rep2);
    Instant next = now().plus(Duration.ofDays(2));
    FollowUp f =
        await(followUps.log(actor, NewFollowUp.on(c.id(), "拜访", "见了采购").next("带报价单再去一次", next)));
    assertThat(f.nextStep()).isEqualTo("带报价单再去一次");
    assertThat(f.nextFollowUpAt()).isEqualTo(next);
    assertThat(f.reminderId()).isNotNull();

    Reminder r = await(reminders.get(org.a(org.rep2), f.reminderId()));
    assertThat(r.ownerId()).isEqualTo(org.rep2);
    assertThat(r.dueAt()).isEqualTo(next);
    assertThat(r.customerId()).isEqualTo(c.id());
    assertThat(r.followUpId()).isEqualTo(f.id());
    assertThat(r.text()).isEqualTo("跟进「" + c.name() + "」：带报价单再去一次");
    assertThat(r.status()).isEqualTo(ReminderStatus.PENDING);
    assertThat(await(reminders.upcoming(org.a(org.rep2), 50)))
        .extracting(Reminder::id)
        .contains(r.id());

    FollowUp plain =
        await(followUps.log(org.a(org.rep2), NewFollowUp.on(c.id(), "电话", "没人接").next(null, next)));
    assertThat(await(reminders.get(org.a(org.rep2), plain.reminderId())).text())
        .isEqualTo("跟进「" + c.name() + "」");
  }

  @Test
  @DisplayName("an imported follow-up keeps a next time long gone, but nobody is reminded of it")
  void importsKeepHistory() {
    Customer c = customerOf(org.rep1);
    Actor importer = Actor.user(org.tenantA.id(), org.rep1, Source.importJob("job-1"));
    Instant past = now().minus(Duration.ofDays(300));
    FollowUp f =
        await(
            followUps.log(
                importer,
                NewFollowUp.on(c.id(), "电话", "旧记录")
                    .at(past.minus(Duration.ofDays(3)))
                    .next("回访", past)));
    assertThat(f.source()).isEqualTo("import");
    assertThat(f.sourceMessageId()).isNull();
    assertThat(f.nextFollowUpAt()).isEqualTo(past);
    assertThat(f.reminderId()).isNull();
    // the job id is shared by all rows of the import: it must not make the second row a "retry"
    FollowUp second =
        await(followUps.log(importer, NewFollowUp.on(c.id(), "微信", "另一条旧记录").at(past)));
    assertThat(second.id()).isNotEqualTo(f.id());
  }

  @Test
  @DisplayName(
      "the same chat message delivered twice logs once: one follow-up, one reminder, one audit row each")
  void redeliveryIsIdempotent() {
    Customer c = customerOf(org.rep1);
    var actor = org.a(org.rep1);
    NewFollowUp input =
        NewFollowUp.on(c.id(), "电话", "约了下周演示").next("准备演示环境", now().plus(Duration.ofDays(5)));
    FollowUp first = await(followUps.log(actor, input));
    FollowUp again = await(followUps.log(actor, input));
    assertThat(again).isEqualTo(first);

    long tenant = org.tenantA.id();
    String msg = actor.source().ref();
    assertThat(
            count(
                "SELECT count(*) FROM follow_up WHERE tenant_id = $1 AND source_message_id = $2",
                tenant,
                msg))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM reminder WHERE tenant_id = $1 AND follow_up_id = $2",
                tenant,
                first.id()))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND entity_type = 'follow_up' AND entity_id = $2",
                tenant,
                first.id()))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND entity_type = 'reminder' AND entity_id = $2",
                tenant,
                first.reminderId()))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("the same chat message delivered twice at the same instant still logs once")
  void concurrentRedelivery() {
    Customer c = customerOf(org.rep1);
    var actor = org.a(org.rep1);
    NewFollowUp input =
        NewFollowUp.on(c.id(), "微信", "发了合同").next(null, now().plus(Duration.ofDays(1)));
    List<Future<FollowUp>> attempts =
        List.of(
            followUps.log(actor, input), followUps.log(actor, input), followUps.log(actor, input));
    await(Future.all(attempts));
    assertThat(attempts)
        .extracting(f -> f.result().id())
        .containsOnly(attempts.get(0).result().id());
    long tenant = org.tenantA.id();
    assertThat(
            count(
                "SELECT count(*) FROM follow_up WHERE tenant_id = $1 AND customer_id = $2",
                tenant,
                c.id()))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM reminder WHERE tenant_id = $1 AND customer_id = $2",
                tenant,
                c.id()))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND entity_type = 'follow_up' AND source_ref = $2",
                tenant,
                actor.source().ref()))
        .isEqualTo(1);
  }

  @Test
  @DisplayName(
      "the owner's one-statement 跟进 writes nothing once the customer is no longer theirs (a transfer"
          + " or the pool got there first)")
  void theOwnersStatementWritesOnlyWhileTheCustomerIsTheirs() {
    long tenant = org.tenantA.id();
    Customer transferred = customerOf(org.rep1);
    await(customers.transfer(org.a(org.manager1), transferred.id(), org.rep2));
    Customer pooled = customerOf(org.rep1);
    await(
        new com.chatcrm.engine.pool.PoolService(db.pool(), java.time.Clock.systemUTC())
            .release(org.a(org.rep1), pooled.id(), "测试"));
    for (Customer c : List.of(transferred, pooled)) {
      Object[] args = {
        tenant,
        c.id(),
        null,
        org.rep1,
        "call",
        "还以为是我的",
        now().atOffset(java.time.ZoneOffset.UTC),
        null,
        null,
        "chat",
        "race-" + c.id(),
        "chat",
        "race-" + c.id(),
        new io.vertx.core.json.JsonObject()
      };
      assertThat(
              await(
                      db.pool()
                          .preparedQuery(FollowUpSql.INSERT_OWN_AUDITED)
                          .execute(Tuple.from(args)))
                  .size())
          .isZero();
      assertThat(
              count(
                  "SELECT count(*) FROM follow_up WHERE tenant_id = $1 AND customer_id = $2",
                  tenant,
                  c.id()))
          .isZero();
      assertThat(
              count(
                  "SELECT count(*) FROM customer WHERE tenant_id = $1 AND id = $2 AND last_follow_up_at IS NOT NULL",
                  tenant,
                  c.id()))
          .isZero();
    }
    assertThatThrownBy(
            () ->
                await(
                    followUps.log(
                        org.a(org.rep1), NewFollowUp.on(transferred.id(), "电话", "还以为是我的"))))
        .as("a colleague's customer answers as a missing one")
        .isInstanceOf(NotFound.class);
  }

  @Test
  @DisplayName("last follow-up time only moves forward, and a follow-up clears the pool warning")
  void lastFollowUpAndPoolWarning() {
    Customer c = customerOf(org.rep1);
    long tenant = org.tenantA.id();
    await(
        db.pool()
            .preparedQuery(
                "UPDATE customer SET pool_warned_at = now() WHERE tenant_id = $1 AND id = $2")
            .execute(Tuple.of(tenant, c.id())));
    Instant twoDaysAgo = now().minus(Duration.ofDays(2));
    await(followUps.log(org.a(org.rep1), NewFollowUp.on(c.id(), "电话", "两天前").at(twoDaysAgo)));
    assertThat(
            count(
                "SELECT count(*) FROM customer WHERE tenant_id = $1 AND id = $2 AND pool_warned_at IS NULL",
                tenant,
                c.id()))
        .isEqualTo(1);
    assertThat(await(customers.get(org.a(org.rep1), c.id())).lastFollowUpAt().toInstant())
        .isEqualTo(twoDaysAgo);

    await(
        followUps.log(
            org.a(org.rep1),
            NewFollowUp.on(c.id(), "电话", "补记五天前的").at(now().minus(Duration.ofDays(5)))));
    assertThat(await(customers.get(org.a(org.rep1), c.id())).lastFollowUpAt().toInstant())
        .isEqualTo(twoDaysAgo);

    Instant justNow = now();
    await(followUps.log(org.a(org.rep1), NewFollowUp.on(c.id(), "电话", "刚才").at(justNow)));
    assertThat(await(customers.get(org.a(org.rep1), c.id())).lastFollowUpAt().toInstant())
        .isEqualTo(justNow);
    assertThat(await(customers.get(org.a(org.rep1), c.id())).version())
        .as("a follow-up is not an edit")
        .isEqualTo(1);
  }

  @Test
  @DisplayName(
      "who may log: owner, their manager, a collaborator and admins; not another department, not another tenant")
  void permissions() {
    Customer theirs = customerOf(org.rep3);
    // another department's customer is not there for them: neither it nor its owner is named
    assertThatThrownBy(
            () -> await(followUps.log(org.a(org.rep1), NewFollowUp.on(theirs.id(), "电话", "撞单了"))))
        .isInstanceOf(NotFound.class)
        .hasMessage("客户不存在（" + theirs.id() + "）");
    assertThatThrownBy(
            () ->
                await(followUps.log(org.a(org.manager1), NewFollowUp.on(theirs.id(), "电话", "越权"))))
        .isInstanceOf(NotFound.class);
    assertThatThrownBy(() -> await(followUps.log(org.b(), NewFollowUp.on(theirs.id(), "电话", "外人"))))
        .isInstanceOf(NotFound.class);
    assertThat(
            count(
                "SELECT count(*) FROM follow_up WHERE tenant_id = $1 AND customer_id = $2",
                org.tenantA.id(),
                theirs.id()))
        .isZero();

    assertThat(
            await(followUps.log(org.a(org.manager2), NewFollowUp.on(theirs.id(), "拜访", "经理陪访")))
                .authorId())
        .isEqualTo(org.manager2);
    assertThat(
            await(followUps.log(org.a(org.admin), NewFollowUp.on(theirs.id(), "电话", "老板亲自打")))
                .authorId())
        .isEqualTo(org.admin);

    await(customers.addCollaborator(org.a(org.rep3), theirs.id(), org.rep1));
    assertThat(
            await(followUps.log(org.a(org.rep1), NewFollowUp.on(theirs.id(), "电话", "协同跟进")))
                .authorId())
        .isEqualTo(org.rep1);

    Customer subordinate = customerOf(org.rep2);
    assertThat(
            await(
                    followUps.log(
                        org.a(org.manager1), NewFollowUp.on(subordinate.id(), "电话", "帮下属跟")))
                .authorId())
        .isEqualTo(org.manager1);

    assertThatThrownBy(
            () ->
                await(
                    followUps.log(
                        Actor.system(org.tenantA.id(), "job"),
                        NewFollowUp.on(subordinate.id(), "电话", "系统"))))
        .isInstanceOf(Forbidden.class);
  }

  @Test
  void aDeletedCustomerCannotBeFollowedUp() {
    Customer c = customerOf(org.rep1);
    await(customers.delete(org.a(org.rep1), c.id()));
    assertThatThrownBy(
            () -> await(followUps.log(org.a(org.rep1), NewFollowUp.on(c.id(), "电话", "x"))))
        .isInstanceOf(NotFound.class);
  }

  @Test
  @DisplayName("an opportunity must belong to the customer followed up")
  void opportunityOfTheSameCustomer() {
    Customer c = customerOf(org.rep1);
    Customer other = customerOf(org.rep1);
    long opp = opportunity(c, org.rep1);
    assertThat(
            await(
                    followUps.log(
                        org.a(org.rep1), NewFollowUp.on(c.id(), "会议", "方案评审").forOpportunity(opp)))
                .opportunityId())
        .isEqualTo(opp);
    assertThatThrownBy(
            () ->
                await(
                    followUps.log(
                        org.a(org.rep1),
                        NewFollowUp.on(other.id(), "会议", "串了").forOpportunity(opp))))
        .isInstanceOf(InvalidInput.class)
        .satisfies(
            e ->
                assertThat(((InvalidInput) e).details().getString("field"))
                    .isEqualTo("opportunityId"));
  }

  @Test
  @DisplayName(
      "the timeline pages newest first without gaps or repeats, and hides deleted follow-ups")
  void timeline() {
    Customer c = customerOf(org.rep1);
    Instant base = now().minus(Duration.ofDays(10));
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(
          await(
                  followUps.log(
                      org.a(org.rep1),
                      NewFollowUp.on(c.id(), "电话", "第" + i + "次")
                          .at(base.plus(Duration.ofDays(i)))))
              .id());
    }
    // two at the same instant: the id breaks the tie, so the cursor neither skips nor repeats one
    ids.add(
        await(
                followUps.log(
                    org.a(org.rep1),
                    NewFollowUp.on(c.id(), "电话", "同一刻").at(base.plus(Duration.ofDays(4)))))
            .id());

    List<Long> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      TimelinePage page = await(followUps.timeline(org.a(org.manager1), c.id(), cursor, 2));
      page.items().forEach(f -> seen.add(f.id()));
      cursor = page.nextCursor();
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(3);
    assertThat(seen)
        .containsExactly(ids.get(5), ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0));

    await(followUps.delete(org.a(org.rep1), ids.get(4)));
    assertThat(await(followUps.timeline(org.a(org.rep1), c.id(), null, 10)).items())
        .extracting(FollowUp::id)
        .doesNotContain(ids.get(4))
        .hasSize(5);

    assertThatThrownBy(() -> await(followUps.timeline(org.a(org.rep3), c.id(), null, 10)))
        .isInstanceOf(NotFound.class);
    assertThatThrownBy(() -> await(followUps.timeline(org.b(), c.id(), null, 10)))
        .isInstanceOf(NotFound.class);
    assertThatThrownBy(
            () -> await(followUps.timeline(org.a(org.rep1), c.id(), "not-a-cursor!", 10)))
        .isInstanceOf(InvalidInput.class);
  }

  @Test
  @DisplayName(
      "the author, their manager or an admin may delete a follow-up; its pending reminder goes with it")
  void delete() {
    Customer c = customerOf(org.rep2);
    await(customers.addCollaborator(org.a(org.rep2), c.id(), org.rep3));
    FollowUp earlier =
        await(
            followUps.log(
                org.a(org.rep2),
                NewFollowUp.on(c.id(), "拜访", "上门拜访").at(now().minus(Duration.ofDays(3)))));
    FollowUp f =
        await(
            followUps.log(
                org.a(org.rep2),
                NewFollowUp.on(c.id(), "电话", "记错客户了").next("再打", now().plus(Duration.ofDays(1)))));

    assertThatThrownBy(() -> await(followUps.delete(org.a(org.rep3), f.id())))
        .isInstanceOf(Forbidden.class);
    // 陈经理 manages the collaborator, not the owner: the customer is not there for him
    assertThatThrownBy(() -> await(followUps.delete(org.a(org.manager2), f.id())))
        .isInstanceOf(NotFound.class)
        .hasMessage("跟进记录不存在（" + f.id() + "）");
    assertThatThrownBy(() -> await(followUps.delete(org.b(), f.id()))).isInstanceOf(NotFound.class);

    assertThat(await(customers.get(org.a(org.rep2), c.id())).lastFollowUpAt().toInstant())
        .isEqualTo(f.happenedAt());
    FollowUp deleted = await(followUps.delete(org.a(org.manager1), f.id()));
    assertThat(deleted.deleted()).isTrue();
    // the customer's 最近跟进 is the remaining one again; with none left it is never followed up
    assertThat(await(customers.get(org.a(org.rep2), c.id())).lastFollowUpAt().toInstant())
        .isEqualTo(earlier.happenedAt());
    await(followUps.delete(org.a(org.rep2), earlier.id()));
    assertThat(await(customers.get(org.a(org.rep2), c.id())).lastFollowUpAt()).isNull();
    assertThat(await(reminders.get(org.a(org.rep2), f.reminderId())).status())
        .isEqualTo(ReminderStatus.CANCELLED);
    assertThatThrownBy(() -> await(followUps.get(org.a(org.rep2), f.id())))
        .isInstanceOf(NotFound.class);
    assertThat(await(AuditQueries.history(db.pool(), org.tenantA.id(), "follow_up", f.id())))
        .extracting(AuditEntry::action)
        .containsExactly("create", "delete");
  }

  /** Opportunities belong to another part of the engine; a row is all these tests need. */
  static long opportunity(Customer c, long owner) {
    long tenant = org.tenantA.id();
    long stage =
        count(
            "SELECT id FROM opportunity_stage WHERE tenant_id = $1 ORDER BY position LIMIT 1",
            tenant);
    return count(
        "INSERT INTO opportunity (tenant_id, customer_id, name, stage_id, probability, owner_id, created_by)"
            + " VALUES ($1, $2, '年度采购', $3, 10, $4, $4) RETURNING id",
        tenant,
        c.id(),
        stage,
        owner);
  }
}
