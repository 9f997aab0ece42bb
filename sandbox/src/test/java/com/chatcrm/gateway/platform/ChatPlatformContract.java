package com.chatcrm.gateway.platform;

import static com.chatcrm.engine.testing.Await.await;
import static com.chatcrm.engine.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.imports.ImportJob;
import com.chatcrm.engine.imports.ImportRow;
import com.chatcrm.engine.imports.ImportRunner;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.org.OrgMember;
import com.chatcrm.engine.port.ReportChartLinks;
import com.chatcrm.engine.reminder.NewReminder;
import com.chatcrm.engine.reminder.Reminder;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.reminder.ReminderStatus;
import com.chatcrm.engine.schedule.DailyReportVerticle;
import com.chatcrm.engine.schedule.FullDailyReport;
import com.chatcrm.engine.schedule.ReminderDispatchVerticle;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.MutableClock;
import com.chatcrm.gateway.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every chat platform does for the product, run against each platform's sandbox through the
 * production wiring ({@link TestGateway}): a subclass says how to speak as a member, tap a button,
 * read what a member received, forge a callback and how its company looks; the behaviour is stated
 * here once. Members 李四 and 王五 are reps, the manager an admin who leads a department. Another
 * platform (e.g. Feishu) is one more subclass; what only one platform does stays in its own tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ChatPlatformContract {

  static final String MINI_APP = "https://crm.example.com/m/";

  @RegisterExtension final FreshDatabase db = new FreshDatabase();

  protected TestGateway gateway;
  protected Tenant tenant;
  long lisi;
  long wangwu;

  // ------------------------------------------------------------------ what a platform says

  /** Registers the platform's sandbox company, the manager as its admin; syncs its directory. */
  protected abstract Tenant register(TestGateway gateway);

  /** The platform's id, e.g. "wecom". */
  protected abstract String platform();

  /** The platform's company id, which links name to log in with. */
  protected abstract String corpId();

  /** Platform user ids of 李四, 王五 and the manager; and the manager's name. */
  protected abstract String lisiId();

  protected abstract String wangwuId();

  protected abstract String managerId();

  protected abstract String managerName();

  /** How many members and departments the platform's directory lists. */
  protected abstract int members();

  protected abstract int departments();

  /** The platform's id of the department the manager leads. */
  protected abstract String managedDepartment();

  /** A signed callback carrying {@code line} typed by {@code user}, posted each time it is run. */
  protected abstract Supplier<HttpResponse<Buffer>> typed(String user, String line);

  /** Asserts the platform's acknowledgement of a recorded message. */
  protected abstract void assertAcknowledged(HttpResponse<Buffer> ack);

  /** Everything {@code user} received from the bot, one text per message, oldest first. */
  protected abstract List<String> received(String user);

  /** The buttons of a received message: label → key (or URL, for a link). */
  protected abstract Map<String, String> buttons(String message);

  /** Taps a button as {@code user}; answers what the user is shown as its outcome. */
  protected abstract String tap(String user, String label, String key);

  /** A signed callback carrying a picture sent by {@code user}. */
  protected abstract Supplier<HttpResponse<Buffer>> picture(String user);

  /** Answers what the bot said to {@code line} from someone missing from the directory. */
  protected abstract String answerToStranger(String line);

  /**
   * Posts the platform's forged, foreign and malformed callbacks, asserting each is refused as the
   * platform refuses it.
   */
  protected abstract void postForgeries();

  /** Asserts how the daily report shows {@code chartUrl}. */
  protected abstract void assertChartShown(String report, String chartUrl);

  // ------------------------------------------------------------------ set-up and helpers

  @BeforeAll
  void start() {
    gateway = TestGateway.withMiniApp(db.vertx(), db.pool(), MINI_APP);
    tenant = register(gateway);
    lisi = gateway.userId(tenant.id(), lisiId());
    wangwu = gateway.userId(tenant.id(), wangwuId());
  }

  @AfterAll
  void stop() {
    gateway.close();
  }

  Engine engine() {
    return gateway.engine();
  }

  /** Types the line as {@code user} and answers the bot's reply. */
  protected String say(String user, String line) {
    int before = received(user).size();
    assertAcknowledged(typed(user, line).get());
    List<String> got = eventually(() -> received(user), l -> l.size() > before);
    return got.get(got.size() - 1);
  }

  /** Messages {@code user} received after the first {@code before}. */
  List<String> since(String user, int before) {
    List<String> all = received(user);
    return all.subList(Math.min(before, all.size()), all.size());
  }

  Customer customer(long owner, String name) {
    return await(engine().customers().create(as(owner), NewCustomer.named(name)));
  }

  Actor as(long user) {
    return Actor.user(tenant.id(), user, Source.api("t-" + System.nanoTime()));
  }

  long count(String sql) {
    return gateway.count(sql);
  }

  // ------------------------------------------------------------------ pushes

  @Test
  @Order(1) // before any other reminder exists, so that the tick counts this one alone
  @DisplayName("a due reminder is pushed to its owner with 完成 and 推迟 buttons, once")
  void dueReminderIsPushed() {
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    MutableClock clock = new MutableClock(t0);
    Customer c = customer(lisi, "提醒推送科技");
    Reminder r =
        await(
            new ReminderService(db.pool(), clock)
                .create(
                    as(lisi), NewReminder.at(t0.plusSeconds(60), "给客户发合同").aboutCustomer(c.id())));
    ReminderDispatchVerticle reminders =
        new ReminderDispatchVerticle(
            db.pool(),
            engine().notifier(),
            clock,
            new ReminderDispatchVerticle.Settings(
                Duration.ofHours(1), 600, 100, Duration.ofMinutes(2)));
    await(db.vertx().deployVerticle(reminders));
    clock.set(t0.plusSeconds(60));
    assertThat(await(reminders.tick())).isEqualTo(1);

    String pushed =
        eventually(
                () -> received(lisiId()).stream().filter(m -> m.contains("给客户发合同")).toList(),
                l -> !l.isEmpty())
            .get(0);
    assertThat(pushed).contains("提醒推送科技");
    assertThat(buttons(pushed))
        .containsEntry("完成", "reminder.done:" + r.id())
        .containsEntry("推迟1小时", "reminder.snooze:" + r.id() + ":60");
    assertThat(await(reminders.tick())).isZero();
    assertThat(received(lisiId()).stream().filter(m -> m.contains("给客户发合同"))).hasSize(1);
  }

  @Test
  @DisplayName(
      "a finished 导入客户 tells the uploader the counts, with a button opening the import's page")
  void importDoneCard() {
    customer(lisi, "导入卡片已有科技");
    List<ImportRow> rows =
        List.of(
            new ImportRow(
                2, "导入卡片新科技", null, null, null, null, null, null, null, null, null, null, null,
                null),
            new ImportRow(
                3,
                "导入卡片已有科技",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null),
            new ImportRow(
                4, null, null, "意向", null, null, null, null, null, null, null, null, null, null));
    ImportJob job =
        await(
            engine().imports().upload(as(lisi), "卡片.xlsx", "card-" + platform(), List.of(), rows));
    await(engine().imports().start(as(lisi), job.id()));
    ImportRunner runner =
        new ImportRunner(db.pool(), engine().notifier(), ImportRunner.Settings.defaults());
    ImportRunner.Claim claim = await(runner.claim());
    while (await(runner.step(claim)) == ImportRunner.Step.MORE) {
      // the next batch
    }
    await(runner.finish(claim));

    String card =
        eventually(
                () -> received(lisiId()).stream().filter(m -> m.contains("客户导入完成")).toList(),
                l -> !l.isEmpty())
            .get(0);
    assertThat(card).contains("客户导入完成：新建 1，重复跳过 1，错误 1");
    assertThat(buttons(card))
        .hasEntrySatisfying(
            "查看导入结果",
            url ->
                assertThat(url)
                    .startsWith(MINI_APP + "?corpId=")
                    .endsWith("#/imports/" + job.id()));
  }

  @Test
  @Order(Integer.MAX_VALUE) // it tells every member: after the tests that read their chats
  @DisplayName(
      "the scheduled 日报 arrives with 打开报表 for the company and the day's chart on its signed link")
  void scheduledReportHasChart() {
    LocalDate day = LocalDate.of(2026, 11, 20);
    ReportChartLinks charts =
        (t, m, d) ->
            "https://crm.example.com/charts/daily/" + t + "/" + m + "/" + d + ".png?exp=9&sig=cd";
    Clock clock = Clock.fixed(Instant.parse("2026-11-20T12:00:00Z"), ZoneOffset.UTC);
    DailyReportVerticle reports =
        new DailyReportVerticle(
            db.pool(),
            new FullDailyReport(db.pool(), clock, MINI_APP + "#/report", charts),
            engine().notifier(),
            clock,
            DailyReportVerticle.Settings.defaults());
    assertThat(await(reports.sendDaily(tenant.id(), day))).isPositive();
    long manager = gateway.userId(tenant.id(), managerId());

    String report =
        eventually(
                () ->
                    received(managerId()).stream().filter(m -> m.contains("销售日报 11月20日")).toList(),
                l -> !l.isEmpty())
            .get(0);
    assertThat(buttons(report))
        .as("打开报表 logs in through the company")
        .containsEntry("打开报表", MINI_APP + "?corpId=" + corpId() + "#/report");
    assertChartShown(
        report,
        "https://crm.example.com/charts/daily/"
            + tenant.id()
            + "/"
            + manager
            + "/2026-11-20.png?exp=9&sig=cd");
  }

  // ------------------------------------------------------------------ callbacks in, replies out

  @Test
  @DisplayName("a line in → recorded, acknowledged, and the command language's answer out")
  void textInReplyOut() {
    assertThat(say(lisiId(), "帮助")).contains("使用帮助", "新客户");
  }

  @Test
  @DisplayName("the platform's re-delivery of a message changes nothing: one inbox row, one reply")
  void redeliveryIsHarmless() {
    Supplier<HttpResponse<Buffer>> cb = typed(wangwuId(), "新客户 重复投递科技");
    for (int i = 0; i < 3; i++) {
      assertAcknowledged(cb.get());
    }
    eventually(
        () -> received(wangwuId()).stream().filter(m -> m.contains("重复投递科技")).toList(),
        l -> !l.isEmpty());
    String key =
        gateway.text("SELECT platform_key FROM inbound_event WHERE payload::text LIKE '%重复投递科技%'");
    assertThat(count("SELECT count(*) FROM inbound_event WHERE payload::text LIKE '%重复投递科技%'"))
        .isEqualTo(1);
    String reply = "reply:" + platform() + ":" + key;
    // give a doubled reply every chance to show up before counting
    eventually(
        () ->
            count(
                "SELECT count(*) FROM outbound_message WHERE dedupe_key = '"
                    + reply
                    + "' AND status = 'sent'"),
        n -> n == 1L);
    assertThat(count("SELECT count(*) FROM outbound_message WHERE dedupe_key = '" + reply + "'"))
        .isEqualTo(1);
    assertThat(received(wangwuId()).stream().filter(m -> m.contains("重复投递科技"))).hasSize(1);
    assertThat(count("SELECT count(*) FROM customer WHERE name = '重复投递科技'")).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "完成 tapped completes the reminder as the tapping member and says so; someone else's is refused")
  void tappingDoneCompletesTheReminder() {
    ReminderService reminders = engine().reminders();
    Reminder mine =
        await(reminders.create(as(lisi), NewReminder.at(Instant.now().plusSeconds(3600), "回访华为")));
    assertThat(tap(lisiId(), "完成", "reminder.done:" + mine.id())).isEqualTo("✓ 已完成");
    assertThat(await(reminders.get(as(lisi), mine.id())).status()).isEqualTo(ReminderStatus.DONE);

    Reminder others =
        await(reminders.create(as(lisi), NewReminder.at(Instant.now().plusSeconds(3600), "别人的提醒")));
    assertThat(tap(wangwuId(), "完成", "reminder.done:" + others.id())).startsWith("无法处理");
    assertThat(await(reminders.get(as(lisi), others.id())).status())
        .isNotEqualTo(ReminderStatus.DONE);
  }

  @Test
  @DisplayName("forged, foreign and malformed callbacks are refused with a 4xx and write nothing")
  void forgeriesAreRefused() {
    long before = count("SELECT count(*) FROM inbound_event");
    postForgeries();
    assertThat(count("SELECT count(*) FROM inbound_event")).isEqualTo(before);
  }

  @Test
  @DisplayName(
      "a full directory sync brings departments, members, admins and leaders in, and repeats harmlessly")
  void directorySync() {
    await(gateway.gateway().syncDirectory(platform(), tenant.id()));
    assertThat(count("SELECT count(*) FROM crm_user WHERE tenant_id = " + tenant.id()))
        .as("a second sync adds nobody")
        .isEqualTo(members());
    assertThat(
            count(
                "SELECT count(*) FROM crm_user WHERE platform_user_id = '"
                    + managerId()
                    + "' AND role = 'admin' AND tenant_id = "
                    + tenant.id()))
        .isEqualTo(1);
    assertThat(count("SELECT count(*) FROM department WHERE tenant_id = " + tenant.id()))
        .isEqualTo(departments());
    assertThat(
            count(
                "SELECT count(*) FROM department_manager m JOIN department d ON d.tenant_id ="
                    + " m.tenant_id AND d.id = m.department_id WHERE d.platform_dept_id = '"
                    + managedDepartment()
                    + "' AND d.tenant_id = "
                    + tenant.id()))
        .as("the manager leads it")
        .isEqualTo(1);
    long manager = gateway.userId(tenant.id(), managerId());
    List<OrgMember> team =
        await(engine().orgQueries().team(Actor.user(tenant.id(), manager, Source.api("t"))));
    assertThat(team).extracting(OrgMember::name).contains(managerName(), "李四", "王五");
  }

  // ------------------------------------------------------------------ the command language

  @Test
  @DisplayName(
      "add_customer: 新客户 … creates the customer with its contact and phone; a second time answers 查重")
  void addCustomer() {
    String reply = say(lisiId(), "新客户 星河传媒 联系人 周经理 13700002222");
    assertThat(reply).contains("已新建客户", "星河传媒", "周经理", "13700002222");
    assertThat(buttons(reply)).containsKeys("写跟进", "撤销");
    assertThat(count("SELECT count(*) FROM customer WHERE name = '星河传媒'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM contact WHERE name = '周经理'")).isEqualTo(1);

    String again = say(lisiId(), "新客户 星河传媒");
    assertThat(again).contains("客户已存在", "李四");
    assertThat(buttons(again)).containsEntry("查看已有", "cmd:查 星河传媒");
    assertThat(count("SELECT count(*) FROM customer WHERE name = '星河传媒'")).isEqualTo(1);
  }

  @Test
  @DisplayName("log_followup: 跟进 … logs it with the method, and the next time becomes a reminder")
  void logFollowUp() {
    customer(lisi, "银河证券");
    String reply = say(lisiId(), "跟进 银河 电话聊了续费 下周四下午再约");
    assertThat(reply).contains("已记录跟进", "银河证券", "电话", "电话聊了续费", "再约");
    assertThat(
            count(
                "SELECT count(*) FROM follow_up f JOIN customer c ON c.id = f.customer_id AND c.tenant_id = f.tenant_id "
                    + "WHERE c.name = '银河证券' AND f.method = 'call'"))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM reminder r JOIN customer c ON c.id = r.customer_id AND c.tenant_id = r.tenant_id "
                    + "WHERE c.name = '银河证券'"))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("log_followup as a free sentence: 昨天去X开了需求会 is a meeting logged yesterday")
  void freeSentenceFollowUp() {
    customer(lisi, "北斗导航");
    assertThat(say(lisiId(), "昨天去北斗开了需求会")).contains("已记录跟进", "北斗导航", "会议");
    assertThat(
            count(
                "SELECT count(*) FROM follow_up f JOIN customer c ON c.id = f.customer_id AND c.tenant_id = f.tenant_id "
                    + "WHERE c.name = '北斗导航' AND f.method = 'meeting' AND f.happened_at < now() - interval '12 hours'"))
        .isEqualTo(1);
  }

  @Test
  @DisplayName(
      "set_reminder: 提醒我 明天上午10点 … with 完成 / 推迟 buttons (完成 tapped completes it); a past time is questioned")
  void setReminder() {
    customer(lisi, "天宫科技");
    String reply = say(lisiId(), "提醒我 明天上午10点 给天宫发合同");
    assertThat(reply).contains("已设置提醒", "10:00", "给天宫发合同", "天宫科技");
    Map<String, String> buttons = buttons(reply);
    assertThat(buttons.get("完成")).startsWith("reminder.done:");
    assertThat(buttons.get("推迟1小时")).startsWith("reminder.snooze:");
    assertThat(count("SELECT count(*) FROM reminder WHERE text = '给天宫发合同'")).isEqualTo(1);

    assertThat(tap(lisiId(), "完成", buttons.get("完成"))).isEqualTo("✓ 已完成");
    assertThat(count("SELECT count(*) FROM reminder WHERE text = '给天宫发合同' AND status = 'done'"))
        .isEqualTo(1);

    assertThat(say(lisiId(), "提醒我 昨天 给天宫打电话")).contains("过去");
    assertThat(count("SELECT count(*) FROM reminder WHERE text = '给天宫打电话'")).isZero();
  }

  @Test
  @DisplayName("add_opportunity: 商机 X 名称 45万 方案报价 creates it in that stage")
  void addOpportunity() {
    customer(lisi, "神舟软件");
    assertThat(say(lisiId(), "商机 神舟 年度框架 45万 方案报价"))
        .contains("已新建商机", "神舟软件", "年度框架", "45万", "方案报价");
    assertThat(count("SELECT count(*) FROM opportunity WHERE name = '年度框架' AND amount = 450000"))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("move_stage: X框架推进到谈判签约 moves the deal; X 赢单 wins it")
  void moveStage() {
    Customer c = customer(lisi, "嫦娥传媒");
    await(
        engine()
            .opportunities()
            .create(as(lisi), NewOpportunity.of(c.id(), "框架合同", new BigDecimal("300000"))));
    assertThat(say(lisiId(), "嫦娥框架合同推进到谈判签约")).contains("阶段已更新", "谈判签约", "框架合同");
    assertThat(say(lisiId(), "嫦娥 赢单")).contains("赢单");
    assertThat(count("SELECT count(*) FROM opportunity WHERE name = '框架合同' AND status = 'won'"))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("find_customer: 查 X lists what the sender may see; unknown names offer to create")
  void findCustomer() {
    customer(lisi, "玉兔电子");
    String found = say(lisiId(), "查 玉兔");
    assertThat(found).contains("找到 1 个客户", "玉兔电子", "李四");
    // the owner is said once, in the customer's line
    assertThat(found.split("负责人", -1)).hasSize(2);
    String none = say(lisiId(), "查 不存在的公司");
    assertThat(none).contains("没有找到", "新建客户");
    assertThat(buttons(none)).containsValue("cmd:新客户 不存在的公司");
  }

  @Test
  @DisplayName("pipeline: 漏斗 团队 answers the team's funnel by stage")
  void pipeline() {
    assertThat(say(managerId(), "漏斗 团队")).contains("团队销售漏斗", "初步接触", "进行中");
  }

  @Test
  @DisplayName("daily_report: 日报 answers the day's figures")
  void dailyReport() {
    assertThat(say(managerId(), "日报")).contains("销售日报", "当日赢单", "进行中");
  }

  @Test
  @DisplayName("todo: 待办 lists today's and overdue reminders")
  void todo() {
    await(
        engine()
            .reminders()
            .create(as(wangwu), NewReminder.at(Instant.now().plusSeconds(120), "回访银河的老客户")));
    String reply = say(wangwuId(), "今天有什么待办");
    assertThat(reply).contains("今日待办", "回访银河的老客户");
    assertThat(buttons(reply).get("完成第一项")).startsWith("reminder.done:");
  }

  @Test
  @DisplayName("pool and claim: 公海 lists the pool; 领取 X takes one")
  void poolAndClaim() {
    Customer c = customer(lisi, "蓝海科技");
    await(engine().poolService().release(as(lisi), c.id(), "不再跟进"));
    assertThat(say(wangwuId(), "公海")).contains("公海客户", "蓝海科技");
    assertThat(say(wangwuId(), "领取 蓝海")).contains("已领取", "蓝海科技");
    assertThat(count("SELECT count(*) FROM customer WHERE name = '蓝海科技' AND owner_id = " + wangwu))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("跟进 on a customer in the pool says it is there and offers 领取, not a new customer")
  void followUpOnAPoolCustomer() {
    Customer c = customer(lisi, "碧海航运");
    await(engine().poolService().release(as(lisi), c.id(), "不再跟进"));
    String reply = say(wangwuId(), "跟进 碧海航运 打了电话");
    assertThat(reply).contains("公海", "碧海航运").doesNotContain("新建客户");
    assertThat(buttons(reply)).containsValue("cmd:领取 碧海航运");
    assertThat(count("SELECT count(*) FROM follow_up WHERE customer_id = " + c.id())).isZero();
  }

  @Test
  @DisplayName("transfer: 把X转给王五 hands the customer over")
  void transfer() {
    customer(lisi, "火星物流");
    assertThat(say(lisiId(), "把火星物流转给王五")).contains("已转交", "王五");
    assertThat(count("SELECT count(*) FROM customer WHERE name = '火星物流' AND owner_id = " + wangwu))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("mention: @王五 X的报价你帮忙看下 (by name) records a mention and tells 王五, once")
  void mention() {
    customer(lisi, "木星能源");
    assertThat(say(lisiId(), "@王五 木星的报价你帮忙看下")).contains("已通知同事", "@王五", "木星能源");
    assertThat(
            count(
                "SELECT count(*) FROM mention WHERE to_user_id = "
                    + wangwu
                    + " AND from_user_id = "
                    + lisi))
        .isEqualTo(1);
    eventually(
        () ->
            received(wangwuId()).stream()
                .filter(m -> m.contains("@了你") && m.contains("木星能源"))
                .toList(),
        l -> l.size() == 1);
  }

  @Test
  @DisplayName("help and unknown: 帮助 shows examples; an unrelated line gets a hint")
  void helpAndUnknown() {
    assertThat(say(lisiId(), "帮助")).contains("使用帮助", "新客户");
    assertThat(say(lisiId(), "今天天气不错啊")).contains("没太明白");
  }

  @Test
  @DisplayName("a picture is answered that only text is understood")
  void pictureGetsTheOnlyTextAnswer() {
    int before = received(lisiId()).size();
    assertAcknowledged(picture(lisiId()).get());
    List<String> got = eventually(() -> received(lisiId()), l -> l.size() > before);
    assertThat(got.get(got.size() - 1)).contains("目前只能处理文字消息");
  }

  @Test
  @DisplayName("a sender missing from the directory gets a clear answer, not an error")
  void unknownSender() {
    assertThat(answerToStranger("漏斗")).contains("通讯录");
  }

  @Test
  @DisplayName(
      "two customers match: buttons to choose; tapping one runs the line with the full name")
  void ambiguousCustomer() {
    customer(lisi, "金星电子");
    customer(lisi, "金星化工");
    String reply = say(lisiId(), "跟进 金星 电话聊了报价");
    assertThat(reply).contains("找到多个");
    assertThat(buttons(reply))
        .containsEntry("金星电子", "cmd:跟进 金星电子 电话聊了报价")
        .containsEntry("金星化工", "cmd:跟进 金星化工 电话聊了报价");

    int before = received(lisiId()).size();
    tap(lisiId(), "金星化工", "cmd:跟进 金星化工 电话聊了报价");
    eventually(
        () ->
            since(lisiId(), before).stream()
                .filter(m -> m.contains("已记录跟进") && m.contains("金星化工") && m.contains("电话聊了报价"))
                .toList(),
        l -> !l.isEmpty());
    assertThat(
            count(
                "SELECT count(*) FROM follow_up f JOIN customer c ON c.id = f.customer_id AND c.tenant_id = f.tenant_id "
                    + "WHERE c.name = '金星化工'"))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM follow_up f JOIN customer c ON c.id = f.customer_id AND c.tenant_id = f.tenant_id "
                    + "WHERE c.name = '金星电子'"))
        .isZero();
  }

  @Test
  @DisplayName("撤销 tapped on a new customer deletes it again")
  void undo() {
    String reply = say(lisiId(), "新客户 土星文化");
    String key = buttons(reply).get("撤销");
    assertThat(key).matches("undo:customer:\\d+");
    assertThat(tap(lisiId(), "撤销", key)).isEqualTo("✓ 已撤销");
    assertThat(count("SELECT count(*) FROM customer WHERE name = '土星文化' AND deleted_at IS NULL"))
        .isZero();
  }

  @Test
  @DisplayName("a missing slot gets one short question, and the rep's next line answers it")
  void followUpQuestions() {
    customer(lisi, "冥王星科技");
    assertThat(say(lisiId(), "跟进 电话聊了续费")).contains("哪个客户");
    assertThat(say(lisiId(), "冥王星")).contains("已记录跟进", "冥王星科技", "电话聊了续费");

    assertThat(say(lisiId(), "提醒我 给冥王星发合同")).contains("什么时候");
    assertThat(say(lisiId(), "明天上午10点")).contains("已设置提醒", "10:00", "给冥王星发合同");

    assertThat(say(lisiId(), "提醒我 给冥王星寄发票")).contains("什么时候");
    assertThat(say(lisiId(), "帮助"))
        .as("a command instead of an answer drops the question")
        .contains("使用帮助");
    assertThat(say(lisiId(), "明天上午10点")).doesNotContain("已设置提醒");
  }

  @Test
  @DisplayName(
      "handling the same message twice (a retry) repeats the answer and creates nothing twice")
  void rerunIsHarmless() {
    var commands = gateway.gateway().commands();
    String key = platform() + "-msg-rerun-1";
    var first = await(commands.reply(tenant.id(), lisiId(), "提醒我 明天上午9点 重放测试", key));
    var second = await(commands.reply(tenant.id(), lisiId(), "提醒我 明天上午9点 重放测试", key));
    assertThat(second).isEqualTo(first);
    assertThat(count("SELECT count(*) FROM reminder WHERE text = '重放测试'")).isEqualTo(1);
  }
}
