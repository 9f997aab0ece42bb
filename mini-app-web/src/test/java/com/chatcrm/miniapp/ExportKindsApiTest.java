package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.followup.NewFollowUp;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.Opportunity;
import com.chatcrm.engine.testing.FreshDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The exports beyond the customer list (issue #22) over real HTTP: 跟进记录, 商机, 销售漏斗 and 日报数据, each
 * read back with a streaming reader as a rep (李雷), their manager (张经理) and the admin (王总) — own
 * rows, a subordinate's, and another team's (赵六's) that only the admin ever gets; day bounds in the
 * tenant's zone; changed and stale links refused; every download audited.
 */
class ExportKindsApiTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static ApiHarness api;
  static ZoneId zone;

  /** Last month, in the tenant's zone: every moment of it is past. */
  static YearMonth month;

  static long xinghe;
  static long dinghai;
  static long yangcheng;

  @BeforeAll
  static void start() {
    api = new ApiHarness(db);
    zone = api.org.tenantA.timeZone();
    month = YearMonth.now(zone).minusMonths(1);
    Engine engine = Engine.on(db.pool(), Clock.systemUTC());
    Actor lilei = api.org.a(api.org.rep1);
    Actor han = api.org.a(api.org.rep2);
    Actor zhao = api.org.a(api.org.rep3);
    xinghe = await(engine.customers().create(lilei, NewCustomer.named("星河传媒"))).id();
    dinghai = await(engine.customers().create(han, NewCustomer.named("鼎海贸易"))).id();
    yangcheng = await(engine.customers().create(zhao, NewCustomer.named("羊城印务"))).id();

    // ten minutes into the month and half an hour before it, in the tenant's zone
    Instant first = month.atDay(1).atTime(0, 10).atZone(zone).toInstant();
    Instant before = month.atDay(1).atStartOfDay(zone).minusMinutes(30).toInstant();
    log(engine, api.org.rep1, xinghe, "月初第一条", first);
    log(engine, api.org.rep1, xinghe, "上月最后一条", before);
    log(
        engine,
        api.org.rep2,
        dinghai,
        "韩梅梅的跟进",
        month.atDay(2).atTime(10, 0).atZone(zone).toInstant());
    log(
        engine,
        api.org.rep3,
        yangcheng,
        "赵六的跟进",
        month.atDay(3).atTime(10, 0).atZone(zone).toInstant());

    await(
        engine
            .opportunities()
            .create(lilei, NewOpportunity.of(xinghe, "星河大单", new BigDecimal("300000"))));
    await(
        engine
            .opportunities()
            .create(han, NewOpportunity.of(dinghai, "鼎海项目", new BigDecimal("120000.50"))));
    Opportunity lost =
        await(
            engine
                .opportunities()
                .create(zhao, NewOpportunity.of(yangcheng, "羊城印刷机", new BigDecimal("50000"))));
    await(engine.opportunities().lose(zhao, lost.id(), lost.version(), "价格太高"));
  }

  /** Each as a chat message of its own: one message logs one follow-up. */
  private static void log(Engine engine, long who, long customer, String text, Instant at) {
    await(
        engine
            .followUps()
            .log(api.org.a(who), new NewFollowUp(customer, null, "call", text, at, null, null)));
  }

  static String link(String token, String kind, JsonObject body) {
    JsonObject answer = api.ok(token, HttpMethod.POST, "/api/exports/" + kind, body, 200);
    assertThat(answer.getLong("expiresInSeconds")).isEqualTo(86_400L);
    return answer.getString("url");
  }

  static HttpResponse<Buffer> download(String url) {
    return await(api.client.get(api.port, "127.0.0.1", url).send());
  }

  static HttpResponse<Buffer> download(String url, String accept) {
    return await(api.client.get(api.port, "127.0.0.1", url).putHeader("accept", accept).send());
  }

  /** The sheet's name, then its rows as text, headers first. */
  static List<List<String>> sheet(HttpResponse<Buffer> r, String name) throws IOException {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.getHeader("content-type")).contains("spreadsheetml");
    assertThat(r.getHeader("content-disposition")).contains("attachment");
    List<List<String>> rows = new ArrayList<>();
    try (ReadableWorkbook wb =
        new ReadableWorkbook(new ByteArrayInputStream(r.body().getBytes()))) {
      Sheet sheet = wb.getFirstSheet();
      assertThat(sheet.getName()).isEqualTo(name);
      for (Row row : sheet.read()) {
        List<String> cells = new ArrayList<>();
        for (int c = 0; c < row.getCellCount(); c++) {
          cells.add(row.getCell(c) == null ? "" : row.getCell(c).getText());
        }
        rows.add(cells);
      }
    }
    return rows;
  }

  /** A refusal, or anything but a link, to a user's request for an export. */
  static HttpResponse<Buffer> ask(String user, String kind, JsonObject body) {
    return api.call(api.login(user), HttpMethod.POST, "/api/exports/" + kind, body);
  }

  /** The data row whose first cell is {@code first}. */
  static List<String> row(List<List<String>> rows, String first) {
    return rows.stream().filter(r -> r.get(0).equals(first)).findFirst().orElseThrow();
  }

  /** Column {@code c} of the data rows of what {@code user} exports, sheet {@code name}. */
  static List<String> exported(String user, String kind, JsonObject body, String name, int c)
      throws IOException {
    return column(sheet(download(link(api.login(user), kind, body)), name), c);
  }

  static List<String> column(List<List<String>> rows, int c) {
    return rows.subList(1, rows.size()).stream().map(r -> r.size() > c ? r.get(c) : "").toList();
  }

  static JsonObject lastMonth() {
    return new JsonObject()
        .put("from", month.atDay(1).toString())
        .put("to", month.atEndOfMonth().toString());
  }

  @Test
  @DisplayName(
      "跟进记录: a rep gets their own, a manager their subordinate's too, the admin everyone's")
  void followUpsAsEachSees() throws IOException {
    List<List<String>> rep =
        sheet(download(link(api.login("lilei"), "follow-ups", lastMonth())), "跟进记录");
    assertThat(rep.get(0)).startsWith("时间", "客户", "方式", "内容", "记录人");
    assertThat(column(rep, 3)).containsExactly("月初第一条");
    assertThat(rep.get(1)).startsWith(month.atDay(1) + " 00:10", "星河传媒", "电话", "月初第一条", "李雷");
    assertThat(exported("zhang", "follow-ups", lastMonth(), "跟进记录", 3))
        .containsExactlyInAnyOrder("月初第一条", "韩梅梅的跟进");
    assertThat(exported("wang", "follow-ups", lastMonth(), "跟进记录", 3))
        .containsExactlyInAnyOrder("月初第一条", "韩梅梅的跟进", "赵六的跟进");
    assertThat(exported("chen", "follow-ups", lastMonth(), "跟进记录", 3)).containsExactly("赵六的跟进");
  }

  @Test
  @DisplayName("跟进记录: days are the tenant's, both ends included; one customer; a hidden one is 404")
  void followUpDaysAndOneCustomer() throws IOException {
    LocalDate dayBefore = month.atDay(1).minusDays(1);
    JsonObject thatDay =
        new JsonObject().put("from", dayBefore.toString()).put("to", dayBefore.toString());
    assertThat(exported("lilei", "follow-ups", thatDay, "跟进记录", 3)).containsExactly("上月最后一条");
    JsonObject oneDay =
        new JsonObject()
            .put("from", month.atDay(1).toString())
            .put("to", month.atDay(1).toString());
    assertThat(exported("wang", "follow-ups", oneDay, "跟进记录", 3)).containsExactly("月初第一条");
    assertThat(exported("zhang", "follow-ups", lastMonth().put("customerId", dinghai), "跟进记录", 3))
        .containsExactly("韩梅梅的跟进");
    HttpResponse<Buffer> hidden =
        ask("lilei", "follow-ups", lastMonth().put("customerId", yangcheng));
    assertThat(hidden.statusCode()).isEqualTo(404);
    HttpResponse<Buffer> reversed =
        ask(
            "lilei",
            "follow-ups",
            new JsonObject().put("from", "2026-03-02").put("to", "2026-03-01"));
    assertThat(reversed.statusCode()).isEqualTo(400);
    assertThat(reversed.bodyAsString()).contains("结束日期");
  }

  @Test
  @DisplayName("no dates means 本月 in the tenant's zone; nothing in the range gives headers and 无数据")
  void defaultsAndEmpty() throws IOException {
    JsonObject answer =
        api.ok(
            api.login("lilei"), HttpMethod.POST, "/api/exports/follow-ups", new JsonObject(), 200);
    YearMonth now = YearMonth.now(zone);
    assertThat(answer.getString("from")).isEqualTo(now.atDay(1).toString());
    assertThat(answer.getString("to")).isEqualTo(now.atEndOfMonth().toString());
    List<List<String>> empty =
        sheet(
            download(
                link(
                    api.login("lilei"),
                    "follow-ups",
                    new JsonObject().put("from", "2001-01-01").put("to", "2001-01-31"))),
            "跟进记录");
    assertThat(empty).hasSize(2);
    assertThat(empty.get(0)).contains("时间", "内容");
    assertThat(empty.get(1).get(0)).isEqualTo("无数据");
  }

  @Test
  @DisplayName("商机: stages, amounts, 输单 with its reason; each sees only whom they may")
  void opportunitiesAsEachSees() throws IOException {
    List<List<String>> admin =
        sheet(download(link(api.login("wang"), "opportunities", new JsonObject())), "商机");
    assertThat(admin.get(0))
        .containsExactly(
            "商机名称", "客户", "阶段", "金额", "赢率", "预计成交", "负责人", "状态", "输单原因", "创建时间", "最近更新");
    assertThat(column(admin, 0)).containsExactlyInAnyOrder("星河大单", "鼎海项目", "羊城印刷机");
    List<String> lost = row(admin, "羊城印刷机");
    assertThat(lost.get(6)).isEqualTo("赵六");
    assertThat(lost.get(7)).isEqualTo("输单");
    assertThat(lost.get(8)).isEqualTo("价格太高");
    List<String> han = row(admin, "鼎海项目");
    assertThat(new BigDecimal(han.get(3))).isEqualByComparingTo("120000.50");
    assertThat(han.get(7)).isEqualTo("进行中");

    assertThat(exported("lilei", "opportunities", new JsonObject(), "商机", 0))
        .containsExactly("星河大单");
    assertThat(exported("zhang", "opportunities", new JsonObject(), "商机", 0))
        .containsExactlyInAnyOrder("星河大单", "鼎海项目");
    assertThat(exported("zhang", "opportunities", new JsonObject().put("scope", "mine"), "商机", 0))
        .containsExactly(ExportWorkbook.NO_DATA);
  }

  @Test
  @DisplayName("销售漏斗: stages in order with 商机数/金额/赢率/加权金额; the company's is for admins only")
  void funnel() throws IOException {
    JsonObject thisMonth = new JsonObject().put("scope", "team");
    List<List<String>> team =
        sheet(download(link(api.login("zhang"), "funnel", thisMonth)), "销售漏斗");
    assertThat(team.get(0)).containsExactly("阶段", "商机数", "金额", "赢率", "加权金额");
    List<String> total = row(team, "进行中合计");
    assertThat(total.get(1)).isEqualTo("2");
    assertThat(new BigDecimal(total.get(2))).isEqualByComparingTo("420000.50");
    List<String> stages = column(team, 0);
    assertThat(stages.subList(stages.size() - 3, stages.size()))
        .containsExactly("进行中合计", "赢单", "输单");

    HttpResponse<Buffer> company = ask("zhang", "funnel", new JsonObject().put("scope", "company"));
    assertThat(company.statusCode()).isEqualTo(403);
    List<List<String>> all =
        sheet(
            download(link(api.login("wang"), "funnel", new JsonObject().put("scope", "company"))),
            "销售漏斗");
    List<String> lost = row(all, "输单");
    assertThat(lost.get(1)).isEqualTo("1");
    List<String> rep =
        sheet(download(link(api.login("lilei"), "funnel", new JsonObject())), "销售漏斗").stream()
            .filter(r -> r.get(0).equals("进行中合计"))
            .findFirst()
            .orElseThrow();
    assertThat(rep.get(1)).isEqualTo("1");
  }

  @Test
  @DisplayName("日报数据: per day × per rep the user sees, the 日报's figures, days in the tenant's zone")
  void dailyFigures() throws IOException {
    JsonObject firstThree =
        new JsonObject()
            .put("from", month.atDay(1).toString())
            .put("to", month.atDay(3).toString());
    List<List<String>> rep =
        sheet(download(link(api.login("lilei"), "daily-figures", firstThree)), "日报数据");
    assertThat(rep.get(0)).startsWith("日期", "成员", "新增客户", "跟进数");
    assertThat(column(rep, 1)).containsExactly("李雷", "李雷", "李雷");
    assertThat(column(rep, 0))
        .containsExactly(
            month.atDay(1).toString(), month.atDay(2).toString(), month.atDay(3).toString());
    // the follow-up ten minutes into the 1st is the 1st's, not the day before's
    assertThat(column(rep, 3)).containsExactly("1", "0", "0");

    List<List<String>> manager =
        sheet(download(link(api.login("zhang"), "daily-figures", firstThree)), "日报数据");
    assertThat(column(manager, 1)).contains("李雷", "韩梅梅").doesNotContain("赵六", "陈经理");
    List<List<String>> admin =
        sheet(download(link(api.login("wang"), "daily-figures", firstThree)), "日报数据");
    assertThat(column(admin, 1)).contains("李雷", "韩梅梅", "赵六").doesNotContain("外人");
    List<String> zhaoOnThe3rd =
        admin.stream()
            .filter(r -> r.get(0).equals(month.atDay(3).toString()) && r.get(1).equals("赵六"))
            .findFirst()
            .orElseThrow();
    assertThat(zhaoOnThe3rd.get(3)).isEqualTo("1");

    HttpResponse<Buffer> tooLong =
        ask(
            "wang",
            "daily-figures",
            new JsonObject().put("from", "2024-01-01").put("to", "2025-06-30"));
    assertThat(tooLong.statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName(
      "a changed filter, user or kind is refused 403, a stale link 403 expired, a bad one 400")
  void linksAreCredentials() {
    String url = link(api.login("lilei"), "follow-ups", lastMonth());
    HttpResponse<Buffer> widened =
        download(url.replace("from=" + month.atDay(1), "from=" + month.atDay(1).minusDays(10)));
    assertThat(widened.statusCode()).isEqualTo(403);
    assertThat(widened.bodyAsJsonObject().getString("code")).isEqualTo("export_link_invalid");
    assertThat(
            download(url.replace("/" + api.org.rep1 + "/", "/" + api.org.admin + "/")).statusCode())
        .isEqualTo(403);
    assertThat(download(url.replace("follow-ups.xlsx", "opportunities.xlsx")).statusCode())
        .isEqualTo(403);
    assertThat(download(url.replace("follow-ups.xlsx", "secrets.xlsx")).statusCode())
        .isEqualTo(400);
    assertThat(download(url.replace("from=", "from=x")).statusCode()).isEqualTo(400);

    MiniAppConfig config = new MiniAppConfig(ApiHarness.KEY, Duration.ofMinutes(30), true);
    Clock twoDaysAgo = Clock.offset(Clock.systemUTC(), Duration.ofDays(-2));
    String stale =
        new SignedExportLinks("", config, twoDaysAgo)
            .followUps(api.org.a(api.org.rep1), month.atDay(1), month.atEndOfMonth(), false);
    HttpResponse<Buffer> expired = download(stale);
    assertThat(expired.statusCode()).isEqualTo(403);
    assertThat(expired.bodyAsJsonObject().getString("code")).isEqualTo("export_link_expired");
    String fresh =
        new SignedExportLinks("", config, Clock.systemUTC())
            .followUps(api.org.a(api.org.rep1), month.atDay(1), month.atEndOfMonth(), false);
    assertThat(download(fresh).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName(
      "a refused link opened in a browser is a page in Chinese with the same status; the API still answers JSON")
  void refusedLinkInABrowser() {
    MiniAppConfig config = new MiniAppConfig(ApiHarness.KEY, Duration.ofMinutes(30), true);
    Clock twoDaysAgo = Clock.offset(Clock.systemUTC(), Duration.ofDays(-2));
    String stale =
        new SignedExportLinks("", config, twoDaysAgo)
            .followUps(api.org.a(api.org.rep1), month.atDay(1), month.atEndOfMonth(), false);
    HttpResponse<Buffer> page = download(stale, "text/html,application/xhtml+xml,*/*;q=0.8");
    assertThat(page.statusCode()).isEqualTo(403);
    assertThat(page.getHeader("content-type")).startsWith("text/html");
    assertThat(page.bodyAsString())
        .contains("导出链接已过期，请重新导出", "export_link_expired")
        .doesNotContain("<script");
    HttpResponse<Buffer> json = download(stale, "application/json");
    assertThat(json.statusCode()).isEqualTo(403);
    assertThat(json.bodyAsJsonObject().getString("message")).isEqualTo("导出链接已过期，请重新导出");
  }

  @Test
  @DisplayName("every download is audited with its kind, row count and filter")
  void audited() throws IOException {
    String url = link(api.login("zhang"), "follow-ups", lastMonth());
    assertThat(sheet(download(url), "跟进记录")).hasSize(3);
    assertThat(audits("follow_up_list", api.org.manager1, 2, "from=" + month.atDay(1)))
        .isGreaterThanOrEqualTo(1);
    sheet(download(link(api.login("wang"), "opportunities", new JsonObject())), "商机");
    assertThat(audits("opportunity_list", api.org.admin, 3, "scope=team"))
        .isGreaterThanOrEqualTo(1);
  }

  private static long audits(String type, long user, int rows, String filter) {
    return await(
            db.pool()
                .preparedQuery(
                    "SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action = 'export'"
                        + " AND entity_type = $2 AND entity_id = $3 AND (changes ->> 'rows')::int = $4"
                        + " AND position($5 in changes ->> 'filter') > 0")
                .execute(Tuple.of(api.org.tenantA.id(), type, user, rows, filter)))
        .iterator()
        .next()
        .getLong(0);
  }
}
