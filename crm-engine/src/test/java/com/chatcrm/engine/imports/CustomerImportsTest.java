package com.chatcrm.engine.imports;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.contact.ContactService;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.lead.LeadAssignmentRule;
import com.chatcrm.engine.lead.LeadAssignmentRules;
import com.chatcrm.engine.lead.LeadService;
import com.chatcrm.engine.lead.LeadSource;
import com.chatcrm.engine.lead.NewLead;
import com.chatcrm.engine.testing.Eventually;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import com.chatcrm.engine.testing.RecordingNotifier;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CustomerImportsTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static OrgFixture org;
  static CustomerImports imports;
  static CustomerService customers;
  static RecordingNotifier notifier = new RecordingNotifier();

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    imports = new CustomerImports(db.pool());
    customers = new CustomerService(db.pool());
    // 不限 私海上限 (the default 200 would cut the big imports short; privateLimit() covers it)
    await(
        db.pool()
            .query("UPDATE pool_rule SET max_private = NULL WHERE tenant_id = " + org.tenantA.id())
            .execute());
    await(
        customers.create(org.a(org.rep3), NewCustomer.named("华为技术有限公司").withPhones("13800000001")));
    await(customers.create(org.a(org.rep1), NewCustomer.named("蓝海贸易有限公司")));
  }

  static ImportRow row(int no, String name) {
    return new ImportRow(
        no, name, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  static ImportRow row(int no, String name, String level, String phones, String owner) {
    return new ImportRow(
        no, name, null, level, null, null, null, phones, null, null, null, null, null, owner);
  }

  static Map<Integer, ImportOutcome> byRow(Actor actor, long job) {
    return await(imports.rows(actor, job, false, 0, 1000)).stream()
        .collect(Collectors.toMap(ImportOutcome::rowNo, o -> o));
  }

  /** Claims and writes every started job, as the background worker would. */
  static void runAll(ImportRunner runner) {
    ImportRunner.Claim claim;
    while ((claim = await(runner.claim())) != null) {
      while (await(runner.step(claim)) == ImportRunner.Step.MORE) {
        // the next batch
      }
      await(runner.finish(claim));
    }
  }

  static long customersNamed(String prefix) {
    return await(
            db.pool()
                .preparedQuery(
                    "SELECT count(*) FROM customer WHERE tenant_id = $1 AND name LIKE $2"
                        + " AND deleted_at IS NULL")
                .execute(Tuple.of(org.tenantA.id(), prefix + "%")))
        .iterator()
        .next()
        .getLong(0);
  }

  @Test
  @DisplayName(
      "the preview tells new, duplicate, duplicate-in-file and bad rows apart, writing no customer")
  void preview() {
    Actor rep = org.a(org.rep1);
    List<ImportRow> rows =
        List.of(
            row(2, "预览-星辰科技有限公司", "意向", "021-66668888", null),
            row(3, "华为技术（深圳）有限公司"),
            row(4, "预览-别名公司", null, "+86 138 0000 0001", null),
            row(5, "预览-星辰科技"),
            row(6, null, "意向", null, null),
            row(7, "预览-级别错", "超级大客户", null, null),
            row(8, "预览-电话错", null, "abc", null),
            row(9, "预览-负责人错", null, null, "不存在的人"),
            row(10, "预览-他人", null, null, "赵六"),
            new ImportRow(
                11,
                "预览-只有联系电话",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "13900000000",
                null,
                null));
    ImportJob job = await(imports.upload(rep, "客户.xlsx", "hash-preview", List.of("备注"), rows));

    assertThat(job.status()).isEqualTo(ImportJob.PREVIEW);
    assertThat(job.total()).isEqualTo(10);
    assertThat(job.willCreate()).isEqualTo(1);
    assertThat(job.duplicates()).isEqualTo(2);
    assertThat(job.duplicatesInFile()).isEqualTo(1);
    assertThat(job.errors()).isEqualTo(6);
    assertThat(job.unknownColumns()).containsExactly("备注");
    Map<Integer, ImportOutcome> r = byRow(rep, job.id());
    assertThat(r.get(2).label()).isEqualTo("新建");
    // rep1 may not see rep3's customer: the name is masked, as when creating one
    assertThat(r.get(3).reason()).startsWith("与已有客户「华为").contains("*").contains("负责人：赵六");
    assertThat(r.get(4).verdict()).isEqualTo("duplicate");
    assertThat(r.get(5).reason()).isEqualTo("与文件第 2 行重复");
    assertThat(r.get(6).reason()).isEqualTo("客户名称为空");
    assertThat(r.get(7).reason()).contains("级别「超级大客户」无效");
    assertThat(r.get(8).reason()).isEqualTo("电话格式不对：「abc」");
    assertThat(r.get(9).reason()).isEqualTo("负责人「不存在的人」不存在或不在你的权限内");
    assertThat(r.get(10).reason()).isEqualTo("负责人「赵六」不存在或不在你的权限内");
    assertThat(r.get(11).reason()).contains("联系人姓名为空");
    assertThat(await(imports.rows(rep, job.id(), true, 0, 100)))
        .extracting(ImportOutcome::rowNo)
        .containsExactly(3, 4, 5, 6, 7, 8, 9, 10, 11);
    assertThat(customersNamed("预览-")).isZero();
    // someone else's job is as missing as one that does not exist
    assertThatThrownBy(() -> await(imports.get(org.a(org.manager1), job.id())))
        .isInstanceOf(NotFound.class);
  }

  @Test
  @DisplayName(
      "a started import creates the new rows with their contacts, skips the rest and tells the uploader")
  void runs() {
    Actor rep = org.a(org.rep1);
    List<ImportRow> rows = new ArrayList<>();
    rows.add(
        new ImportRow(
            2,
            "运行-甲公司",
            "甲",
            "成交",
            "制造",
            "上海",
            "展会",
            "021-55556666",
            "浦东",
            "重点，老客户",
            "王五",
            "13700000002",
            "采购经理",
            null));
    rows.add(row(3, "蓝海贸易"));
    rows.add(row(4, null));
    ImportJob job = await(imports.upload(rep, "运行.csv", "hash-run", List.of(), rows));
    ImportJob started = await(imports.start(rep, job.id()));
    assertThat(started.status()).isEqualTo(ImportJob.QUEUED);
    notifier.clear();
    runAll(new ImportRunner(db.pool(), notifier, ImportRunner.Settings.defaults()));

    ImportJob done = await(imports.get(rep, job.id()));
    assertThat(done.status()).isEqualTo(ImportJob.DONE);
    assertThat(List.of(done.processed(), done.created(), done.skipped(), done.failed()))
        .containsExactly(3, 1, 1, 1);
    Map<Integer, ImportOutcome> r = byRow(rep, job.id());
    long id = r.get(2).customerId();
    var c = await(customers.get(rep, id));
    assertThat(c.ownerId()).isEqualTo(org.rep1);
    assertThat(c.level().label()).isEqualTo("成交");
    assertThat(c.tags()).containsExactly("重点", "老客户");
    var contacts = await(new ContactService(db.pool()).listByCustomer(rep, id));
    assertThat(contacts).singleElement().satisfies(k -> assertThat(k.title()).isEqualTo("采购经理"));
    assertThat(r.get(3).outcome()).isEqualTo("skipped");
    assertThat(r.get(4).outcome()).isEqualTo("failed");
    assertThat(notifier.pushes())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.userId()).isEqualTo(org.rep1);
              assertThat(p.notification().markdown()).contains("客户导入完成：新建 1，重复跳过 1，错误 1");
              assertThat(p.notification().buttons().get(0).key())
                  .isEqualTo(ImportRunner.RESULT_BUTTON + job.id());
            });
    long audits =
        await(
                db.pool()
                    .preparedQuery(
                        "SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action = 'import'"
                            + " AND entity_id = $2 AND changes->>'fileName' = '运行.csv'")
                    .execute(Tuple.of(org.tenantA.id(), job.id())))
            .iterator()
            .next()
            .getLong(0);
    assertThat(audits).isEqualTo(1);

    // the same file again: the same job, nothing created twice
    ImportJob again = await(imports.upload(rep, "运行(1).csv", "hash-run", List.of(), rows));
    assertThat(again.id()).isEqualTo(job.id());
    await(imports.start(rep, again.id()));
    runAll(new ImportRunner(db.pool(), notifier, ImportRunner.Settings.defaults()));
    assertThat(customersNamed("运行-")).isEqualTo(1);
  }

  @Test
  @DisplayName("an import stopped after one batch is taken up again and creates nothing twice")
  void resumes() {
    Actor rep = org.a(org.manager1);
    List<ImportRow> rows = new ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      rows.add(row(i + 2, "续传-客户" + i));
    }
    ImportJob job = await(imports.upload(rep, "大文件.xlsx", "hash-resume", List.of(), rows));
    await(imports.start(rep, job.id()));
    ImportRunner.Settings shortLease = new ImportRunner.Settings(500, Duration.ofMillis(300));
    ImportRunner crashing = new ImportRunner(db.pool(), notifier, shortLease);
    ImportRunner.Claim claim = await(crashing.claim());
    assertThat(await(crashing.step(claim))).isEqualTo(ImportRunner.Step.MORE);
    // the worker dies here: no release, no finish; its lease runs out
    assertThat(await(imports.get(rep, job.id())).processed()).isEqualTo(500);
    assertThat(customersNamed("续传-")).isEqualTo(500);

    String deployment =
        await(
            db.vertx()
                .deployVerticle(
                    new CustomerImportVerticle(
                        db.pool(),
                        notifier,
                        new CustomerImportVerticle.Settings(
                            Duration.ofMillis(100), Duration.ofSeconds(30), shortLease))));
    try {
      ImportJob done =
          Eventually.within(Duration.ofSeconds(60))
              .as("the import to finish after the restart")
              .until(() -> await(imports.get(rep, job.id())), j -> j.status().equals("done"));
      assertThat(done.created()).isEqualTo(1_200);
      assertThat(done.processed()).isEqualTo(1_200);
      assertThat(customersNamed("续传-")).isEqualTo(1_200);
      // the old worker's lease is gone: its next batch writes nothing
      assertThat(await(crashing.step(claim))).isEqualTo(ImportRunner.Step.LOST);
    } finally {
      await(db.vertx().undeploy(deployment));
    }
  }

  @Test
  @DisplayName("负责人: a rep names only themselves, a manager their team, an admin anyone")
  void owners() {
    record Case(long actor, String owner, boolean allowed) {}
    List<Case> cases =
        List.of(
            new Case(org.rep1, "李雷", true),
            new Case(org.rep1, "韩梅梅", false),
            new Case(org.rep1, "赵六", false),
            new Case(org.manager1, "张经理", true),
            new Case(org.manager1, "李雷", true),
            new Case(org.manager1, "韩梅梅", true),
            new Case(org.manager1, "赵六", false),
            new Case(org.admin, "王总", true),
            new Case(org.admin, "韩梅梅", true),
            new Case(org.admin, "赵六", true),
            new Case(org.admin, "外人", false));
    int n = 0;
    for (Case k : cases) {
      n++;
      Actor actor = org.a(k.actor());
      ImportJob job =
          await(
              imports.upload(
                  actor,
                  "权限.xlsx",
                  "hash-owner-" + n,
                  List.of(),
                  List.of(row(2, "权限-客户" + n, null, null, k.owner()))));
      assertThat(job.willCreate())
          .as("%s naming %s", k.actor(), k.owner())
          .isEqualTo(k.allowed() ? 1 : 0);
      if (k.allowed()) {
        await(imports.start(actor, job.id()));
      }
    }
    runAll(new ImportRunner(db.pool(), notifier, ImportRunner.Settings.defaults()));
    var owners =
        await(
            db.pool()
                .preparedQuery(
                    "SELECT u.name FROM customer c JOIN crm_user u ON u.tenant_id = c.tenant_id"
                        + " AND u.id = c.owner_id WHERE c.tenant_id = $1 AND c.name LIKE '权限-%'"
                        + " ORDER BY c.id")
                .execute(Tuple.of(org.tenantA.id())));
    List<String> names = new ArrayList<>();
    owners.forEach(r -> names.add(r.getString(0)));
    assertThat(names).containsExactly("李雷", "张经理", "李雷", "韩梅梅", "王总", "韩梅梅", "赵六");
  }

  @Test
  @DisplayName(
      "私海上限: rows beyond what the owner may still hold are errors, counted again when written")
  void privateLimit() {
    var tenant =
        await(
            new com.chatcrm.engine.tenant.TenantService(db.pool())
                .register("wecom", "ww-import-limit", "上限公司", null));
    Actor sys = Actor.system(tenant.id(), "t");
    var orgs = new com.chatcrm.engine.org.OrgService(db.pool());
    await(orgs.upsertDepartment(sys, "d", "部门", null));
    long rep = await(orgs.upsertUser(sys, com.chatcrm.engine.org.OrgUser.rep("r", "小王", "d")));
    await(
        db.pool()
            .query("UPDATE pool_rule SET max_private = 3 WHERE tenant_id = " + tenant.id())
            .execute());
    Actor actor = Actor.user(tenant.id(), rep, com.chatcrm.engine.access.Source.api("t"));
    await(customers.create(actor, NewCustomer.named("上限-已有")));
    ImportJob job =
        await(
            imports.upload(
                actor,
                "上限.csv",
                "hash-limit",
                List.of(),
                List.of(row(2, "上限-甲"), row(3, "上限-乙"), row(4, "上限-丙"))));
    assertThat(job.willCreate()).isEqualTo(2);
    assertThat(byRow(actor, job.id()).get(4).reason()).startsWith("负责人的客户数已达上限（最多 3 个）");
    // one more taken meanwhile: only one row still fits when the import runs
    await(customers.create(actor, NewCustomer.named("上限-又一个")));
    await(imports.start(actor, job.id()));
    runAll(new ImportRunner(db.pool(), notifier, ImportRunner.Settings.defaults()));
    ImportJob done = await(imports.get(actor, job.id()));
    assertThat(List.of(done.created(), done.failed())).containsExactly(1, 2);
    assertThat(byRow(actor, job.id()).get(3).reason()).startsWith("负责人的客户数已达上限");
  }

  static long departmentId(String platformId) {
    return await(
            db.pool()
                .preparedQuery(
                    "SELECT id FROM department WHERE tenant_id = $1 AND platform_dept_id = $2")
                .execute(Tuple.of(org.tenantA.id(), platformId)))
        .iterator()
        .next()
        .getLong(0);
  }

  static ImportRow leadRow(int no, String company, String region, String phones, String owner) {
    return new ImportRow(
        no,
        company,
        null,
        null,
        null,
        region,
        "展会名单",
        phones,
        null,
        null,
        "联系人" + no,
        null,
        null,
        owner);
  }

  @Test
  @DisplayName(
      "导入线索: 查重 against live leads and customers, then the new rows become leads from 导入,"
          + " owned as named, by the assignment rules or in the 线索池, and the uploader is told")
  void leads() {
    Actor rep = org.a(org.rep1);
    await(
        new LeadService(db.pool())
            .capture(
                rep,
                NewLead.of("星河科技有限公司", LeadSource.MINI_APP).withContact("钱七", "13911112222"),
                false));
    long sales2 = departmentId("sales2");
    await(
        new LeadAssignmentRules(db.pool())
            .replace(org.a(org.admin), List.of(LeadAssignmentRule.region("上海", sales2))));
    List<ImportRow> rows =
        List.of(
            leadRow(2, "线索-甲科技有限公司", "上海", "021-23450001", null),
            leadRow(3, "线索-乙科技", "北京", null, null),
            leadRow(4, "线索-丙科技", null, null, "李雷"),
            leadRow(5, "星河科技", null, null, null),
            leadRow(6, "线索-丁科技", null, "+86 138 0000 0001", null),
            leadRow(7, "线索-甲科技", null, null, null),
            leadRow(8, null, null, null, null),
            leadRow(9, "线索-戊科技", null, null, "赵六"),
            leadRow(10, "线索-己科技", null, "abc", null));
    ImportJob job =
        await(imports.upload(rep, ImportKind.LEAD, "线索.xlsx", "hash-leads", List.of(), rows));
    assertThat(job.kind()).isEqualTo(ImportKind.LEAD);
    assertThat(List.of(job.willCreate(), job.duplicates(), job.duplicatesInFile(), job.errors()))
        .containsExactly(3, 2, 1, 3);
    Map<Integer, ImportOutcome> preview = byRow(rep, job.id());
    assertThat(preview.get(5).reason()).isEqualTo("与已有线索「星河科技有限公司」重复（负责人：李雷）");
    // rep1 may not see rep3's customer: masked, without its owner
    assertThat(preview.get(6).reason()).startsWith("与已有客户「华为").contains("*").doesNotContain("赵六");
    assertThat(preview.get(7).reason()).isEqualTo("与文件第 2 行重复");
    assertThat(preview.get(8).reason()).isEqualTo("公司名称为空");
    assertThat(preview.get(9).reason()).isEqualTo("负责人「赵六」不存在或不在你的权限内");
    assertThat(preview.get(10).reason()).isEqualTo("电话「abc」没有数字");
    // the same file as customers is another job
    ImportJob asCustomers = await(imports.upload(rep, "线索.xlsx", "hash-leads", List.of(), rows));
    assertThat(asCustomers.id()).isNotEqualTo(job.id());
    assertThat(asCustomers.kind()).isEqualTo(ImportKind.CUSTOMER);

    await(imports.start(rep, job.id()));
    notifier.clear();
    runAll(new ImportRunner(db.pool(), notifier, ImportRunner.Settings.defaults()));
    ImportJob done = await(imports.get(rep, job.id()));
    assertThat(List.of(done.processed(), done.created(), done.skipped(), done.failed()))
        .containsExactly(9, 3, 3, 3);
    Map<Integer, ImportOutcome> r = byRow(rep, job.id());
    assertThat(r.get(2).customerId()).isNull();
    var leads =
        await(
            db.pool()
                .preparedQuery(
                    "SELECT id, company, source, owner_id, note, contact_name FROM lead"
                        + " WHERE tenant_id = $1 AND company LIKE '线索-%' ORDER BY id")
                .execute(Tuple.of(org.tenantA.id())));
    List<String> made = new ArrayList<>();
    leads.forEach(
        l ->
            made.add(
                l.getString("company")
                    + "|"
                    + l.getString("source")
                    + "|"
                    + l.getLong("owner_id")
                    + "|"
                    + l.getString("note")));
    assertThat(made)
        .containsExactly(
            "线索-甲科技有限公司|import|" + org.manager2 + "|展会名单",
            "线索-乙科技|import|null|展会名单",
            "线索-丙科技|import|" + org.rep1 + "|展会名单");
    assertThat(r.get(2).leadId()).isEqualTo(leads.iterator().next().getLong("id"));
    assertThat(notifier.pushes())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.notification().title()).isEqualTo("线索导入完成");
              assertThat(p.notification().markdown()).contains("线索导入完成：新建 3，重复跳过 3，错误 3");
              assertThat(p.notification().buttons().get(0).key())
                  .isEqualTo(ImportRunner.RESULT_BUTTON + job.id());
            });
  }

  @Test
  @DisplayName(
      "导入线索 without 负责人: a round-robin rule hands one batch's leads out in turn and keeps its cursor")
  void leadRoundRobin() {
    Actor rep = org.a(org.rep1);
    long sales2 = departmentId("sales2");
    await(
        new LeadAssignmentRules(db.pool())
            .replace(org.a(org.admin), List.of(LeadAssignmentRule.roundRobin(sales2))));
    List<ImportRow> rows =
        List.of(
            leadRow(2, "轮流-甲", null, null, null),
            leadRow(3, "轮流-乙", null, null, null),
            leadRow(4, "轮流-丙", null, null, null));
    ImportJob job =
        await(imports.upload(rep, ImportKind.LEAD, "轮流.csv", "hash-rr", List.of(), rows));
    await(imports.start(rep, job.id()));
    runAll(new ImportRunner(db.pool(), notifier, ImportRunner.Settings.defaults()));
    List<Long> owners = new ArrayList<>();
    await(
            db.pool()
                .preparedQuery(
                    "SELECT owner_id FROM lead WHERE tenant_id = $1 AND company LIKE '轮流-%' ORDER BY id")
                .execute(Tuple.of(org.tenantA.id())))
        .forEach(r -> owners.add(r.getLong(0)));
    // sales2's active members in id order: 陈经理, then 赵六
    assertThat(owners).containsExactly(org.manager2, org.rep3, org.manager2);
    long cursor =
        await(
                db.pool()
                    .preparedQuery(
                        "SELECT last_assigned_user_id FROM lead_assignment_rule WHERE tenant_id = $1")
                    .execute(Tuple.of(org.tenantA.id())))
            .iterator()
            .next()
            .getLong(0);
    assertThat(cursor).isEqualTo(org.manager2);
  }
}
