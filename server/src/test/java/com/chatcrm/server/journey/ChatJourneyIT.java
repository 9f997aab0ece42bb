package com.chatcrm.server.journey;

import static com.chatcrm.server.journey.JourneyClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.server.journey.JourneyClient.Chat;
import com.chatcrm.server.journey.JourneyClient.MiniApp;
import com.chatcrm.server.journey.JourneyClient.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Everyday chat as reps and managers type it, on the packaged jar over public HTTP only: a question
 * that must not swallow the next command, a transfer the new owner hears of and the rep can take
 * back, a level word that must not close a deal, typed 撤销, an @ of someone who is not there, a
 * broken button, dates in the company's time zone, and the 日报 with its chart and a link that opens.
 * The 日报 time is set to 00:00 (a deployer's setting), so every manager's report of the day goes out
 * right after the start. A contact added with a phone another contact has is warned of (#22),
 * naming the other only to who may see it.
 */
class ChatJourneyIT {

  static final Duration REPLY = Duration.ofSeconds(20);
  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  @TempDir static Path workDir;
  static PackagedService service;
  static JourneyClient client;

  @BeforeAll
  static void start() throws Exception {
    service = new PackagedService(workDir, Map.of("CRM_REPORTS_DAILY_AT", "00:00"));
    client = service.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (service != null) {
      service.close();
    }
  }

  static Chat wecom(String userId) {
    return client.chat("wecom", "wwhuaxin0001", userId);
  }

  static MiniApp wecomApp(String userId) {
    return client.miniApp("wecom", "wwhuaxin0001", userId);
  }

  /** The customer of this exact name the user sees in the mini-app, or null. */
  static JsonObject customerNamed(MiniApp app, String name) {
    JsonArray items =
        app.get("/customers?q=" + JourneyClient.enc(name)).json().getJsonArray("items");
    for (int i = 0; i < items.size(); i++) {
      if (name.equals(items.getJsonObject(i).getString("name"))) {
        return items.getJsonObject(i);
      }
    }
    return null;
  }

  static JsonObject newCustomer(Chat chat, MiniApp app, String name) {
    BotMessage added = chat.ask("新客户 " + name);
    assertThat(added.text()).as(added.toString()).contains(name);
    return eventually(
        Duration.ofSeconds(10), name + " in the mini-app", () -> customerNamed(app, name));
  }

  /** A rep and a colleague of theirs in each sandbox company. */
  enum Team {
    WECOM("wecom", "wwhuaxin0001", "lisi", "李四", "wangwu", "王五"),
    DINGTALK("dingtalk", "dingsandbox0001", "staff02", "钱进", "staff03", "孙丽");

    final String platform;
    final String corpId;
    final String rep;
    final String repName;
    final String colleague;
    final String colleagueName;

    Team(
        String platform,
        String corpId,
        String rep,
        String repName,
        String colleague,
        String colleagueName) {
      this.platform = platform;
      this.corpId = corpId;
      this.rep = rep;
      this.repName = repName;
      this.colleague = colleague;
      this.colleagueName = colleagueName;
    }
  }

  @ParameterizedTest
  @EnumSource(Team.class)
  @DisplayName(
      "导出我的客户 answers a download link; the workbook holds the rep's customers and nobody else's")
  void exportInChat(Team team) throws Exception {
    Chat rep = client.chat(team.platform, team.corpId, team.rep);
    MiniApp app = client.miniApp(team.platform, team.corpId, team.rep);
    String name = "青禾农业科技有限公司" + team.ordinal();
    newCustomer(rep, app, name);

    BotMessage answer = rep.ask("导出我的客户");
    assertThat(answer.text()).contains("已生成 Excel").contains("24 小时内有效");
    String link = answer.buttonLink("下载 Excel");
    List<List<String>> rows = workbook(link);
    List<String> names = rows.stream().map(r -> r.get(0)).toList();
    List<String> owners = rows.stream().map(r -> r.get(3)).toList();
    assertThat(names.get(0)).isEqualTo("客户名称");
    assertThat(names).contains(name);
    assertThat(owners.subList(1, owners.size())).containsOnly(team.repName);
    // the link is the rep's: widened to the team, it is refused
    assertThat(
            client
                .get(link.replace("scope=mine", "scope=team").replaceFirst("^https?://[^/]+", ""))
                .status())
        .isEqualTo(403);
  }

  @ParameterizedTest
  @EnumSource(Team.class)
  @DisplayName(
      "导出本月跟进记录 answers a download link; the workbook holds the rep's follow-ups of the month,"
          + " not a colleague's")
  void exportFollowUpsInChat(Team team) throws Exception {
    Chat rep = client.chat(team.platform, team.corpId, team.rep);
    String name = "白鹭湾海产有限公司" + team.ordinal();
    newCustomer(rep, client.miniApp(team.platform, team.corpId, team.rep), name);
    String note = "电话沟通了年度报价" + team.ordinal();
    assertThat(rep.ask("跟进 " + name + " " + note).text()).contains(name);
    Chat colleague = client.chat(team.platform, team.corpId, team.colleague);
    String theirs = "紫藤花园林有限公司" + team.ordinal();
    newCustomer(colleague, client.miniApp(team.platform, team.corpId, team.colleague), theirs);
    assertThat(colleague.ask("跟进 " + theirs + " 拜访了采购经理").text()).contains(theirs);

    BotMessage answer = rep.ask("导出本月跟进记录");
    assertThat(answer.text())
        .contains("本月")
        .contains(LocalDate.now(SHANGHAI).withDayOfMonth(1).toString())
        .contains("已生成 Excel");
    String link = answer.buttonLink("下载 Excel");
    List<List<String>> rows = workbook(link);
    assertThat(rows.get(0)).startsWith("时间", "客户", "方式", "内容", "记录人");
    List<List<String>> data = rows.subList(1, rows.size());
    assertThat(data).anySatisfy(r -> assertThat(r).contains(name, note));
    assertThat(data.stream().map(r -> r.get(4))).containsOnly(team.repName);
    assertThat(data.stream().map(r -> r.get(1))).doesNotContain(theirs);
    // the link is the rep's own follow-ups: widened to what they see, it is refused
    assertThat(
            client
                .get(link.replace("scope=mine", "scope=team").replaceFirst("^https?://[^/]+", ""))
                .status())
        .isEqualTo(403);
  }

  /** The first sheet of the workbook a chat button downloads, each row's cells as text. */
  static List<List<String>> workbook(String link) throws Exception {
    java.net.http.HttpResponse<byte[]> file =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(link)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertThat(file.statusCode()).isEqualTo(200);
    List<List<String>> rows = new java.util.ArrayList<>();
    try (org.dhatim.fastexcel.reader.ReadableWorkbook wb =
        new org.dhatim.fastexcel.reader.ReadableWorkbook(
            new java.io.ByteArrayInputStream(file.body()))) {
      for (org.dhatim.fastexcel.reader.Row row : wb.getFirstSheet().read()) {
        List<String> cells = new java.util.ArrayList<>();
        for (int c = 0; c < row.getCellCount(); c++) {
          cells.add(row.getCell(c) == null ? "" : row.getCell(c).getText());
        }
        rows.add(cells);
      }
    }
    return rows;
  }

  @ParameterizedTest
  @EnumSource(Team.class)
  @DisplayName(
      "a clear command typed while a question waits runs as that command, and the new owner is told")
  void commandWhileAQuestionWaits(Team team) {
    Chat rep = client.chat(team.platform, team.corpId, team.rep);
    MiniApp app = client.miniApp(team.platform, team.corpId, team.rep);
    String lostName = "翠微山泉饮品有限公司" + team.ordinal();
    String movedName = "鹿鸣书院文化有限公司" + team.ordinal();
    JsonObject lost = newCustomer(rep, app, lostName);
    rep.ask("商机 " + lostName + " 桶装水年度合同 12万");
    newCustomer(rep, app, movedName);
    Chat colleague = client.chat(team.platform, team.corpId, team.colleague);

    BotMessage question = rep.ask(lostName + " 输单");
    assertThat(question.text()).contains("原因");
    BotMessage reply = rep.ask("把" + movedName + "转给" + team.colleagueName);

    assertThat(reply.text()).contains(movedName, team.colleagueName);
    MiniApp theirs = client.miniApp(team.platform, team.corpId, team.colleague);
    assertThat(customerNamed(theirs, movedName))
        .as(team.colleagueName + " owns it now")
        .isNotNull();
    BotMessage told =
        colleague.waitFor(
            REPLY, team.colleagueName + " hears of the transfer", m -> m.says(movedName));
    assertThat(told.text()).contains(team.repName);
    JsonArray opportunities =
        app.get("/customers/" + lost.getLong("id") + "/opportunities").json().getJsonArray("items");
    assertThat(opportunities.encode()).doesNotContain("转给");
  }

  @Test
  @DisplayName("the rep's own 撤销 of a transfer gives the customer back")
  void undoTransfer() {
    Chat lisi = wecom("lisi");
    MiniApp app = wecomApp("lisi");
    newCustomer(lisi, app, "橡树湾物业服务有限公司");

    BotMessage done = lisi.ask("把橡树湾物业服务有限公司转给王五");
    assertThat(customerNamed(app, "橡树湾物业服务有限公司")).as("李四 no longer sees it").isNull();
    lisi.tap(done, "撤销");
    BotMessage undone = lisi.next(REPLY);

    assertThat(undone.text()).doesNotContain("无法撤销", "没有权限");
    JsonObject back =
        eventually(
            Duration.ofSeconds(10),
            "the customer back with 李四",
            () -> customerNamed(app, "橡树湾物业服务有限公司"));
    assertThat(back.getString("ownerName")).isEqualTo("李四");
  }

  @Test
  @DisplayName("a level word sets the customer's level and never closes the deal")
  void levelWordDoesNotWinTheDeal() {
    Chat lisi = wecom("lisi");
    MiniApp app = wecomApp("lisi");
    JsonObject customer = newCustomer(lisi, app, "雪域高原牧业有限公司");
    lisi.ask("商机 雪域高原牧业有限公司 冷链设备采购 30万");

    lisi.ask("雪域高原牧业有限公司 级别改成成交");

    JsonArray opportunities =
        app.get("/customers/" + customer.getLong("id") + "/opportunities")
            .json()
            .getJsonArray("items");
    assertThat(opportunities).hasSize(1);
    assertThat(opportunities.getJsonObject(0).encode()).doesNotContain("赢单");
    assertThat(customerNamed(app, "雪域高原牧业有限公司").getString("level")).isEqualTo("deal");
  }

  @Test
  @DisplayName(
      "漏斗 asked in chat right after a deal moved in the mini-app shows the move, not a cached funnel")
  void funnelInChatSeesAMiniAppEdit() {
    Chat lisi = wecom("lisi");
    MiniApp app = wecomApp("lisi");
    JsonObject customer = newCustomer(lisi, app, "青岚湖文旅发展有限公司");
    lisi.ask("商机 青岚湖文旅发展有限公司 智慧票务系统 66万");
    JsonObject deal =
        app.get("/customers/" + customer.getLong("id") + "/opportunities")
            .json()
            .getJsonArray("items")
            .getJsonObject(0);
    List<String> before = stageLines(lisi.ask("漏斗"));

    JsonArray columns = app.get("/opportunities/board").json().getJsonArray("columns");
    long later = deal.getLong("stageId");
    for (int i = 0; i < columns.size(); i++) {
      JsonObject stage = columns.getJsonObject(i).getJsonObject("stage");
      if ("open".equals(stage.getString("kind"))) {
        later = stage.getLong("id");
      }
    }
    assertThat(later).as("a later open stage to move to").isNotEqualTo(deal.getLong("stageId"));
    JourneyClient.Response moved =
        app.post(
            "/opportunities/" + deal.getLong("id") + "/stage",
            new JsonObject().put("version", deal.getInteger("version")).put("stageId", later));
    assertThat(moved.status()).as(moved.body()).isEqualTo(200);

    assertThat(stageLines(lisi.ask("漏斗")))
        .as("the funnel's stages after the move")
        .isNotEqualTo(before);
  }

  /** The funnel card's stage lines, e.g. 「- 初步接触 10%：5 个 · ¥792万」. */
  private static List<String> stageLines(BotMessage funnel) {
    List<String> lines = funnel.text().lines().filter(l -> l.startsWith("- ")).toList();
    assertThat(lines).as(funnel.toString()).isNotEmpty();
    return lines;
  }

  @Test
  @DisplayName("typed 撤销 undoes the user's last change instead of looking for a customer named 撤销")
  void typedUndo() {
    Chat lisi = wecom("lisi");
    MiniApp app = wecomApp("lisi");
    newCustomer(lisi, app, "银杏湖生态农庄有限公司");

    BotMessage reply = lisi.ask("撤销");

    assertThat(reply.text()).doesNotContain("没有找到", "找不到");
    eventually(
        Duration.ofSeconds(10),
        "the new customer gone",
        () -> customerNamed(app, "银杏湖生态农庄有限公司") == null ? true : null);
  }

  @Test
  @DisplayName("@ a name that is not in the directory says so and claims nothing")
  void mentionOfSomeoneUnknown() {
    BotMessage reply = wecom("lisi").ask("@周七 帮忙看下报价");

    assertThat(reply.text()).contains("周七").doesNotContain("已通知");
  }

  @Test
  @DisplayName("a broken button key gets a clear answer once and no stack trace")
  void malformedButton() {
    Chat lisi = wecom("lisi");
    Response r =
        client.post(
            "/sandbox/api/click",
            new JsonObject()
                .put("platform", "wecom")
                .put("corpId", "wwhuaxin0001")
                .put("userId", "lisi")
                .put("taskId", "crm-none")
                .put("key", "undo:stage:5:abc"));
    assertThat(r.status()).isEqualTo(200);

    BotMessage reply = lisi.next(REPLY);
    assertThat(reply.text()).containsPattern("[\\u4e00-\\u9fa5]");
    assertThat(service.log()).doesNotContain("\tat ");
  }

  @Test
  @DisplayName("dates on chat cards are the company's (Asia/Shanghai), not UTC")
  void datesInTheCompanysZone() {
    Chat lisi = wecom("lisi");
    MiniApp app = wecomApp("lisi");
    newCustomer(lisi, app, "松涛茶业有限公司");
    lisi.ask("跟进 松涛茶业有限公司 电话聊了春茶订单");

    BotMessage found = lisi.ask("查 松涛茶业有限公司");

    LocalDate today = LocalDate.now(SHANGHAI);
    assertThat(found.text()).contains(today.getMonthValue() + "月" + today.getDayOfMonth() + "日");
  }

  @Test
  @DisplayName("a manager's error in the mini-app is Chinese and names nothing they may not see")
  void miniAppErrorsInChinese() {
    MiniApp wangwu = wecomApp("wangwu");
    MiniApp lisi = wecomApp("lisi");
    JsonObject theirs = newCustomer(wecom("lisi"), lisi, "云杉户外用品有限公司");

    Response r = wangwu.get("/customers/" + theirs.getLong("id") + "/contacts");

    assertThat(r.status()).isBetween(400, 499);
    assertThat(r.json().getString("message"))
        .containsPattern("[\\u4e00-\\u9fa5]")
        .doesNotContain("云杉户外", "李四");
    assertThat(r.body()).doesNotContain("云杉户外", "李四");
  }

  @Test
  @DisplayName("the 日报 arrives with its chart and a link that opens the report in the company")
  void dailyReportWithChart() {
    Chat zhangsan = client.chatFromStart("wecom", "wwhuaxin0001", "zhangsan");
    BotMessage report = zhangsan.waitFor(Duration.ofSeconds(60), "张三's 日报", m -> m.says("日报"));
    String chart = report.linkOrNull("查看图表");
    assertThat(chart).as("WeCom shows the chart behind 查看图表: " + report).isNotNull();
    assertThat(client.get(chart.substring(chart.indexOf("/charts/"))).status()).isEqualTo(200);
    String open = report.linkOrNull("打开报表");
    assertThat(open).as("打开报表 on " + report).isNotNull().contains("corpId=wwhuaxin0001");
    assertThat(client.get(open.substring(open.indexOf("/m/"))).status())
        .as("the page behind 打开报表")
        .isEqualTo(200);

    Chat zhaomin = client.chatFromStart("dingtalk", "dingsandbox0001", "manager01");
    BotMessage dingReport = zhaomin.waitFor(Duration.ofSeconds(60), "赵敏's 日报", m -> m.says("日报"));
    assertThat(dingReport.images())
        .as("DingTalk shows the chart inline: " + dingReport)
        .isNotEmpty();
    String image = dingReport.images().get(0);
    assertThat(client.get(image.substring(image.indexOf("/charts/"))).status()).isEqualTo(200);
  }

  static JsonArray contactsOf(MiniApp app, long customerId) {
    Response r = app.get("/customers/" + customerId + "/contacts");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().getJsonArray("items");
  }

  @ParameterizedTest
  @EnumSource(Team.class)
  @DisplayName(
      "a phone saved in the mini-app as +86 166-… is recognised when typed in chat as 166…: the rep"
          + " is told whose it is and adds anyway; a colleague who cannot see it learns no name and"
          + " cancels")
  void duplicatePhoneInChat(Team team) {
    Chat rep = client.chat(team.platform, team.corpId, team.rep);
    MiniApp repApp = client.miniApp(team.platform, team.corpId, team.rep);
    String phone = "1662023110" + team.ordinal();
    String international = "+86 166-2023-110" + team.ordinal();

    long first = newCustomer(rep, repApp, "岚山仪器").getLong("id");
    Response saved =
        repApp.post(
            "/customers/" + first + "/contacts",
            new JsonObject().put("name", "周经理").put("phones", new JsonArray().add(international)));
    assertThat(saved.status()).as(saved.body()).isEqualTo(201);

    long second = newCustomer(rep, repApp, "青岩仪表").getLong("id");
    BotMessage warning = rep.ask("青岩仪表的联系人改成吴经理 " + phone);
    assertThat(warning.text())
        .as(warning.toString())
        .contains("电话号码已存在", "「岚山仪器」的联系人「周经理」", "仍然添加", "取消");
    assertThat(contactsOf(repApp, second)).as("nothing is added before the tap").isEmpty();

    rep.tap(warning, "仍然添加");
    assertThat(rep.next(REPLY).text()).contains("已添加联系人");
    JsonArray added =
        eventually(
            Duration.ofSeconds(10),
            "吴经理 among 青岩仪表's contacts",
            () -> {
              JsonArray list = contactsOf(repApp, second);
              return list.isEmpty() ? null : list;
            });
    assertThat(added.encode()).contains("吴经理", phone);

    Chat colleague = client.chat(team.platform, team.corpId, team.colleague);
    MiniApp colleagueApp = client.miniApp(team.platform, team.corpId, team.colleague);
    long third = newCustomer(colleague, colleagueApp, "白鹭测控").getLong("id");
    BotMessage blind = colleague.ask("白鹭测控的联系人改成郑经理 " + phone);
    assertThat(blind.text())
        .as(blind.toString())
        .contains("该号码已被其他客户的联系人使用", "仍然添加", "取消")
        .doesNotContain("岚山仪器", "青岩仪表", "周经理", "吴经理");

    colleague.tap(blind, "取消");
    assertThat(colleague.next(REPLY).text()).contains("已取消");
    assertThat(contactsOf(colleagueApp, third)).isEmpty();
  }
}
