package com.chatcrm.engine.mention;

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
import com.chatcrm.engine.error.Conflict;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.followup.FollowUpService;
import com.chatcrm.engine.followup.NewFollowUp;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.org.OrgUser;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MentionServiceTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final AtomicInteger SEQ = new AtomicInteger();

  static OrgFixture org;
  static CustomerService customers;
  static MentionService mentions;

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    customers = new CustomerService(db.pool());
    mentions = new MentionService(db.pool());
  }

  static Customer customerOf(long owner) {
    return await(customers.create(org.a(owner), NewCustomer.named("协同客户" + SEQ.incrementAndGet())));
  }

  static long count(String sql, Object... args) {
    Row row = await(db.pool().preparedQuery(sql).execute(Tuple.from(args))).iterator().next();
    return row.getLong(0);
  }

  /** A rep of 销售二部 with no mentions yet, so lists show only this test's. */
  static long freshRep() {
    int n = SEQ.incrementAndGet();
    return await(
        new OrgService(db.pool())
            .upsertUser(
                Actor.system(org.tenantA.id(), "test"),
                OrgUser.rep("m-rep-" + n, "同事" + n, "sales2")));
  }

  @Test
  @DisplayName(
      "\"@李雷 帮忙跟进一下\" makes 李雷 a collaborator who can then open the customer and log a follow-up")
  void mentionMakesACollaborator() {
    Customer c = customerOf(org.rep3);
    assertThatThrownBy(() -> await(customers.get(org.a(org.rep1), c.id())))
        .isInstanceOf(NotFound.class);

    var actor = org.a(org.rep3);
    Mention m = await(mentions.mention(actor, org.rep1, c.id(), null, "帮忙跟进一下"));
    assertThat(m.fromName()).isEqualTo("赵六");
    assertThat(m.toName()).isEqualTo("李雷");
    assertThat(m.customerName()).isEqualTo(c.name());
    assertThat(m.status()).isEqualTo(MentionStatus.OPEN);
    assertThat(m.sourceMessageId()).isEqualTo(actor.source().ref());

    assertThat(await(customers.get(org.a(org.rep1), c.id())).collaboratorIds())
        .containsExactly(org.rep1);
    assertThat(
            await(
                    new FollowUpService(db.pool())
                        .log(org.a(org.rep1), NewFollowUp.on(c.id(), "电话", "接手跟进")))
                .authorId())
        .isEqualTo(org.rep1);

    List<AuditEntry> history =
        await(AuditQueries.history(db.pool(), org.tenantA.id(), "customer", c.id()));
    assertThat(history)
        .extracting(AuditEntry::action)
        .containsExactly("create", "add_collaborator");
    assertThat(history.get(1).changes().getLong("userId")).isEqualTo(org.rep1);
    assertThat(history.get(1).changes().getString("via")).isEqualTo("mention");
    assertThat(history.get(1).sourceRef()).isEqualTo(actor.source().ref());
    assertThat(await(AuditQueries.history(db.pool(), org.tenantA.id(), "mention", m.id())))
        .extracting(AuditEntry::action)
        .containsExactly("create");
  }

  @Test
  @DisplayName(
      "a re-delivered chat message mentions each target once; one message may mention two people")
  void redeliveryIsIdempotent() {
    Customer c = customerOf(org.rep3);
    var actor = org.a(org.rep3);
    Mention first = await(mentions.mention(actor, org.rep1, c.id(), null, "@李雷 @韩梅梅 一起看看"));
    assertThat(await(mentions.mention(actor, org.rep1, c.id(), null, "@李雷 @韩梅梅 一起看看")))
        .isEqualTo(first);
    Mention second = await(mentions.mention(actor, org.rep2, c.id(), null, "@李雷 @韩梅梅 一起看看"));
    assertThat(second.id()).isNotEqualTo(first.id());

    // and at the same instant
    var racer = org.a(org.rep3);
    List<Future<Mention>> attempts =
        List.of(
            mentions.mention(racer, org.manager2, c.id(), null, "经理看下"),
            mentions.mention(racer, org.manager2, c.id(), null, "经理看下"));
    await(Future.all(attempts));
    assertThat(attempts.get(0).result().id()).isEqualTo(attempts.get(1).result().id());

    long tenant = org.tenantA.id();
    assertThat(
            count(
                "SELECT count(*) FROM mention WHERE tenant_id = $1 AND customer_id = $2",
                tenant,
                c.id()))
        .isEqualTo(3);
    assertThat(
            count(
                "SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND entity_type = 'customer' AND entity_id = $2"
                    + " AND action = 'add_collaborator'",
                tenant,
                c.id()))
        .as("李雷 and 韩梅梅; 陈经理 sees it already")
        .isEqualTo(2);
    assertThat(
            count(
                "SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND entity_type = 'mention' AND source_ref = $2",
                tenant,
                actor.source().ref()))
        .isEqualTo(2);
  }

  @Test
  @DisplayName("someone who can already edit the customer is not added as a collaborator")
  void noCollaboratorWhenNotNeeded() {
    Customer c = customerOf(org.rep2);
    await(mentions.mention(org.a(org.rep2), org.manager1, c.id(), null, "经理帮我看看"));
    await(mentions.mention(org.a(org.rep2), org.admin, c.id(), null, "王总过目"));
    assertThat(await(customers.get(org.a(org.rep2), c.id())).collaboratorIds()).isEmpty();
  }

  @Test
  @DisplayName("the actor must be able to edit the named customer; nothing is recorded otherwise")
  void actorMustEditTheCustomer() {
    Customer c = customerOf(org.rep3);
    assertThatThrownBy(
            () -> await(mentions.mention(org.a(org.rep1), org.rep2, c.id(), null, "偷偷拉人")))
        .isInstanceOf(NotFound.class);
    long bColleague =
        await(
            new OrgService(db.pool())
                .upsertUser(
                    Actor.system(org.tenantB.id(), "test"),
                    OrgUser.rep("b-colleague", "外人同事", "b-root")));
    assertThatThrownBy(() -> await(mentions.mention(org.b(), bColleague, c.id(), null, "别家的客户")))
        .isInstanceOf(NotFound.class);
    assertThatThrownBy(() -> await(mentions.mention(org.b(), org.rep1, null, null, "别家的人")))
        .isInstanceOf(InvalidInput.class);
    assertThat(await(customers.get(org.a(org.rep3), c.id())).collaboratorIds()).isEmpty();
    assertThat(
            count(
                "SELECT count(*) FROM mention WHERE tenant_id = $1 AND customer_id = $2",
                org.tenantA.id(),
                c.id()))
        .isZero();

    await(customers.addCollaborator(org.a(org.rep3), c.id(), org.rep1));
    await(mentions.mention(org.a(org.rep1), org.rep2, c.id(), null, "协同人也能拉人帮忙"));
    assertThat(await(customers.get(org.a(org.rep3), c.id())).collaboratorIds())
        .containsExactly(org.rep1, org.rep2);
  }

  @Test
  @DisplayName("the target must be an active colleague of the same company, and not oneself")
  void target() {
    long leaver = freshRep();
    var sys = Actor.system(org.tenantA.id(), "test");
    await(new OrgService(db.pool()).deactivateUser(sys, "m-rep-" + SEQ.get()));
    assertThatThrownBy(() -> await(mentions.mention(org.a(org.rep1), leaver, null, null, "在吗")))
        .isInstanceOf(InvalidInput.class)
        .satisfies(
            e -> assertThat(((InvalidInput) e).details().getString("field")).isEqualTo("toUserId"));
    assertThatThrownBy(
            () -> await(mentions.mention(org.a(org.rep1), org.outsider, null, null, "在吗")))
        .isInstanceOf(InvalidInput.class);
    assertThatThrownBy(() -> await(mentions.mention(org.a(org.rep1), org.rep1, null, null, "自言自语")))
        .isInstanceOf(InvalidInput.class);
    assertThatThrownBy(() -> await(mentions.mention(org.a(org.rep1), org.rep2, null, null, "  ")))
        .isInstanceOf(InvalidInput.class);
    Customer c = customerOf(org.rep1);
    await(customers.delete(org.a(org.rep1), c.id()));
    assertThatThrownBy(
            () -> await(mentions.mention(org.a(org.rep1), org.rep2, c.id(), null, "删了的客户")))
        .isInstanceOf(NotFound.class);
  }

  @Test
  @DisplayName("an opportunity names its customer, whose collaborator the target becomes")
  void opportunity() {
    Customer c = customerOf(org.rep3);
    Customer other = customerOf(org.rep3);
    long tenant = org.tenantA.id();
    long stage =
        count(
            "SELECT id FROM opportunity_stage WHERE tenant_id = $1 ORDER BY position LIMIT 1",
            tenant);
    long opp =
        count(
            "INSERT INTO opportunity (tenant_id, customer_id, name, stage_id, probability, owner_id, created_by)"
                + " VALUES ($1, $2, '年度框架', $3, 10, $4, $4) RETURNING id",
            tenant,
            c.id(),
            stage,
            org.rep3);

    Mention m = await(mentions.mention(org.a(org.rep3), org.rep1, null, opp, "这个单子帮忙报个价"));
    assertThat(m.customerId()).isEqualTo(c.id());
    assertThat(m.opportunityId()).isEqualTo(opp);
    assertThat(await(customers.get(org.a(org.rep1), c.id())).collaboratorIds())
        .containsExactly(org.rep1);
    assertThatThrownBy(
            () -> await(mentions.mention(org.a(org.rep3), org.rep1, other.id(), opp, "对不上")))
        .isInstanceOf(InvalidInput.class);
  }

  @Test
  @DisplayName(
      "open mentions are listed to and from me; the target marks done, the sender may call it off")
  void listsAndStatus() {
    long me = freshRep();
    long colleague = freshRep();
    Mention toMe = await(mentions.mention(org.a(colleague), me, null, null, "明天的会你来主持"));
    Mention fromMe = await(mentions.mention(org.a(me), colleague, null, null, "帮我订会议室"));
    Mention another = await(mentions.mention(org.a(me), colleague, null, null, "顺便打印材料"));

    assertThat(await(mentions.open(org.a(me), MentionBox.TO_ME, 10)))
        .extracting(Mention::id)
        .containsExactly(toMe.id());
    assertThat(await(mentions.open(org.a(me), MentionBox.FROM_ME, 10)))
        .extracting(Mention::id)
        .containsExactly(another.id(), fromMe.id());

    // between people 李雷 may not see: answered like a missing one
    assertThatThrownBy(() -> await(mentions.done(org.a(org.rep1), toMe.id())))
        .isInstanceOf(NotFound.class)
        .hasMessage("这条@不存在（" + toMe.id() + "）");
    assertThatThrownBy(() -> await(mentions.done(org.b(), toMe.id()))).isInstanceOf(NotFound.class);
    Mention done = await(mentions.done(org.a(me), toMe.id()));
    assertThat(done.status()).isEqualTo(MentionStatus.DONE);
    assertThat(done.doneAt()).isNotNull();
    assertThat(await(mentions.done(org.a(me), toMe.id())).doneAt()).isEqualTo(done.doneAt());
    assertThat(await(mentions.open(org.a(me), MentionBox.TO_ME, 10))).isEmpty();

    assertThatThrownBy(() -> await(mentions.cancel(org.a(colleague), fromMe.id())))
        .isInstanceOf(Forbidden.class);
    assertThat(await(mentions.cancel(org.a(me), fromMe.id())).status())
        .isEqualTo(MentionStatus.CANCELLED);
    assertThatThrownBy(() -> await(mentions.done(org.a(colleague), fromMe.id())))
        .isInstanceOf(Conflict.class);
    assertThat(await(mentions.open(org.a(colleague), MentionBox.TO_ME, 10)))
        .extracting(Mention::id)
        .containsExactly(another.id());
    assertThat(await(AuditQueries.history(db.pool(), org.tenantA.id(), "mention", toMe.id())))
        .extracting(AuditEntry::action)
        .containsExactly("create", "done");

    assertThat(await(mentions.get(org.a(org.manager2), another.id())).id()).isEqualTo(another.id());
    assertThatThrownBy(() -> await(mentions.get(org.a(org.rep1), another.id())))
        .isInstanceOf(NotFound.class);
  }

  @Test
  void theSystemCannotMention() {
    assertThatThrownBy(
            () ->
                await(
                    mentions.mention(
                        new Actor(org.tenantA.id(), 0, Source.system("job")),
                        org.rep1,
                        null,
                        null,
                        "系统通知")))
        .isInstanceOf(Forbidden.class);
  }
}
