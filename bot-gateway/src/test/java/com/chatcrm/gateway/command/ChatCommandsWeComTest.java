package com.chatcrm.gateway.command;

import static com.chatcrm.engine.testing.Await.await;
import static com.chatcrm.engine.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.pool.PoolService;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.gateway.sandbox.SandboxCall;
import com.chatcrm.gateway.testing.WeComChat;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every intent of the command language through WeCom's real callback path: the sandbox posts a
 * signed, encrypted text message to our callback URL, the inbox hands it to {@link ChatCommands},
 * and the reply goes out through the outbox to the sandbox's message/send — where these tests read
 * it.
 */
class ChatCommandsWeComTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  // the WeCom chat path, wired once for the class; nobody here is an admin
  static WeComChat chat;
  static long lisi;
  static long wangwu;

  @BeforeAll
  static void start() throws Exception {
    chat = WeComChat.start(db.vertx(), db.pool(), Set.of());
    lisi = chat.userId("lisi");
    wangwu = chat.userId("wangwu");
  }

  @AfterAll
  static void stop() {
    chat.close();
  }

  // ------------------------------------------------------------------ one test per intent

  @Test
  @DisplayName(
      "add_customer: 新客户 … creates the customer with its contact and phone; a second time answers 查重")
  void addCustomer() throws Exception {
    String reply = chat.say("lisi", "新客户 星河传媒 联系人 周经理 13700002222");
    assertThat(reply).contains("已新建客户", "星河传媒", "周经理", "13700002222", "写跟进", "撤销");
    assertThat(chat.count("SELECT count(*) FROM customer WHERE name = '星河传媒'")).isEqualTo(1);
    assertThat(chat.count("SELECT count(*) FROM contact WHERE name = '周经理'")).isEqualTo(1);

    String again = chat.say("lisi", "新客户 星河传媒");
    assertThat(again).contains("客户已存在", "李四", "查看已有");
    assertThat(chat.count("SELECT count(*) FROM customer WHERE name = '星河传媒'")).isEqualTo(1);
  }

  @Test
  @DisplayName("log_followup: 跟进 … logs it with the method, and the next time becomes a reminder")
  void logFollowUp() throws Exception {
    chat.customer(lisi, "银河证券");
    String reply = chat.say("lisi", "跟进 银河 电话聊了续费 下周四下午再约");
    assertThat(reply).contains("已记录跟进", "银河证券", "电话", "电话聊了续费", "再约");
    assertThat(
            chat.count(
                "SELECT count(*) FROM follow_up f JOIN customer c ON c.id = f.customer_id AND c.tenant_id = f.tenant_id "
                    + "WHERE c.name = '银河证券' AND f.method = 'call'"))
        .isEqualTo(1);
    assertThat(
            chat.count(
                "SELECT count(*) FROM reminder r JOIN customer c ON c.id = r.customer_id AND c.tenant_id = r.tenant_id "
                    + "WHERE c.name = '银河证券'"))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("log_followup as a free sentence: 昨天去X开了需求会 is a meeting logged yesterday")
  void freeSentenceFollowUp() throws Exception {
    chat.customer(lisi, "北斗导航");
    String reply = chat.say("lisi", "昨天去北斗开了需求会");
    assertThat(reply).contains("已记录跟进", "北斗导航", "会议");
    assertThat(
            chat.count(
                "SELECT count(*) FROM follow_up f JOIN customer c ON c.id = f.customer_id AND c.tenant_id = f.tenant_id "
                    + "WHERE c.name = '北斗导航' AND f.method = 'meeting' AND f.happened_at < now() - interval '12 hours'"))
        .isEqualTo(1);
  }

  @Test
  @DisplayName(
      "set_reminder: 提醒我 明天上午10点 … creates a reminder with 完成 / 推迟 buttons; a past time is questioned")
  void setReminder() throws Exception {
    chat.customer(lisi, "天宫科技");
    String reply = chat.say("lisi", "提醒我 明天上午10点 给天宫发合同");
    assertThat(reply)
        .contains("已设置提醒", "10:00", "给天宫发合同", "天宫科技", "reminder.done:", "reminder.snooze:");
    assertThat(chat.count("SELECT count(*) FROM reminder WHERE text = '给天宫发合同'")).isEqualTo(1);

    String past = chat.say("lisi", "提醒我 昨天 给天宫打电话");
    assertThat(past).contains("过去");
    assertThat(chat.count("SELECT count(*) FROM reminder WHERE text = '给天宫打电话'")).isZero();
  }

  @Test
  @DisplayName("add_opportunity: 商机 X 名称 45万 方案报价 creates it in that stage")
  void addOpportunity() throws Exception {
    chat.customer(lisi, "神舟软件");
    String reply = chat.say("lisi", "商机 神舟 年度框架 45万 方案报价");
    assertThat(reply).contains("已新建商机", "神舟软件", "年度框架", "45万", "方案报价");
    assertThat(
            chat.count("SELECT count(*) FROM opportunity WHERE name = '年度框架' AND amount = 450000"))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("move_stage: X框架推进到谈判签约 moves the deal; X 赢单 wins it; 撤销 moves it back")
  void moveStage() throws Exception {
    Customer c = chat.customer(lisi, "嫦娥传媒");
    await(
        new OpportunityService(db.pool())
            .create(chat.as(lisi), NewOpportunity.of(c.id(), "框架合同", new BigDecimal("300000"))));
    String moved = chat.say("lisi", "嫦娥框架合同推进到谈判签约");
    assertThat(moved).contains("阶段已更新", "谈判签约", "框架合同");
    String won = chat.say("lisi", "嫦娥 赢单");
    assertThat(won).contains("赢单");
    assertThat(
            chat.count("SELECT count(*) FROM opportunity WHERE name = '框架合同' AND status = 'won'"))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("find_customer: 查 X lists what the sender may see; unknown names offer to create")
  void findCustomer() throws Exception {
    chat.customer(lisi, "玉兔电子");
    assertThat(chat.say("lisi", "查 玉兔")).contains("找到 1 个客户", "玉兔电子", "李四");
    assertThat(chat.say("lisi", "查 不存在的公司")).contains("没有找到", "新建客户");
  }

  @Test
  @DisplayName("pipeline: 漏斗 团队 answers the team's funnel by stage")
  void pipeline() throws Exception {
    assertThat(chat.say("zhangsan", "漏斗 团队")).contains("团队销售漏斗", "初步接触", "进行中");
  }

  @Test
  @DisplayName("daily_report: 日报 answers when and where the report comes")
  void dailyReport() throws Exception {
    assertThat(chat.say("zhangsan", "日报")).contains("销售日报", "当日赢单", "进行中");
  }

  @Test
  @DisplayName("todo: 待办 lists today's and overdue reminders")
  void todo() throws Exception {
    await(
        new ReminderService(db.pool())
            .create(
                chat.as(wangwu),
                com.chatcrm.engine.reminder.NewReminder.at(
                    Instant.now().plusSeconds(120), "回访银河的老客户")));
    String reply = chat.say("wangwu", "今天有什么待办");
    assertThat(reply).contains("今日待办", "回访银河的老客户", "reminder.done:");
  }

  @Test
  @DisplayName("pool and claim: 公海 lists the pool; 领取 X takes one")
  void poolAndClaim() throws Exception {
    Customer c = chat.customer(lisi, "蓝海科技");
    await(new PoolService(db.pool(), Clock.systemUTC()).release(chat.as(lisi), c.id(), "不再跟进"));
    assertThat(chat.say("wangwu", "公海")).contains("公海客户", "蓝海科技");
    assertThat(chat.say("wangwu", "领取 蓝海")).contains("已领取", "蓝海科技");
    assertThat(
            chat.count(
                "SELECT count(*) FROM customer WHERE name = '蓝海科技' AND owner_id = " + wangwu))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("transfer: 把X转给王五 hands the customer over")
  void transfer() throws Exception {
    chat.customer(lisi, "火星物流");
    assertThat(chat.say("lisi", "把火星物流转给王五")).contains("已转交", "王五");
    assertThat(
            chat.count(
                "SELECT count(*) FROM customer WHERE name = '火星物流' AND owner_id = " + wangwu))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("mention: @王五 X的报价你帮忙看下 records a mention about the customer")
  void mention() throws Exception {
    chat.customer(lisi, "木星能源");
    assertThat(chat.say("lisi", "@王五 木星的报价你帮忙看下")).contains("已通知同事", "@王五", "木星能源");
    assertThat(chat.count("SELECT count(*) FROM mention WHERE to_user_id = " + wangwu))
        .isEqualTo(1);
    eventually(
        () ->
            chat.sendsTo("wangwu").stream()
                .map(c -> c.body().encode())
                .filter(b -> b.contains("@了你") && b.contains("木星能源"))
                .toList(),
        l -> l.size() == 1);
  }

  @Test
  @DisplayName("help and unknown: 帮助 shows examples; an unrelated line gets a hint")
  void helpAndUnknown() throws Exception {
    assertThat(chat.say("lisi", "帮助")).contains("使用帮助", "新客户");
    assertThat(chat.say("lisi", "今天天气不错啊")).contains("没太明白");
  }

  @Test
  @DisplayName("a sender missing from the directory gets a clear answer, not an error")
  void unknownSender() throws Exception {
    // WeCom would not deliver to someone outside the directory, so read the reply from the outbox
    await(chat.wecom().post(chat.wecom().text(chat.corp(), "stranger", "漏斗")));
    String payload =
        eventually(
            () ->
                chat.text(
                    "SELECT coalesce(string_agg(payload::text, ''), '') FROM outbound_message"
                        + " WHERE recipient = 'stranger'"),
            s -> !s.isEmpty());
    assertThat(payload).contains("通讯录");
  }

  @Test
  @DisplayName(
      "two customers match: a card to choose, whose buttons run the line with the full name")
  void ambiguousCustomer() throws Exception {
    chat.customer(lisi, "金星电子");
    chat.customer(lisi, "金星化工");
    String reply = chat.say("lisi", "跟进 金星 电话聊了报价");
    assertThat(reply).contains("找到多个", "cmd:跟进 金星电子 电话聊了报价", "cmd:跟进 金星化工 电话聊了报价");
    assertThat(chat.count("SELECT count(*) FROM follow_up")).isGreaterThanOrEqualTo(0);

    int before = chat.sendsTo("lisi").size();
    String code = chat.sandbox().issueResponseCode(chat.corp().corpId());
    await(
        chat.wecom()
            .post(
                chat.wecom()
                    .cardClick(chat.corp(), "lisi", "task-amb", "cmd:跟进 金星化工 电话聊了报价", code)));
    List<SandboxCall> replies = eventually(() -> chat.sendsTo("lisi"), l -> l.size() > before);
    assertThat(replies.get(replies.size() - 1).body().encode()).contains("已记录跟进", "金星化工");
  }

  @Test
  @DisplayName("a missing slot gets one short question, and the rep's next line answers it")
  void followUpQuestions() throws Exception {
    chat.customer(lisi, "冥王星科技");
    assertThat(chat.say("lisi", "跟进 电话聊了续费")).contains("哪个客户");
    assertThat(chat.say("lisi", "冥王星")).contains("已记录跟进", "冥王星科技", "电话聊了续费");

    assertThat(chat.say("lisi", "提醒我 给冥王星发合同")).contains("什么时候");
    assertThat(chat.say("lisi", "明天上午10点")).contains("已设置提醒", "10:00", "给冥王星发合同");

    assertThat(chat.say("lisi", "提醒我 给冥王星寄发票")).contains("什么时候");
    assertThat(chat.say("lisi", "帮助"))
        .as("a command instead of an answer drops the question")
        .contains("使用帮助");
    assertThat(chat.say("lisi", "明天上午10点")).doesNotContain("已设置提醒");
  }

  @Test
  @DisplayName(
      "handling the same message twice (a retry) repeats the answer and creates nothing twice")
  void rerunIsHarmless() throws Exception {
    var first =
        await(
            chat.commands()
                .reply(chat.tenant().id(), "lisi", "提醒我 明天上午9点 重放测试", "wecom-msg-rerun-1"));
    var second =
        await(
            chat.commands()
                .reply(chat.tenant().id(), "lisi", "提醒我 明天上午9点 重放测试", "wecom-msg-rerun-1"));
    assertThat(second).isEqualTo(first);
    assertThat(chat.count("SELECT count(*) FROM reminder WHERE text = '重放测试'")).isEqualTo(1);
  }

  @Test
  @DisplayName("打开详情 opens the customer's page in the mini-app, logging in through the company")
  void detailOpensTheMiniApp() throws Exception {
    ChatCommands linked =
        new ChatCommands(db.pool(), Clock.systemUTC()).withMiniApp("https://crm.example.com/m/");
    var reply = await(linked.reply(chat.tenant().id(), "lisi", "新客户 谷神星影业", "detail-link-1"));
    var detail =
        reply.buttons().stream().filter(b -> "打开详情".equals(b.text())).findFirst().orElseThrow();
    assertThat(detail.opensUrl()).isTrue();
    assertThat(detail.url())
        .startsWith("https://crm.example.com/m/?corpId=" + chat.corp().corpId() + "#/customers/");
  }

  @Test
  @DisplayName(
      "写跟进 on a reminder card asks what happened, and the rep's next line becomes the follow-up")
  void writeFollowUpFromAReminderCard() throws Exception {
    Customer c = chat.customer(lisi, "木星动力设备");
    int before = chat.sendsTo("lisi").size();
    String code = chat.sandbox().issueResponseCode(chat.corp().corpId());
    await(
        chat.wecom()
            .post(
                chat.wecom()
                    .cardClick(chat.corp(), "lisi", "task-wf", "followup.new:" + c.id(), code)));
    SandboxCall update =
        eventually(
                () ->
                    chat.sandbox().calls("/cgi-bin/message/update_template_card").stream()
                        .filter(x -> code.equals(x.body().getString("response_code")))
                        .toList(),
                l -> !l.isEmpty())
            .get(0);
    assertThat(update.body().getJsonObject("button").getString("replace_name"))
        .isEqualTo("请在对话中输入跟进内容");
    List<SandboxCall> question = eventually(() -> chat.sendsTo("lisi"), l -> l.size() > before);
    assertThat(question.get(question.size() - 1).body().encode()).contains("木星动力设备");

    chat.say("lisi", "电话沟通了设备报价");
    assertThat(chat.count("SELECT count(*) FROM follow_up WHERE customer_id = " + c.id()))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("撤销 on a new customer deletes it again")
  void undo() throws Exception {
    String reply = chat.say("lisi", "新客户 土星文化");
    String key =
        new JsonObject(reply)
            .getJsonObject("template_card").getJsonArray("button_list").stream()
                .map(o -> ((JsonObject) o).getString("key"))
                .filter(k -> k.startsWith("undo:"))
                .findFirst()
                .orElseThrow();
    String code = chat.sandbox().issueResponseCode(chat.corp().corpId());
    await(chat.wecom().post(chat.wecom().cardClick(chat.corp(), "lisi", "task-undo", key, code)));
    SandboxCall update =
        eventually(
                () ->
                    chat.sandbox().calls("/cgi-bin/message/update_template_card").stream()
                        .filter(c -> code.equals(c.body().getString("response_code")))
                        .toList(),
                l -> !l.isEmpty())
            .get(0);
    assertThat(update.body().getJsonObject("button").getString("replace_name")).isEqualTo("✓ 已撤销");
    assertThat(
            chat.count("SELECT count(*) FROM customer WHERE name = '土星文化' AND deleted_at IS NULL"))
        .isZero();
  }

  @Test
  @DisplayName("POST /sandbox/parse answers the structured result and changes nothing")
  void parseApi() throws Exception {
    chat.customer(lisi, "海王星传媒");
    long before = chat.count("SELECT count(*) FROM customer");
    HttpResponse<Buffer> r =
        await(
            chat.client()
                .postAbs("http://127.0.0.1:" + chat.port() + "/sandbox/parse")
                .sendJsonObject(
                    new JsonObject()
                        .put("tenant", chat.corp().corpId())
                        .put("userId", "lisi")
                        .put("text", "提醒我 周四 16:00 给海王星发合同")
                        .put("now", "2026-11-23T10:00:00+08:00")));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject j = r.bodyAsJsonObject();
    assertThat(j.getString("intent")).isEqualTo("set_reminder");
    assertThat(j.getString("customer")).isEqualTo("海王星传媒");
    assertThat(j.getString("due")).isEqualTo("2026-11-26T16:00+08:00");
    assertThat(j.getString("content")).isEqualTo("给海王星发合同");
    assertThat(chat.count("SELECT count(*) FROM customer")).isEqualTo(before);
    assertThat(chat.count("SELECT count(*) FROM reminder WHERE text = '给海王星发合同'")).isZero();

    HttpResponse<Buffer> amount =
        await(
            chat.client()
                .postAbs("http://127.0.0.1:" + chat.port() + "/sandbox/parse")
                .sendJsonObject(
                    new JsonObject()
                        .put("tenant", String.valueOf(chat.tenant().id()))
                        .put("userId", "lisi")
                        .put("text", "商机 海王星 年度框架 八十万")));
    assertThat(amount.bodyAsJsonObject().getLong("amount")).isEqualTo(800000L);

    Customer moon = chat.customer(lisi, "天王星传媒");
    await(
        new OpportunityService(db.pool())
            .create(chat.as(lisi), NewOpportunity.of(moon.id(), "框架合同", BigDecimal.TEN)));
    HttpResponse<Buffer> move =
        await(
            chat.client()
                .postAbs("http://127.0.0.1:" + chat.port() + "/sandbox/parse")
                .sendJsonObject(
                    new JsonObject()
                        .put("tenant", chat.corp().corpId())
                        .put("userId", "lisi")
                        .put("text", "天王星框架合同推进到谈判")));
    assertThat(move.bodyAsJsonObject().getString("intent")).isEqualTo("move_stage");
    assertThat(move.bodyAsJsonObject().getString("customer")).isEqualTo("天王星传媒");
    assertThat(move.bodyAsJsonObject().getString("stage")).isEqualTo("谈判签约");

    HttpResponse<Buffer> bad =
        await(
            chat.client()
                .postAbs("http://127.0.0.1:" + chat.port() + "/sandbox/parse")
                .sendJsonObject(new JsonObject().put("text", "x")));
    assertThat(bad.statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName(
      "POST /sandbox/parse tells a level line and a typed 撤销 the way the chat answers them, changing nothing")
  void parseApiLevelAndUndo() throws Exception {
    chat.customer(lisi, "海卫传媒");
    JsonObject level = parse("海卫 级别改成成交");
    assertThat(level.getString("intent")).isEqualTo("set_level");
    assertThat(level.getString("customer")).isEqualTo("海卫传媒");
    assertThat(level.getString("level")).isEqualTo("deal");
    assertThat(level.containsKey("stage")).as("no stage move").isFalse();
    assertThat(chat.text("SELECT level FROM customer WHERE name = '海卫传媒'")).isEqualTo("potential");
    assertThat(parse("海卫 级别 意向").getString("level")).isEqualTo("intent");
    for (String undo : List.of("撤销", "撤回", "undo", "撤销一下")) {
      assertThat(parse(undo).getString("intent")).as(undo).isEqualTo("undo");
    }
    assertThat(parse("海卫 赢单").getString("intent"))
        .as("a win is still a stage move")
        .isEqualTo("move_stage");
  }

  private JsonObject parse(String line) throws Exception {
    HttpResponse<Buffer> r =
        await(
            chat.client()
                .postAbs("http://127.0.0.1:" + chat.port() + "/sandbox/parse")
                .sendJsonObject(
                    new JsonObject()
                        .put("tenant", chat.corp().corpId())
                        .put("userId", "lisi")
                        .put("text", line)));
    assertThat(r.statusCode()).as(line).isEqualTo(200);
    return r.bodyAsJsonObject();
  }
}
