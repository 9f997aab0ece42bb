package com.chatcrm.engine.lead;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.CustomerHistory;
import com.chatcrm.engine.contact.ContactService;
import com.chatcrm.engine.contact.NewContact;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.error.Conflict;
import com.chatcrm.engine.error.Duplicate;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.org.OrgUser;
import com.chatcrm.engine.testing.Eventually;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LeadServiceTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static OrgFixture org;
  static LeadService leads;
  static CustomerService customers;

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    leads = new LeadService(db.pool());
    customers = new CustomerService(db.pool());
  }

  static NewLead lead(String company) {
    return NewLead.of(company, LeadSource.CHAT);
  }

  static Lead captured(Actor actor, NewLead input) {
    LeadCapture c = await(leads.capture(actor, input, false));
    assertThat(c.created()).as("created: %s", c.duplicates()).isTrue();
    return c.lead();
  }

  @Test
  @DisplayName(
      "a rep's capture is theirs, 未处理, from chat, with its phones; the pool does not list it")
  void capture() {
    Lead l =
        captured(
            org.a(org.rep1),
            lead("  星河电子有限公司 ").withContact("王经理", "138 0013 8000").withRegion("上海"));
    assertThat(l.company()).isEqualTo("星河电子有限公司");
    assertThat(l.ownerId()).isEqualTo(org.rep1);
    assertThat(l.ownerName()).isEqualTo("李雷");
    assertThat(l.status()).isEqualTo(LeadStatus.NEW);
    assertThat(l.status().label()).isEqualTo("未处理");
    assertThat(l.source().label()).isEqualTo("聊天");
    assertThat(l.phones()).containsExactly("138 0013 8000");
    assertThat(await(leads.list(org.a(org.rep1), LeadFilter.of(LeadFilter.Scope.MINE))).items())
        .extracting(Lead::id)
        .contains(l.id());
    assertThat(await(leads.list(org.a(org.rep1), LeadFilter.of(LeadFilter.Scope.POOL))).items())
        .extracting(Lead::id)
        .doesNotContain(l.id());
    assertThat(await(leads.findByCompany(org.a(org.rep1), "星河电子", 5)))
        .extracting(Lead::id)
        .containsExactly(l.id());
    assertThat(auditActions("lead", l.id())).containsExactly("create");
  }

  @Test
  @DisplayName(
      "查重: the same company (suffix aside) or phone as a live lead or customer is not captured, listed instead; one the rep may not see has no owner name; force captures anyway")
  void duplicates() {
    Lead mine = captured(org.a(org.rep1), lead("蓝鲸科技有限公司").withContact("周", "13900001111"));
    Lead theirs = captured(org.a(org.rep3), lead("赤兔物流"));
    Customer customer =
        await(
            customers.create(
                org.a(org.rep1), NewCustomer.named("白鹭酒店").withPhones("021-5555 6666")));
    Customer hidden = await(customers.create(org.a(org.rep3), NewCustomer.named("青松建材")));
    await(
        new ContactService(db.pool())
            .add(org.a(org.rep3), hidden.id(), NewContact.named("林").withPhones("13700002222")));

    LeadCapture byName = await(leads.capture(org.a(org.rep1), lead("蓝鲸科技"), false));
    assertThat(byName.created()).isFalse();
    assertThat(byName.lead()).isNull();
    assertThat(byName.duplicates())
        .containsExactly(new LeadDuplicate("lead", mine.id(), "蓝鲸科技有限公司", "李雷", true, false));

    LeadCapture byPhone =
        await(
            leads.capture(
                org.a(org.rep1), lead("另一家公司").withContact("周", "+86 139 0000 1111"), false));
    assertThat(byPhone.duplicates()).extracting(LeadDuplicate::id).containsExactly(mine.id());

    LeadCapture hiddenLead = await(leads.capture(org.a(org.rep1), lead("赤兔物流有限公司"), false));
    assertThat(hiddenLead.duplicates())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.id()).isEqualTo(theirs.id());
              assertThat(d.visible()).isFalse();
              assertThat(d.ownerName()).as("not whose it is").isNull();
              assertThat(d.name()).startsWith("赤兔").doesNotContain("物流");
            });
    assertThat(await(leads.capture(org.a(org.manager2), lead("赤兔物流"), false)).duplicates())
        .as("the owner's manager sees whose it is")
        .extracting(LeadDuplicate::ownerName)
        .containsExactly("赵六");

    LeadCapture customerByName = await(leads.capture(org.a(org.rep1), lead("白鹭酒店有限公司"), false));
    assertThat(customerByName.duplicates())
        .containsExactly(new LeadDuplicate("customer", customer.id(), "白鹭酒店", "李雷", true, false));
    LeadCapture customerByPhone =
        await(
            leads.capture(
                org.a(org.rep1), lead("白鹭集团").withContact("孙", "+86 21 5555 6666"), false));
    assertThat(customerByPhone.duplicates())
        .extracting(LeadDuplicate::kind, LeadDuplicate::id)
        .contains(tuple("customer", customer.id()));
    LeadCapture contactPhone =
        await(
            leads.capture(org.a(org.rep1), lead("无关公司").withContact("林", "137-0000-2222"), false));
    assertThat(contactPhone.duplicates())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo("customer");
              assertThat(d.id()).isEqualTo(hidden.id());
              assertThat(d.ownerName()).isNull();
            });

    LeadCapture forced = await(leads.capture(org.a(org.rep1), lead("蓝鲸科技"), true));
    assertThat(forced.created()).isTrue();
    assertThat(forced.duplicates()).extracting(LeadDuplicate::id).containsExactly(mine.id());

    // an invalid lead is no longer a duplicate
    await(leads.invalidate(org.a(org.rep1), mine.id(), "空号"));
    await(leads.invalidate(org.a(org.rep1), forced.lead().id(), null));
    assertThat(await(leads.capture(org.a(org.rep1), lead("蓝鲸科技"), false)).created()).isTrue();
  }

  @Test
  @DisplayName(
      "the same chat message captured twice makes one lead; the second answers it, repeated")
  void sameMessageOnce() {
    NewLead input = lead("重发科技").withSourceMessage("msg-lead-1");
    Lead first = captured(org.a(org.rep1), input);
    LeadCapture again = await(leads.capture(org.a(org.rep1), input, true));
    assertThat(again.repeated()).isTrue();
    assertThat(again.created()).isFalse();
    assertThat(again.lead().id()).isEqualTo(first.id());
    LeadCapture webform = await(leads.captureUnattended(org.tenantA.id(), input));
    assertThat(webform.repeated()).isTrue();
    assertThat(count("SELECT count(*) FROM lead WHERE source_message_id = 'msg-lead-1'"))
        .isEqualTo(1);
  }

  @Test
  @DisplayName(
      "转化 makes the customer, its contact and an opportunity in one go; the lead points at them and the customer's 操作记录 says 由线索转化")
  void convert() {
    Lead l =
        captured(
            org.a(org.rep2),
            lead("金桥机械有限公司").withContact("钱总", "13611112222").withIndustry("制造").withNote("展会认识"));
    await(leads.markContacted(org.a(org.rep2), l.id()));
    ConvertedLead done =
        await(
            leads.convert(
                org.a(org.rep2),
                l.id(),
                LeadConversion.withOpportunity(null, new BigDecimal("200000"))));
    assertThat(done.customer().name()).isEqualTo("金桥机械有限公司");
    assertThat(done.customer().ownerId()).isEqualTo(org.rep2);
    assertThat(done.customer().industry()).isEqualTo("制造");
    assertThat(done.contactId()).isNotNull();
    assertThat(done.opportunity().name()).isEqualTo("金桥机械有限公司项目");
    assertThat(done.opportunity().amount()).isEqualByComparingTo("200000");
    assertThat(done.lead().status()).isEqualTo(LeadStatus.CONVERTED);
    assertThat(done.lead().customerId()).isEqualTo(done.customer().id());
    assertThat(done.lead().opportunityId()).isEqualTo(done.opportunity().id());
    var contacts =
        await(new ContactService(db.pool()).listByCustomer(org.a(org.rep2), done.customer().id()));
    assertThat(contacts)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.name()).isEqualTo("钱总");
              assertThat(c.phones()).containsExactly("13611112222");
            });
    var history = await(new CustomerHistory(db.pool()).of(org.a(org.rep2), done.customer().id()));
    assertThat(history)
        .extracting(line -> line.entry().action())
        .contains("create", "convert_lead");
    assertThat(auditActions("lead", l.id())).containsExactly("create", "mark_contacted", "convert");
    // a converted lead is done with
    assertThatThrownBy(() -> await(leads.invalidate(org.a(org.rep2), l.id(), null)))
        .isInstanceOf(Conflict.class);
    assertThat(await(leads.findByCompany(org.a(org.rep2), "金桥机械", 5))).isEmpty();
  }

  @Test
  @DisplayName(
      "a conversion refused by the customer 查重 leaves nothing behind: no customer, contact or opportunity, the lead as it was")
  void convertRefusedLeavesNothing() {
    await(customers.create(org.a(org.rep3), NewCustomer.named("银杏医疗")));
    Lead l = captured(org.a(org.rep1), lead("银杏医疗器械").withContact("赵", "13512345678"));
    // same normalised name as the lead once the rep writes it so: force past the lead 查重
    Lead same =
        await(
                leads.capture(
                    org.a(org.rep1), lead("银杏医疗有限公司").withContact("赵", "13512345679"), true))
            .lead();
    long customersBefore = count("SELECT count(*) FROM customer");
    long contactsBefore = count("SELECT count(*) FROM contact");
    long opportunitiesBefore = count("SELECT count(*) FROM opportunity");
    assertThatThrownBy(
            () ->
                await(
                    leads.convert(
                        org.a(org.rep1),
                        same.id(),
                        LeadConversion.withOpportunity("采购", BigDecimal.TEN))))
        .isInstanceOf(Duplicate.class)
        .hasMessageContaining("赵六");
    assertThat(count("SELECT count(*) FROM customer")).isEqualTo(customersBefore);
    assertThat(count("SELECT count(*) FROM contact")).isEqualTo(contactsBefore);
    assertThat(count("SELECT count(*) FROM opportunity")).isEqualTo(opportunitiesBefore);
    Lead after = await(leads.get(org.a(org.rep1), same.id()));
    assertThat(after.status()).isEqualTo(LeadStatus.NEW);
    assertThat(after.customerId()).isNull();
    assertThat(l.status()).isEqualTo(LeadStatus.NEW);
  }

  @Test
  @DisplayName(
      "撤销 of a conversion deletes what it made and puts the lead back; not once the customer was changed, nor by someone else")
  void undoConvert() {
    Lead l = captured(org.a(org.rep1), lead("松果教育").withContact("吴", "13322223333"));
    Instant before = Instant.now().minusSeconds(1);
    ConvertedLead done =
        await(
            leads.convert(
                org.a(org.rep1), l.id(), LeadConversion.withOpportunity("课程采购", BigDecimal.ONE)));
    assertThatThrownBy(() -> await(leads.undoConvert(org.a(org.manager1), l.id(), before)))
        .as("only who converted it")
        .isInstanceOf(Conflict.class);
    await(leads.undoConvert(org.a(org.rep1), l.id(), before));
    Lead back = await(leads.get(org.a(org.rep1), l.id()));
    assertThat(back.status()).isEqualTo(LeadStatus.NEW);
    assertThat(back.customerId()).isNull();
    assertThat(back.opportunityId()).isNull();
    assertThatThrownBy(() -> await(customers.get(org.a(org.rep1), done.customer().id())))
        .isInstanceOf(NotFound.class);
    assertThatThrownBy(
            () ->
                await(
                    new OpportunityService(db.pool())
                        .get(org.a(org.rep1), done.opportunity().id())))
        .isInstanceOf(NotFound.class);
    assertThat(
            count(
                "SELECT count(*) FROM contact WHERE id = "
                    + done.contactId()
                    + " AND deleted_at IS NULL"))
        .isZero();

    // converted again, then the customer is edited: the undo is refused and nothing changes
    ConvertedLead again =
        await(leads.convert(org.a(org.rep1), l.id(), LeadConversion.customerOnly()));
    Customer c = again.customer();
    await(
        customers.update(
            org.a(org.rep1),
            c.id(),
            c.version(),
            new com.chatcrm.engine.customer.CustomerChanges(
                null, null, null, "教育", null, null, null, null, null, null)));
    assertThatThrownBy(() -> await(leads.undoConvert(org.a(org.rep1), l.id(), before)))
        .isInstanceOf(Conflict.class);
    assertThat(await(leads.get(org.a(org.rep1), l.id())).status()).isEqualTo(LeadStatus.CONVERTED);
    assertThat(await(customers.get(org.a(org.rep1), c.id())).deleted()).isFalse();
  }

  @Test
  @DisplayName(
      "无效 with a reason, then 恢复 back to 已联系; a lead in the 线索池 must be claimed before it is worked")
  void invalidateReopen() {
    Lead l = captured(org.a(org.rep1), lead("海豚游艇"));
    await(leads.markContacted(org.a(org.rep1), l.id()));
    Lead invalid = await(leads.invalidate(org.a(org.rep1), l.id(), "没有预算"));
    assertThat(invalid.status()).isEqualTo(LeadStatus.INVALID);
    assertThat(invalid.invalidReason()).isEqualTo("没有预算");
    assertThat(await(leads.list(org.a(org.rep1), LeadFilter.of(LeadFilter.Scope.MINE))).items())
        .extracting(Lead::id)
        .doesNotContain(l.id());
    assertThat(
            await(
                    leads.list(
                        org.a(org.rep1),
                        LeadFilter.of(LeadFilter.Scope.MINE).withStatus(LeadStatus.INVALID)))
                .items())
        .extracting(Lead::id)
        .contains(l.id());
    Lead reopened = await(leads.reopen(org.a(org.rep1), l.id()));
    assertThat(reopened.status()).isEqualTo(LeadStatus.CONTACTED);
    assertThat(reopened.invalidReason()).isNull();
    assertThatThrownBy(() -> await(leads.reopen(org.a(org.rep1), l.id())))
        .isInstanceOf(Conflict.class);
    assertThat(auditActions("lead", l.id()))
        .containsExactly("create", "mark_contacted", "invalidate", "reopen");
  }

  @Test
  @DisplayName(
      "the 线索池: a web-form lead without rules lands there, anyone may claim it, its owner may release it; another's lead cannot be claimed")
  void claimRelease() {
    OrgFixture own = OrgFixture.create(db.pool());
    LeadCapture web =
        await(
            leads.captureUnattended(
                own.tenantA.id(),
                NewLead.of("飞鱼传媒", LeadSource.WEBFORM).withContact("何", "13800009999")));
    Lead pooled = web.lead();
    assertThat(pooled.inPool()).isTrue();
    assertThat(pooled.source()).isEqualTo(LeadSource.WEBFORM);
    assertThat(await(leads.list(own.a(own.rep3), LeadFilter.of(LeadFilter.Scope.POOL))).items())
        .extracting(Lead::id)
        .containsExactly(pooled.id());
    assertThatThrownBy(() -> await(leads.markContacted(own.a(own.rep1), pooled.id())))
        .isInstanceOf(Forbidden.class);
    Lead claimed = await(leads.claim(own.a(own.rep1), pooled.id()));
    assertThat(claimed.ownerId()).isEqualTo(own.rep1);
    assertThatThrownBy(() -> await(leads.claim(own.a(own.manager1), pooled.id())))
        .as("the manager sees it, but it is 李雷's now")
        .isInstanceOf(Forbidden.class);
    assertThatThrownBy(() -> await(leads.claim(own.a(own.rep3), pooled.id())))
        .as("another department's rep does not even see it")
        .isInstanceOf(NotFound.class);
    Lead released = await(leads.release(own.a(own.rep1), pooled.id()));
    assertThat(released.inPool()).isTrue();
    assertThat(await(leads.claim(own.a(own.rep3), pooled.id())).ownerName()).isEqualTo("赵六");
    assertThat(auditActions("lead", pooled.id()))
        .containsExactly("create", "claim", "release", "claim");
  }

  @Test
  @DisplayName(
      "a lead left 未处理 past the configured days goes back to the 线索池 on the scheduler's next pass; a contacted or fresh one stays")
  void reclaim() {
    Lead stale = captured(org.a(org.rep1), lead("旧线索甲"));
    Lead contacted = captured(org.a(org.rep1), lead("旧线索乙"));
    await(leads.markContacted(org.a(org.rep1), contacted.id()));
    Lead fresh = captured(org.a(org.rep1), lead("新线索丙"));
    await(
        db.pool()
            .preparedQuery(
                "UPDATE lead SET assigned_at = now() - interval '4 days' WHERE id = ANY($1)")
            .execute(Tuple.of(new Long[] {stale.id(), contacted.id()})));
    LeadReclaimVerticle verticle =
        new LeadReclaimVerticle(
            db.pool(),
            Clock.systemUTC(),
            new LeadReclaimVerticle.Settings(Duration.ofMillis(100), 3, Duration.ofSeconds(10)));
    String deployment = await(db.vertx().deployVerticle(verticle));
    try {
      Eventually.within(Duration.ofSeconds(15))
          .as("the stale lead back in the pool")
          .until(() -> await(leads.get(org.a(org.admin), stale.id())), Lead::inPool);
    } finally {
      await(db.vertx().undeploy(deployment));
    }
    assertThat(await(leads.get(org.a(org.rep1), contacted.id())).ownerId()).isEqualTo(org.rep1);
    assertThat(await(leads.get(org.a(org.rep1), fresh.id())).ownerId()).isEqualTo(org.rep1);
    assertThat(auditActions("lead", stale.id())).containsExactly("create", "reclaim");
  }

  @Test
  @DisplayName(
      "assignment rules: a region rule first, then round robin over three reps in turn; without a matching rule the lead goes to the 线索池; only admins set rules")
  void assignmentRules() {
    OrgFixture own = OrgFixture.create(db.pool());
    long[] reps = telesales(own, "tele");
    long sales2 = departmentId(own, "sales2");
    long tele = departmentId(own, "tele");
    LeadAssignmentRules rules = new LeadAssignmentRules(db.pool());
    assertThatThrownBy(
            () ->
                await(
                    rules.replace(
                        own.a(own.manager1), List.of(LeadAssignmentRule.roundRobin(tele)))))
        .isInstanceOf(Forbidden.class);
    await(
        rules.replace(
            own.a(own.admin),
            List.of(LeadAssignmentRule.region("上海", sales2), LeadAssignmentRule.roundRobin(tele))));
    assertThat(await(rules.list(own.a(own.admin))))
        .extracting(LeadAssignmentRule::kind)
        .containsExactly(LeadAssignmentRule.Kind.REGION, LeadAssignmentRule.Kind.ROUND_ROBIN);

    List<Long> owners = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      owners.add(
          await(leads.captureUnattended(own.tenantA.id(), NewLead.of("轮流公司" + i, LeadSource.API)))
              .lead()
              .ownerId());
    }
    assertThat(owners).containsExactly(reps[0], reps[1], reps[2], reps[0], reps[1], reps[2]);
    Lead shanghai =
        await(
                leads.captureUnattended(
                    own.tenantA.id(), NewLead.of("上海客户", LeadSource.WEBFORM).withRegion("上海")))
            .lead();
    assertThat(shanghai.ownerId()).isIn(own.manager2, own.rep3);

    await(rules.replace(own.a(own.admin), List.of(LeadAssignmentRule.region("上海", sales2))));
    Lead elsewhere =
        await(
                leads.captureUnattended(
                    own.tenantA.id(), NewLead.of("北京客户", LeadSource.WEBFORM).withRegion("北京")))
            .lead();
    assertThat(elsewhere.inPool()).isTrue();
  }

  @Test
  @DisplayName("concurrent unattended captures share the round robin: no rep gets two of three")
  void concurrentCaptures() {
    OrgFixture own = OrgFixture.create(db.pool());
    long[] reps = telesales(own, "tele");
    await(
        new LeadAssignmentRules(db.pool())
            .replace(
                own.a(own.admin),
                List.of(LeadAssignmentRule.roundRobin(departmentId(own, "tele")))));
    List<Future<LeadCapture>> all = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      all.add(leads.captureUnattended(own.tenantA.id(), NewLead.of("并发公司" + i, LeadSource.API)));
    }
    await(Future.all(all));
    Map<Long, Integer> perRep = new HashMap<>();
    for (Future<LeadCapture> f : all) {
      perRep.merge(f.result().lead().ownerId(), 1, Integer::sum);
    }
    assertThat(perRep)
        .containsOnly(Map.entry(reps[0], 3), Map.entry(reps[1], 3), Map.entry(reps[2], 3));
  }

  /** A department of three reps under hq. */
  static long[] telesales(OrgFixture own, String dept) {
    OrgService orgs = new OrgService(db.pool());
    Actor sys = Actor.system(own.tenantA.id(), "fixture");
    await(orgs.upsertDepartment(sys, dept, "电销组", "hq"));
    long[] reps = new long[3];
    for (int i = 0; i < 3; i++) {
      reps[i] = await(orgs.upsertUser(sys, OrgUser.rep(dept + i, "电销" + i, dept)));
    }
    java.util.Arrays.sort(reps);
    return reps;
  }

  static long departmentId(OrgFixture own, String platformId) {
    return await(
        db.pool()
            .preparedQuery(
                "SELECT id FROM department WHERE tenant_id = $1 AND platform_dept_id = $2")
            .execute(Tuple.of(own.tenantA.id(), platformId))
            .map(rows -> rows.iterator().next().getLong(0)));
  }

  static List<String> auditActions(String type, long id) {
    return await(
        db.pool()
            .preparedQuery(
                "SELECT action FROM audit_log WHERE entity_type = $1 AND entity_id = $2 ORDER BY id")
            .execute(Tuple.of(type, id))
            .map(
                rows -> {
                  List<String> out = new ArrayList<>();
                  rows.forEach(r -> out.add(r.getString(0)));
                  return out;
                }));
  }

  static long count(String sql) {
    return await(db.pool().query(sql).execute().map(rows -> rows.iterator().next().getLong(0)));
  }

  @Test
  @DisplayName(
      "a rep is told in chat when a lead becomes theirs without taking it (a manager's 分配); taking one's own is not told; a failed card never undoes the lead")
  void ownerToldOfAssignment() {
    com.chatcrm.engine.testing.RecordingNotifier told =
        new com.chatcrm.engine.testing.RecordingNotifier();
    LeadService notifying =
        new LeadService(
            db.pool(),
            new CustomerService(db.pool()),
            new com.chatcrm.engine.contact.ContactService(db.pool()),
            new com.chatcrm.engine.opportunity.OpportunityService(db.pool()),
            told);
    Lead mine = await(notifying.capture(org.a(org.manager1), lead("分配通知甲"), false)).lead();
    assertThat(told.pushes()).isEmpty();
    Lead handed = await(notifying.assign(org.a(org.manager1), mine.id(), org.rep1));
    assertThat(handed.ownerId()).isEqualTo(org.rep1);
    assertThat(told.pushes()).hasSize(1);
    assertThat(told.pushes().get(0).userId()).isEqualTo(org.rep1);
    assertThat(told.pushes().get(0).notification().title()).isEqualTo("新线索分配给你：分配通知甲");

    told.failing(true);
    Lead again = await(notifying.capture(org.a(org.manager1), lead("分配通知乙"), false)).lead();
    assertThat(await(notifying.assign(org.a(org.manager1), again.id(), org.rep2)).ownerId())
        .isEqualTo(org.rep2);
  }

  @Test
  @DisplayName(
      "a web-form lead repeating a colleague's customer lands in the 线索池 flagged, the customer's name masked for everyone who reads the pool")
  void poolNoteMasksTheCustomer() {
    await(customers.create(org.a(org.rep3), NewCustomer.named("苏州远景电子")));
    LeadCapture c =
        await(leads.captureUnattended(org.tenantA.id(), NewLead.of("苏州远景电子", LeadSource.WEBFORM)));
    assertThat(c.created()).isTrue();
    assertThat(c.lead().note()).contains("查重", "苏州").doesNotContain("苏州远景电子");
  }
}
