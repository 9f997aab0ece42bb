package com.chatcrm.engine.report;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.org.OrgUser;
import com.chatcrm.engine.report.DailyReport.FollowUps;
import com.chatcrm.engine.report.DailyReport.ReclaimWarning;
import com.chatcrm.engine.report.DailyReport.Rep;
import com.chatcrm.engine.report.DailyReport.RepActivity;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A hand-built Monday, 2025-03-10 in Asia/Shanghai, with records on both sides of every boundary:
 * the day's edges in the tenant's zone (not UTC), deleted rows, reminders of every status,
 * customers just inside and just outside the reclaim warning window.
 */
class DailyReportServiceTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final LocalDate DAY = LocalDate.of(2025, 3, 10);
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-11T02:00:00Z"), ZoneOffset.UTC);

  static OrgFixture org;
  static DailyReportService reports;
  static long leaver;
  static long stage1;
  static long stage2;
  static long wonStage;
  static long lostStage;
  static int names;
  static final java.util.Map<String, Long> customers = new java.util.HashMap<>();

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    reports = new DailyReportService(db.pool(), CLOCK);
    long a = org.tenantA.id();
    Actor sysA = Actor.system(a, "test");
    OrgService orgs = new OrgService(db.pool());
    leaver = await(orgs.upsertUser(sysA, OrgUser.rep("leaver", "离职的人", "sales1")));
    await(orgs.deactivateUser(sysA, "leaver"));
    stage1 = stage(a, 1);
    stage2 = stage(a, 2);
    wonStage = stage(a, 5);
    lostStage = stage(a, 6);

    // 李雷 (rep1): 4 follow-ups on the day, the ones just outside it and a deleted one do not count
    long base =
        customer(
            "lilei-base", a, org.rep1, "potential", at(2024, 1, 1, 9, 0), at(2025, 3, 9, 10, 0));
    followUp(a, base, org.rep1, "call", at(2025, 3, 10, 0, 30), false);
    followUp(a, base, org.rep1, "call", at(2025, 3, 10, 12, 0), false);
    followUp(a, base, org.rep1, "visit", at(2025, 3, 10, 15, 0), false);
    followUp(a, base, org.rep1, "wechat", at(2025, 3, 10, 23, 59), false);
    followUp(a, base, org.rep1, "call", at(2025, 3, 9, 23, 59), false);
    followUp(a, base, org.rep1, "call", at(2025, 3, 11, 0, 0), false);
    followUp(a, base, org.rep1, "visit", at(2025, 3, 10, 11, 0), true);
    // new customers: one that day; one that day but deleted; one the day before
    customer("lilei-new", a, org.rep1, "potential", at(2025, 3, 10, 9, 0), null);
    long deleted =
        customer("lilei-new-deleted", a, org.rep1, "potential", at(2025, 3, 10, 9, 30), null);
    exec("UPDATE customer SET deleted_at = now() WHERE tenant_id = $1 AND id = $2", a, deleted);
    customer("lilei-old", a, org.rep1, "potential", at(2025, 3, 9, 9, 0), null);
    // stage moves: a real move counts, the creation entry (no from stage) does not
    long opp = opportunity(a, base, org.rep1, stage2, "open", new BigDecimal("5000.00"), null);
    stageMove(a, opp, null, stage1, org.rep1, at(2025, 3, 10, 9, 0));
    stageMove(a, opp, stage1, stage2, org.rep1, at(2025, 3, 10, 10, 0));
    stageMove(a, opp, stage1, stage2, org.rep1, at(2025, 3, 9, 10, 0));
    // won: one that day; one the day before; a lost one that day
    opportunity(
        a, base, org.rep1, wonStage, "won", new BigDecimal("12345.67"), at(2025, 3, 10, 16, 0));
    opportunity(
        a, base, org.rep1, wonStage, "won", new BigDecimal("99999.00"), at(2025, 3, 9, 16, 0));
    opportunity(
        a, base, org.rep1, lostStage, "lost", new BigDecimal("777.00"), at(2025, 3, 10, 17, 0));
    // reminders: due later that day and pending, long due and snoozed count; done, cancelled,
    // tomorrow do not
    reminder(a, org.rep1, at(2025, 3, 10, 18, 0), "pending");
    reminder(a, org.rep1, at(2025, 3, 7, 9, 0), "snoozed");
    reminder(a, org.rep1, at(2025, 3, 8, 9, 0), "done");
    reminder(a, org.rep1, at(2025, 3, 9, 9, 0), "cancelled");
    reminder(a, org.rep1, at(2025, 3, 11, 9, 0), "pending");
    // 韩梅梅 (rep2): only an overdue reminder, so inactive
    reminder(a, org.rep2, at(2025, 3, 9, 9, 0), "pending");
    // 张经理 (manager1): a won deal makes the day active
    long zhang = customer("zhang-base", a, org.manager1, "deal", at(2024, 1, 1, 9, 0), null);
    opportunity(
        a, zhang, org.manager1, wonStage, "won", new BigDecimal("1000.00"), at(2025, 3, 10, 11, 0));
    // 赵六 (rep3, other department) and 王总 (admin): one follow-up each
    long zhao = customer("zhao-base", a, org.rep3, "deal", at(2024, 1, 1, 9, 0), null);
    followUp(a, zhao, org.rep3, "meeting", at(2025, 3, 10, 14, 0), false);
    followUp(a, zhao, org.admin, "email", at(2025, 3, 10, 14, 30), false);

    // About to fall back (potential 30 days, intent 60, warned 3 days before): deadline within
    // 03-10 .. 03-13
    customer(
        "reclaim-warn-2d", a, org.rep1, "potential", at(2024, 1, 1, 9, 0), at(2025, 2, 10, 10, 0));
    customer("reclaim-today", a, org.rep1, "potential", at(2024, 1, 1, 9, 0), at(2025, 2, 8, 9, 0));
    customer("reclaim-past", a, org.rep1, "potential", at(2024, 1, 1, 9, 0), at(2025, 2, 1, 9, 0));
    customer(
        "reclaim-fresh", a, org.rep1, "potential", at(2024, 1, 1, 9, 0), at(2025, 2, 20, 9, 0));
    customer(
        "reclaim-edge-out", a, org.rep1, "potential", at(2024, 1, 1, 9, 0), at(2025, 2, 12, 0, 0));
    customer(
        "reclaim-edge-in", a, org.rep1, "potential", at(2024, 1, 1, 9, 0), at(2025, 2, 11, 23, 59));
    customer("reclaim-intent-never-followed", a, org.rep1, "intent", at(2025, 1, 10, 12, 0), null);
    customer("reclaim-deal", a, org.rep1, "deal", at(2024, 1, 1, 9, 0), at(2025, 2, 10, 10, 0));
    long pooled =
        customer(
            "reclaim-pool", a, null, "potential", at(2024, 1, 1, 9, 0), at(2025, 2, 10, 10, 0));
    long gone =
        customer(
            "reclaim-deleted",
            a,
            org.rep1,
            "potential",
            at(2024, 1, 1, 9, 0),
            at(2025, 2, 10, 10, 0));
    exec("UPDATE customer SET deleted_at = now() WHERE tenant_id = $1 AND id = $2", a, gone);
    customer("reclaim-zhao", a, org.rep3, "potential", at(2024, 1, 1, 9, 0), at(2025, 2, 9, 10, 0));
    assertThat(pooled).isPositive();

    // Tenant B: the outsider's busy day must never show in tenant A.
    long b = org.tenantB.id();
    long bc =
        customer(
            "b-base", b, org.outsider, "potential", at(2024, 1, 1, 9, 0), at(2025, 2, 10, 10, 0));
    followUp(b, bc, org.outsider, "call", at(2025, 3, 10, 10, 0), false);
    followUp(b, bc, org.outsider, "call", at(2025, 3, 10, 11, 0), false);
    followUp(b, bc, org.outsider, "call", at(2025, 3, 10, 12, 0), false);
    reminder(b, org.outsider, at(2025, 3, 9, 9, 0), "pending");
  }

  @Test
  @DisplayName("a manager's report counts each rep of the subtree exactly, on the tenant's day")
  void managerReport() {
    DailyReport r = await(reports.forManager(org.a(org.manager1), DAY));

    assertThat(r.scope()).isEqualTo(DailyReport.Scope.TEAM);
    assertThat(r.from()).isEqualTo(OffsetDateTime.parse("2025-03-10T00:00+08:00"));
    assertThat(r.to()).isEqualTo(OffsetDateTime.parse("2025-03-11T00:00+08:00"));
    assertThat(r.reps())
        .extracting(RepActivity::userId)
        .containsExactly(org.rep1, org.manager1, org.rep2);

    RepActivity lilei = rep(r, org.rep1);
    assertThat(lilei.name()).isEqualTo("李雷");
    assertThat(lilei.followUps()).isEqualTo(new FollowUps(2, 1, 1, 0, 0, 0));
    assertThat(lilei.newCustomers()).isEqualTo(1);
    assertThat(lilei.stageMoves()).isEqualTo(1);
    assertThat(lilei.wonDeals()).isEqualTo(1);
    assertThat(lilei.wonAmount()).isEqualByComparingTo("12345.67");
    assertThat(lilei.overdueReminders()).isEqualTo(2);
    assertThat(lilei.aboutToReclaim()).isEqualTo(4);
    assertThat(lilei.active()).isTrue();

    RepActivity zhang = rep(r, org.manager1);
    assertThat(zhang.followUps().total()).isZero();
    assertThat(zhang.wonAmount()).isEqualByComparingTo("1000.00");
    assertThat(zhang.active()).isTrue();

    RepActivity han = rep(r, org.rep2);
    assertThat(han.active()).isFalse();
    assertThat(han.overdueReminders()).isEqualTo(1);
    assertThat(r.inactiveReps()).containsExactly(new Rep(org.rep2, "韩梅梅"));

    assertThat(r.totals().followUps()).isEqualTo(new FollowUps(2, 1, 1, 0, 0, 0));
    assertThat(r.totals().newCustomers()).isEqualTo(1);
    assertThat(r.totals().stageMoves()).isEqualTo(1);
    assertThat(r.totals().wonDeals()).isEqualTo(2);
    assertThat(r.totals().wonAmount()).isEqualTo(new BigDecimal("13345.67"));
    assertThat(r.totals().overdueReminders()).isEqualTo(3);
    assertThat(r.totals().activeReps()).isEqualTo(2);
    assertThat(r.totals().inactiveReps()).isEqualTo(1);
    assertThat(r.totals().aboutToReclaim()).isEqualTo(4);
  }

  @Test
  @DisplayName(
      "customers about to fall back: deadline from today to the end of the warning days, soonest first")
  void aboutToReclaim() {
    DailyReport r = await(reports.forManager(org.a(org.manager1), DAY));

    assertThat(r.aboutToReclaim())
        .extracting(ReclaimWarning::customerId)
        .containsExactly(
            customers.get("reclaim-today"),
            customers.get("reclaim-intent-never-followed"),
            customers.get("reclaim-warn-2d"),
            customers.get("reclaim-edge-in"));
    assertThat(r.aboutToReclaim()).extracting(ReclaimWarning::daysLeft).containsExactly(0, 1, 2, 3);
    ReclaimWarning intent = r.aboutToReclaim().get(1);
    assertThat(intent.ownerId()).isEqualTo(org.rep1);
    assertThat(intent.ownerName()).isEqualTo("李雷");
    assertThat(intent.lastActivityAt()).isEqualTo(at(2025, 1, 10, 12, 0));
    assertThat(intent.reclaimAt()).isEqualTo(at(2025, 3, 11, 12, 0));
  }

  @Test
  @DisplayName(
      "an admin's report covers the whole tenant, lists an admin only for work done, never people who left")
  void adminReport() {
    DailyReport r = await(reports.forManager(org.a(org.admin), DAY));

    assertThat(r.scope()).isEqualTo(DailyReport.Scope.TENANT);
    assertThat(r.reps())
        .extracting(RepActivity::userId)
        .containsExactlyInAnyOrder(
            org.rep1, org.rep2, org.rep3, org.manager1, org.manager2, org.admin)
        .doesNotContain(leaver, org.outsider);
    assertThat(rep(r, org.admin).followUps()).isEqualTo(new FollowUps(0, 0, 0, 1, 0, 0));
    assertThat(rep(r, org.rep3).followUps()).isEqualTo(new FollowUps(0, 0, 0, 0, 1, 0));
    assertThat(r.inactiveReps()).extracting(Rep::userId).containsExactly(org.rep2, org.manager2);
    assertThat(r.totals().followUps().total()).isEqualTo(6);
    assertThat(r.totals().aboutToReclaim()).isEqualTo(5);
    assertThat(r.aboutToReclaim())
        .extracting(ReclaimWarning::customerId)
        .contains(customers.get("reclaim-zhao"));
  }

  @Test
  @DisplayName(
      "the system acting for a tenant sees that tenant only: tenant B's report knows nothing of A")
  void tenantIsolation() {
    DailyReport b = await(reports.forManager(Actor.system(org.tenantB.id(), "scheduler"), DAY));
    assertThat(b.reps()).extracting(RepActivity::userId).containsExactly(org.outsider);
    assertThat(b.totals().followUps()).isEqualTo(new FollowUps(3, 0, 0, 0, 0, 0));
    assertThat(b.totals().overdueReminders()).isEqualTo(1);
    assertThat(b.aboutToReclaim())
        .extracting(ReclaimWarning::customerId)
        .containsExactly(customers.get("b-base"));

    DailyReport a = await(reports.forManager(org.a(org.admin), DAY));
    assertThat(a.aboutToReclaim())
        .extracting(ReclaimWarning::customerId)
        .doesNotContain(customers.get("b-base"));
  }

  @Test
  @DisplayName("a rep who manages nobody is refused, in either tenant")
  void repIsForbidden() {
    assertThatThrownBy(() -> await(reports.forManager(org.a(org.rep1), DAY)))
        .isInstanceOf(Forbidden.class);
    assertThatThrownBy(() -> await(reports.forManager(org.b(), DAY))).isInstanceOf(Forbidden.class);
  }

  @Test
  @DisplayName("a day after today in the tenant's zone is refused; today is fine")
  void futureDay() {
    assertThatThrownBy(() -> await(reports.forManager(org.a(org.manager1), DAY.plusDays(2))))
        .isInstanceOf(InvalidInput.class);
    DailyReport today = await(reports.today(org.a(org.manager1)));
    assertThat(today.day()).isEqualTo(LocalDate.of(2025, 3, 11));
    assertThat(rep(today, org.rep1).followUps()).isEqualTo(new FollowUps(1, 0, 0, 0, 0, 0));
  }

  // ------------------------------------------------------------------------------------------
  // fixtures

  private static RepActivity rep(DailyReport r, long userId) {
    return r.reps().stream().filter(a -> a.userId() == userId).findFirst().orElseThrow();
  }

  private static OffsetDateTime at(int y, int m, int d, int h, int min) {
    return LocalDateTime.of(y, m, d, h, min).atZone(SHANGHAI).toOffsetDateTime();
  }

  private static long stage(long tenant, int position) {
    return one(
        "SELECT id FROM opportunity_stage WHERE tenant_id = $1 AND position = $2",
        tenant,
        position);
  }

  private static long customer(
      String key,
      long tenant,
      Long owner,
      String level,
      OffsetDateTime createdAt,
      OffsetDateTime lastFollowUp) {
    String name = "测试客户" + (++names) + key;
    long createdBy = owner != null ? owner : org.rep1;
    long id =
        one(
            """
        INSERT INTO customer (tenant_id, name, name_norm, level, owner_id, in_pool, pool_since, created_by,
                              created_at, last_follow_up_at)
        VALUES ($1, $2, $2, $3, $4, $5, CASE WHEN $5 THEN now() END, $6, $7, $8) RETURNING id
        """,
            tenant,
            name,
            level,
            owner,
            owner == null,
            tenant == org.tenantA.id() ? createdBy : org.outsider,
            createdAt,
            lastFollowUp);
    customers.put(key, id);
    return id;
  }

  private static void followUp(
      long tenant, long customer, long author, String method, OffsetDateTime at, boolean deleted) {
    exec(
        """
        INSERT INTO follow_up (tenant_id, customer_id, author_id, method, content, happened_at, source, deleted_at)
        VALUES ($1, $2, $3, $4, '聊了聊', $5, 'chat', CASE WHEN $6 THEN now() END)
        """,
        tenant,
        customer,
        author,
        method,
        at,
        deleted);
  }

  private static long opportunity(
      long tenant,
      long customer,
      long owner,
      long stage,
      String status,
      BigDecimal amount,
      OffsetDateTime closedAt) {
    return one(
        """
        INSERT INTO opportunity (tenant_id, customer_id, name, amount, stage_id, status, lost_reason, probability,
                                 owner_id, closed_at, created_by)
        VALUES ($1, $2, '项目', $3, $4, $5, CASE WHEN $5 = 'lost' THEN '价格' END, 50, $6, $7, $6) RETURNING id
        """,
        tenant,
        customer,
        amount,
        stage,
        status,
        owner,
        closedAt);
  }

  private static void stageMove(
      long tenant, long opp, Long from, long to, long by, OffsetDateTime at) {
    exec(
        "INSERT INTO opportunity_stage_move (tenant_id, opportunity_id, from_stage_id, to_stage_id, moved_by, moved_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6)",
        tenant,
        opp,
        from,
        to,
        by,
        at);
  }

  private static void reminder(long tenant, long owner, OffsetDateTime due, String status) {
    exec(
        "INSERT INTO reminder (tenant_id, owner_id, due_at, text, status, created_by) VALUES ($1, $2, $3, '回访', $4, $2)",
        tenant,
        owner,
        due,
        status);
  }

  private static long one(String sql, Object... args) {
    return await(db.pool().preparedQuery(sql).execute(Tuple.from(args)))
        .iterator()
        .next()
        .getLong(0);
  }

  private static void exec(String sql, Object... args) {
    await(db.pool().preparedQuery(sql).execute(Tuple.from(args)));
  }
}
