package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.followup.FollowUpService;
import com.chatcrm.engine.followup.NewFollowUp;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.Opportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.opportunity.Stage;
import com.chatcrm.engine.opportunity.StageService;
import com.chatcrm.engine.report.DailyReport;
import com.chatcrm.engine.report.DailyReportService;
import com.chatcrm.engine.testing.FreshDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #22, 报表 that read right: the funnel, the per-rep rows and the follow-ups per day over a
 * range of days in the tenant's zone (Asia/Shanghai), for a rep (李雷), a manager (张经理) and the admin
 * (王总) of {@code OrgFixture}, over their own, a subordinate's (韩梅梅) and someone else's (赵六) work;
 * every figure checked against a plain SQL count of the same rows.
 */
class ReportApiTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final String NOVEMBER = "from=2026-11-01&to=2026-11-30";

  static ApiHarness api;
  static String rep;
  static String manager;
  static String admin;
  static List<Stage> openStages;

  @BeforeAll
  static void seed() {
    api = new ApiHarness(db);
    rep = api.login("lilei");
    manager = api.login("zhang");
    admin = api.login("wang");
    var org = api.org;
    openStages =
        await(new StageService(db.pool()).list(org.a(org.admin))).stream()
            .filter(Stage::open)
            .toList();

    // 李雷: won 100000 at 23:30 on November's last day (in), 50000 at 00:30 on December 1st (out)
    long lileiCustomer = customer(org.rep1, "鸿运物流", at(2026, 11, 10, 9, 0));
    won(org.rep1, lileiCustomer, "仓储系统", "100000", at(2026, 11, 30, 23, 30));
    won(org.rep1, lileiCustomer, "运输调度", "50000", at(2026, 12, 1, 0, 30));
    followUp(org.rep1, lileiCustomer, "call", at(2026, 11, 1, 0, 30)); // in
    followUp(org.rep1, lileiCustomer, "visit", at(2026, 10, 31, 23, 30)); // out
    followUp(org.rep1, lileiCustomer, "wechat", at(2026, 11, 15, 14, 0)); // in
    // 韩梅梅 (张经理's subtree): a customer and a win at 00:30 on November 1st (in)
    long hanCustomer = customer(org.rep2, "华远建材", at(2026, 11, 1, 0, 30));
    won(org.rep2, hanCustomer, "建材集采", "30000", at(2026, 11, 1, 0, 30));
    // 赵六 (销售二部, nobody 张经理 sees): a win and a follow-up in November
    long zhaoCustomer = customer(org.rep3, "沧海实业", at(2026, 11, 20, 10, 0));
    won(org.rep3, zhaoCustomer, "海运合同", "70000", at(2026, 11, 20, 10, 0));
    followUp(org.rep3, zhaoCustomer, "call", at(2026, 11, 20, 11, 0));

    // open deals today: 李雷 one in the second stage, 韩梅梅 two in the third; 初步接触 stays empty
    long second = openStages.get(1).id();
    long third = openStages.get(2).id();
    open(org.rep1, lileiCustomer, "二期", "200000", second);
    open(org.rep2, hanCustomer, "门店", "40000", third);
    open(org.rep2, hanCustomer, "仓库", "60000", third);
    open(org.rep3, zhaoCustomer, "外人的", "999000", second);
  }

  static OffsetDateTime at(int y, int m, int d, int h, int min) {
    return LocalDateTime.of(y, m, d, h, min).atZone(SHANGHAI).toOffsetDateTime();
  }

  static long customer(long owner, String name, OffsetDateTime createdAt) {
    long id =
        await(new CustomerService(db.pool()).create(api.org.a(owner), NewCustomer.named(name)))
            .id();
    sql("UPDATE customer SET created_at = $2 WHERE id = $1", id, createdAt);
    return id;
  }

  static void followUp(long author, long customer, String method, OffsetDateTime when) {
    await(
        new FollowUpService(db.pool())
            .log(api.org.a(author), NewFollowUp.on(customer, method, "跟进").at(when.toInstant())));
  }

  /** A deal created and won at {@code when}: every trace of it (moves, audit) set to that time. */
  static void won(long owner, long customer, String name, String amount, OffsetDateTime when) {
    OpportunityService deals = new OpportunityService(db.pool());
    Opportunity o =
        await(
            deals.create(
                api.org.a(owner), NewOpportunity.of(customer, name, new BigDecimal(amount))));
    await(deals.win(api.org.a(owner), o.id(), o.version()));
    sql(
        "UPDATE opportunity SET created_at = $2, updated_at = $2, closed_at = $2 WHERE id = $1",
        o.id(),
        when);
    sql("UPDATE opportunity_stage_move SET moved_at = $2 WHERE opportunity_id = $1", o.id(), when);
    sql(
        "UPDATE audit_log SET at = $2 WHERE entity_type = 'opportunity' AND entity_id = $1",
        o.id(),
        when);
  }

  static void open(long owner, long customer, String name, String amount, long stage) {
    await(
        new OpportunityService(db.pool())
            .create(
                api.org.a(owner),
                NewOpportunity.of(customer, name, new BigDecimal(amount)).withStage(stage)));
  }

  static void sql(String statement, Object... args) {
    await(db.pool().preparedQuery(statement).execute(Tuple.from(args)));
  }

  static Row one(String statement, Object... args) {
    return await(db.pool().preparedQuery(statement).execute(Tuple.from(args))).iterator().next();
  }

  /** The hand count: wins of {@code owners} closed in November in Shanghai, as [count, amount]. */
  static List<Object> wonInNovember(Long... owners) {
    Row r =
        one(
            "SELECT count(*) AS n, coalesce(sum(amount), 0) AS amount FROM opportunity"
                + " WHERE tenant_id = $1 AND status = 'won' AND deleted_at IS NULL"
                + " AND owner_id = ANY($2)"
                + " AND closed_at >= '2026-11-01 00:00+08' AND closed_at < '2026-12-01 00:00+08'",
            api.org.tenantA.id(),
            owners);
    return List.of(r.getLong("n"), r.getBigDecimal("amount").setScale(2).toPlainString());
  }

  static JsonObject get(String token, String path) {
    return api.ok(token, HttpMethod.GET, path, null, 200);
  }

  static Map<String, JsonObject> rows(JsonObject team) {
    Map<String, JsonObject> byName = new TreeMap<>();
    team.getJsonArray("reps")
        .forEach(r -> byName.put(((JsonObject) r).getString("name"), (JsonObject) r));
    return byName;
  }

  @Test
  @DisplayName(
      "won figures over November in Shanghai: 23:30 on the last day in, 00:30 the day after out; own,"
          + " subordinate's and (admins only) other's deals")
  void wonFiguresFollowTheRangeAndScope() {
    JsonObject mine = get(rep, "/api/pipeline?scope=me&" + NOVEMBER);
    assertThat(mine.getString("from")).isEqualTo("2026-11-01");
    assertThat(mine.getString("lastDay")).isEqualTo("2026-11-30");
    assertThat(mine.getString("timeZone")).isEqualTo("Asia/Shanghai");
    JsonObject won = mine.getJsonObject("won").getJsonObject("current");
    assertThat(List.of(won.getLong("count"), won.getString("amount")))
        .isEqualTo(wonInNovember(api.org.rep1))
        .isEqualTo(List.of(1L, "100000.00"));

    // a rep asking for the team gets their own, as the funnel's other team routes do
    JsonObject repTeam = get(rep, "/api/pipeline?scope=team&" + NOVEMBER);
    assertThat(repTeam.getJsonObject("won")).isEqualTo(mine.getJsonObject("won"));

    JsonObject team = get(manager, "/api/pipeline?scope=team&" + NOVEMBER);
    won = team.getJsonObject("won").getJsonObject("current");
    assertThat(List.of(won.getLong("count"), won.getString("amount")))
        .isEqualTo(wonInNovember(api.org.manager1, api.org.rep1, api.org.rep2))
        .isEqualTo(List.of(2L, "130000.00")); // 赵六's 70000 is not the manager's

    JsonObject company = get(admin, "/api/pipeline?scope=tenant&" + NOVEMBER);
    won = company.getJsonObject("won").getJsonObject("current");
    assertThat(List.of(won.getLong("count"), won.getString("amount")))
        .isEqualTo(
            wonInNovember(
                api.org.admin,
                api.org.manager1,
                api.org.rep1,
                api.org.rep2,
                api.org.manager2,
                api.org.rep3))
        .isEqualTo(List.of(3L, "200000.00"));
    error(api.call(rep, HttpMethod.GET, "/api/pipeline?scope=tenant&" + NOVEMBER, null), 403);
    error(api.call(manager, HttpMethod.GET, "/api/pipeline?scope=tenant&" + NOVEMBER, null), 403);

    // December holds the deal won at 00:30 on the 1st, by the Shanghai calendar
    JsonObject december = get(rep, "/api/pipeline?scope=me&from=2026-12-01&to=2026-12-01");
    assertThat(december.getJsonObject("won").getJsonObject("current").getString("amount"))
        .isEqualTo("50000.00");
  }

  @Test
  @DisplayName(
      "the funnel lists every open stage in the tenant's order, empty ones too, with how many reached"
          + " each and the share that went on")
  void funnelHasEveryStageInOrder() {
    String today = LocalDate.now(Clock.system(SHANGHAI)).toString();
    // one day, today: the open deals as they stand, and nothing won (the wins are of 2026-11/12-01)
    JsonObject team = get(manager, "/api/pipeline?scope=team&from=" + today + "&to=" + today);
    assertThat(team.getString("today")).isEqualTo(today);
    JsonArray stages = team.getJsonArray("stages");
    assertThat(stages.stream().map(s -> ((JsonObject) s).getString("name")).toList())
        .isEqualTo(openStages.stream().map(Stage::name).toList());
    List<Long> counts = new ArrayList<>();
    List<String> amounts = new ArrayList<>();
    for (Object s : stages) {
      JsonObject current = ((JsonObject) s).getJsonObject("figures").getJsonObject("current");
      counts.add(current.getLong("count"));
      amounts.add(current.getString("amount"));
    }
    // the hand count: the team's open deals per stage now
    for (int i = 0; i < openStages.size(); i++) {
      Row r =
          one(
              "SELECT count(*) AS n, coalesce(sum(amount), 0) AS amount FROM opportunity"
                  + " WHERE tenant_id = $1 AND status = 'open' AND deleted_at IS NULL"
                  + " AND stage_id = $2 AND owner_id = ANY($3)",
              api.org.tenantA.id(),
              openStages.get(i).id(),
              new Long[] {api.org.manager1, api.org.rep1, api.org.rep2});
      assertThat(counts.get(i)).as(openStages.get(i).name()).isEqualTo(r.getLong("n"));
      assertThat(amounts.get(i)).isEqualTo(r.getBigDecimal("amount").setScale(2).toPlainString());
    }
    assertThat(counts.subList(0, 3)).containsExactly(0L, 1L, 2L);
    assertThat(amounts.get(2)).isEqualTo("100000.00");
    // reached 3, 3, 2, then 0 ...
    JsonObject first = stages.getJsonObject(0);
    assertThat(first.getLong("reached")).isEqualTo(3);
    assertThat(first.getLong("conversionToNext")).isEqualTo(100);
    assertThat(stages.getJsonObject(1).getLong("conversionToNext")).isEqualTo(67);
    assertThat(stages.getJsonObject(2).getLong("conversionToNext")).isEqualTo(0);
  }

  @Test
  @DisplayName(
      "团队 rows: the manager's reps only, the admin's company, a rep's own; figures as counted by hand")
  void teamRows() {
    JsonObject team = get(manager, "/api/report/team?scope=team&" + NOVEMBER);
    Map<String, JsonObject> rows = rows(team);
    assertThat(rows.keySet()).containsExactlyInAnyOrder("张经理", "李雷", "韩梅梅");
    JsonObject lilei = rows.get("李雷");
    assertThat(lilei.getInteger("newCustomers")).isEqualTo(1);
    assertThat(lilei.getInteger("followUps"))
        .isEqualTo(
            one(
                    "SELECT count(*) FROM follow_up WHERE author_id = $1 AND deleted_at IS NULL"
                        + " AND happened_at >= '2026-11-01 00:00+08' AND happened_at < '2026-12-01 00:00+08'",
                    api.org.rep1)
                .getLong(0)
                .intValue())
        .isEqualTo(2);
    assertThat(lilei.getInteger("newOpportunities")).isEqualTo(1);
    assertThat(lilei.getInteger("wonDeals")).isEqualTo(1);
    assertThat(lilei.getString("wonAmount")).isEqualTo("100000.00");
    JsonObject han = rows.get("韩梅梅");
    assertThat(han.getInteger("newCustomers")).isEqualTo(1);
    assertThat(han.getString("wonAmount")).isEqualTo("30000.00");
    assertThat(team.getJsonObject("totals").getString("wonAmount")).isEqualTo("130000.00");
    assertThat(team.getJsonObject("totals").getInteger("followUps")).isEqualTo(2);
    assertThat(team.getJsonArray("reps").getJsonObject(0).getString("name")).isEqualTo("李雷");

    Map<String, JsonObject> company = rows(get(admin, "/api/report/team?scope=tenant&" + NOVEMBER));
    assertThat(company).containsKeys("张经理", "李雷", "韩梅梅", "陈经理", "赵六");
    assertThat(company.get("赵六").getString("wonAmount")).isEqualTo("70000.00");
    assertThat(company.get("赵六").getInteger("followUps")).isEqualTo(1);

    // a rep: only themselves, whether they ask for 我的 or 团队; the company is refused
    assertThat(rows(get(rep, "/api/report/team?scope=team&" + NOVEMBER)).keySet())
        .containsExactly("李雷");
    assertThat(rows(get(rep, "/api/report/team?scope=me&" + NOVEMBER)).keySet())
        .containsExactly("李雷");
    error(api.call(rep, HttpMethod.GET, "/api/report/team?scope=tenant&" + NOVEMBER, null), 403);
    error(
        api.call(manager, HttpMethod.GET, "/api/report/team?scope=tenant&" + NOVEMBER, null), 403);
  }

  @Test
  @DisplayName("a one-day range shows the 日报's figures of that day, rep by rep")
  void oneDayMatchesTheDailyReport() {
    for (LocalDate day : List.of(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30))) {
      DailyReport daily =
          await(
              new DailyReportService(db.pool(), Clock.systemUTC())
                  .forManager(api.org.a(api.org.manager1), day));
      Map<String, JsonObject> rows =
          rows(get(manager, "/api/report/team?scope=team&from=" + day + "&to=" + day));
      assertThat(rows.keySet())
          .containsExactlyInAnyOrderElementsOf(
              daily.reps().stream().map(DailyReport.RepActivity::name).toList());
      for (DailyReport.RepActivity a : daily.reps()) {
        JsonObject row = rows.get(a.name());
        assertThat(row.getInteger("followUps")).as(a.name()).isEqualTo(a.followUps().total());
        assertThat(row.getInteger("newCustomers")).isEqualTo(a.newCustomers());
        assertThat(row.getInteger("stageMoves")).isEqualTo(a.stageMoves());
        assertThat(row.getInteger("wonDeals")).isEqualTo(a.wonDeals());
        assertThat(row.getString("wonAmount")).isEqualTo(a.wonAmount().toPlainString());
      }
    }
  }

  @Test
  @DisplayName("follow-ups per day follow the range and the scope, by the Shanghai calendar")
  void followUpsPerDay() {
    JsonObject mine = get(rep, "/api/activity?scope=me&" + NOVEMBER);
    JsonArray days = mine.getJsonArray("days");
    assertThat(days).hasSize(30);
    assertThat(days.getJsonObject(0).getString("day")).isEqualTo("2026-11-01");
    assertThat(days.getJsonObject(0).getLong("followUps")).isEqualTo(1); // 00:30, not October's
    assertThat(days.stream().mapToLong(d -> ((JsonObject) d).getLong("followUps")).sum())
        .isEqualTo(2);
    JsonObject company = get(admin, "/api/activity?scope=tenant&" + NOVEMBER);
    assertThat(company.getJsonArray("days").getJsonObject(19).getLong("followUps")).isEqualTo(1);
    error(api.call(rep, HttpMethod.GET, "/api/activity?scope=tenant&" + NOVEMBER, null), 403);
  }

  @Test
  @DisplayName("bad ranges: 400 invalid_input naming the field and a stable reason, in Chinese")
  void badRanges() {
    refused("/api/pipeline?from=2026-11-30&to=2026-11-01", "to", "from_after_to", "结束日期不能早于开始日期");
    refused("/api/report/team?from=2025-01-01&to=2026-01-02", "to", "range_too_long", "366");
    refused("/api/activity?from=2026-11-01&to=2026-13-01", "to", "date_format", "yyyy-MM-dd");
    refused("/api/pipeline?from=2026-11-01", "to", "missing_date", "开始日期和结束日期");
    refused("/api/report/team?from=1999-12-31&to=2000-01-01", "from", "date_out_of_range", "2000");
    HttpResponse<Buffer> both =
        api.call(rep, HttpMethod.GET, "/api/pipeline?month=2026-11&" + NOVEMBER, null);
    assertThat(both.statusCode()).isEqualTo(400);
    // a whole leap year is allowed
    get(rep, "/api/report/team?from=2028-01-01&to=2028-12-31");
  }

  static void refused(String path, String field, String reason, String says) {
    HttpResponse<Buffer> r = api.call(rep, HttpMethod.GET, path, null);
    assertThat(r.statusCode()).as(path + " " + r.bodyAsString()).isEqualTo(400);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getString("code")).isEqualTo("invalid_input");
    assertThat(body.getJsonObject("details").getString("field")).isEqualTo(field);
    assertThat(body.getJsonObject("details").getString("reason")).isEqualTo(reason);
    assertThat(body.getString("message")).contains(says).doesNotContain(field + ":");
  }

  static void error(HttpResponse<Buffer> r, int status) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.bodyAsJsonObject().getString("message")).containsPattern("\\p{IsHan}");
  }
}
