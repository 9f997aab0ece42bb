package com.chatcrm.gateway.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.outbox.Outbox;
import com.chatcrm.engine.pool.PoolService;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantChannels;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.gateway.Backoff;
import com.chatcrm.gateway.inbound.CardActions;
import com.chatcrm.gateway.inbound.InboundProcessor;
import com.chatcrm.gateway.outbound.OutboxDispatcher;
import com.chatcrm.gateway.sandbox.SandboxCall;
import com.chatcrm.gateway.sandbox.SandboxCorp;
import com.chatcrm.gateway.sandbox.SandboxCorps;
import com.chatcrm.gateway.sandbox.WeComCallbackSimulator;
import com.chatcrm.gateway.sandbox.WeComSandbox;
import com.chatcrm.gateway.wecom.WeComApp;
import com.chatcrm.gateway.wecom.WeComCallbackHandler;
import com.chatcrm.gateway.wecom.WeComDirectorySync;
import com.chatcrm.gateway.wecom.WeComInboundHandler;
import com.chatcrm.gateway.wecom.WeComSender;
import com.chatcrm.gateway.wecom.WeComTenants;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every intent of the command language through WeCom's real callback path: the sandbox posts a signed,
 * encrypted text message to our callback URL, the inbox hands it to {@link ChatCommands}, and the reply
 * goes out through the outbox to the sandbox's message/send — where these tests read it.
 */
class ChatCommandsWeComTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static Vertx vertx;
  static Pool pool;
  static WeComSandbox sandbox;
  static WeComCallbackSimulator wecom;
  static WebClient client;
  static int port;
  static Tenant tenant;
  static final SandboxCorp corp = SandboxCorps.huaxin();
  static long lisi;
  static long wangwu;
  static ChatCommands commands;

  @BeforeAll
  static void start() throws Exception {
    vertx = db.vertx();
    pool = db.pool();
    client = WebClient.create(vertx);
    sandbox = new WeComSandbox(vertx).addCorp(corp);
    TenantService tenants = new TenantService(pool);
    TenantChannels channels = new TenantChannels(pool);
    tenant = await(tenants.register("wecom", corp.corpId(), corp.name(), null));
    await(channels.put(Actor.system(tenant.id(), "test"), "wecom", WeComTenants.settingsOf(
        new WeComApp(corp.corpId(), corp.agentId(), corp.secret(), corp.callbackToken(), corp.encodingAesKey()))));
    WeComTenants weComTenants = new WeComTenants(vertx, tenants, channels);
    Inbox inbox = new Inbox(pool);
    Outbox outbox = new Outbox(pool);
    Router router = Router.router(vertx);
    router.route("/sandbox/wecom/*").subRouter(sandbox.router());
    new WeComCallbackHandler(weComTenants, inbox, vertx.eventBus()).mount(router);
    Clock clock = Clock.systemUTC();
    commands = new ChatCommands(pool, clock, new com.chatcrm.gateway.notify.OutboxNotifier(
        new com.chatcrm.engine.notify.Recipients(pool), outbox, vertx.eventBus()));
    new ParseApi(pool, commands).mount(router);
    HttpServer server = await(vertx.createHttpServer().requestHandler(router).listen(0));
    port = server.actualPort();

    WeComSender sender = new WeComSender(vertx, client, "http://127.0.0.1:" + port + "/sandbox/wecom", weComTenants,
        new Backoff(3, Duration.ofMillis(20), Duration.ofMillis(100)));
    OrgService org = new OrgService(pool);
    WeComDirectorySync directory = new WeComDirectorySync(sender, org);
    await(directory.full(tenant.id(), Set.of()));
    lisi = await(org.userId(tenant.id(), "lisi"));
    wangwu = await(org.userId(tenant.id(), "wangwu"));
    CardActions cards = new CardActions(org, new ReminderService(pool), clock,
        new CommandButtons(pool, commands, outbox, vertx.eventBus(), clock));
    await(vertx.deployVerticle(new InboundProcessor(inbox,
        Map.of("wecom", new WeComInboundHandler(commands, outbox, sender, vertx.eventBus(), directory, cards)), 200)));
    await(vertx.deployVerticle(new OutboxDispatcher(outbox, Map.of("wecom", sender), 200)));
    wecom = new WeComCallbackSimulator(client, "http://127.0.0.1:" + port + "/callback/wecom");
  }

  @AfterAll
  static void stop() {
    client.close();
  }

  // ------------------------------------------------------------------ helpers

  private static List<SandboxCall> sendsTo(String user) {
    return sandbox.calls("/cgi-bin/message/send").stream()
        .filter(c -> user.equals(c.body().getString("touser")) && c.answer().getInteger("errcode") == 0).toList();
  }

  /** Types the line as {@code user} in WeCom and returns the text of the bot's reply. */
  private static String say(String user, String line) throws Exception {
    int before = sendsTo(user).size();
    HttpResponse<Buffer> ack = await(wecom.post(wecom.text(corp, user, line)));
    assertThat(ack.statusCode()).isEqualTo(200);
    List<SandboxCall> replies = eventually(() -> sendsTo(user), l -> l.size() > before);
    return replies.get(replies.size() - 1).body().encode();
  }

  private static Customer customer(long owner, String name) throws Exception {
    return await(new CustomerService(pool).create(Actor.user(tenant.id(), owner, Source.api("t")), NewCustomer.named(name)));
  }

  private static Actor as(long user) {
    return Actor.user(tenant.id(), user, Source.api("t-" + System.nanoTime()));
  }

  // ------------------------------------------------------------------ one test per intent

  @Test
  @DisplayName("add_customer: 新客户 … creates the customer with its contact and phone; a second time answers 查重")
  void addCustomer() throws Exception {
    String reply = say("lisi", "新客户 星河传媒 联系人 周经理 13700002222");
    assertThat(reply).contains("已新建客户", "星河传媒", "周经理", "13700002222", "写跟进", "撤销");
    assertThat(count("SELECT count(*) FROM customer WHERE name = '星河传媒'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM contact WHERE name = '周经理'")).isEqualTo(1);

    String again = say("lisi", "新客户 星河传媒");
    assertThat(again).contains("客户已存在", "李四", "查看已有");
    assertThat(count("SELECT count(*) FROM customer WHERE name = '星河传媒'")).isEqualTo(1);
  }

  @Test
  @DisplayName("log_followup: 跟进 … logs it with the method, and the next time becomes a reminder")
  void logFollowUp() throws Exception {
    customer(lisi, "银河证券");
    String reply = say("lisi", "跟进 银河 电话聊了续费 下周四下午再约");
    assertThat(reply).contains("已记录跟进", "银河证券", "电话", "电话聊了续费", "再约");
    assertThat(count("SELECT count(*) FROM follow_up f JOIN customer c ON c.id = f.customer_id AND c.tenant_id = f.tenant_id "
        + "WHERE c.name = '银河证券' AND f.method = 'call'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM reminder r JOIN customer c ON c.id = r.customer_id AND c.tenant_id = r.tenant_id "
        + "WHERE c.name = '银河证券'")).isEqualTo(1);
  }

  @Test
  @DisplayName("log_followup as a free sentence: 昨天去X开了需求会 is a meeting logged yesterday")
  void freeSentenceFollowUp() throws Exception {
    customer(lisi, "北斗导航");
    String reply = say("lisi", "昨天去北斗开了需求会");
    assertThat(reply).contains("已记录跟进", "北斗导航", "会议");
    assertThat(count("SELECT count(*) FROM follow_up f JOIN customer c ON c.id = f.customer_id AND c.tenant_id = f.tenant_id "
        + "WHERE c.name = '北斗导航' AND f.method = 'meeting' AND f.happened_at < now() - interval '12 hours'")).isEqualTo(1);
  }

  @Test
  @DisplayName("set_reminder: 提醒我 明天上午10点 … creates a reminder with 完成 / 推迟 buttons; a past time is questioned")
  void setReminder() throws Exception {
    customer(lisi, "天宫科技");
    String reply = say("lisi", "提醒我 明天上午10点 给天宫发合同");
    assertThat(reply).contains("已设置提醒", "10:00", "给天宫发合同", "天宫科技", "reminder.done:", "reminder.snooze:");
    assertThat(count("SELECT count(*) FROM reminder WHERE text = '给天宫发合同'")).isEqualTo(1);

    String past = say("lisi", "提醒我 昨天 给天宫打电话");
    assertThat(past).contains("过去");
    assertThat(count("SELECT count(*) FROM reminder WHERE text = '给天宫打电话'")).isZero();
  }

  @Test
  @DisplayName("add_opportunity: 商机 X 名称 45万 方案报价 creates it in that stage")
  void addOpportunity() throws Exception {
    customer(lisi, "神舟软件");
    String reply = say("lisi", "商机 神舟 年度框架 45万 方案报价");
    assertThat(reply).contains("已新建商机", "神舟软件", "年度框架", "45万", "方案报价");
    assertThat(count("SELECT count(*) FROM opportunity WHERE name = '年度框架' AND amount = 450000")).isEqualTo(1);
  }

  @Test
  @DisplayName("move_stage: X框架推进到谈判签约 moves the deal; X 赢单 wins it; 撤销 moves it back")
  void moveStage() throws Exception {
    Customer c = customer(lisi, "嫦娥传媒");
    await(new OpportunityService(pool).create(as(lisi), NewOpportunity.of(c.id(), "框架合同", new BigDecimal("300000"))));
    String moved = say("lisi", "嫦娥框架合同推进到谈判签约");
    assertThat(moved).contains("阶段已更新", "谈判签约", "框架合同");
    String won = say("lisi", "嫦娥 赢单");
    assertThat(won).contains("赢单");
    assertThat(count("SELECT count(*) FROM opportunity WHERE name = '框架合同' AND status = 'won'")).isEqualTo(1);
  }

  @Test
  @DisplayName("find_customer: 查 X lists what the sender may see; unknown names offer to create")
  void findCustomer() throws Exception {
    customer(lisi, "玉兔电子");
    assertThat(say("lisi", "查 玉兔")).contains("找到 1 个客户", "玉兔电子", "李四");
    assertThat(say("lisi", "查 不存在的公司")).contains("没有找到", "新建客户");
  }

  @Test
  @DisplayName("pipeline: 漏斗 团队 answers the team's funnel by stage")
  void pipeline() throws Exception {
    assertThat(say("zhangsan", "漏斗 团队")).contains("团队销售漏斗", "初步接触", "进行中");
  }

  @Test
  @DisplayName("daily_report: 日报 answers when and where the report comes")
  void dailyReport() throws Exception {
    assertThat(say("zhangsan", "日报")).contains("销售日报", "当日赢单", "进行中");
  }

  @Test
  @DisplayName("todo: 待办 lists today's and overdue reminders")
  void todo() throws Exception {
    await(new ReminderService(pool).create(as(wangwu),
        com.chatcrm.engine.reminder.NewReminder.at(Instant.now().plusSeconds(120), "回访银河的老客户")));
    String reply = say("wangwu", "今天有什么待办");
    assertThat(reply).contains("今日待办", "回访银河的老客户", "reminder.done:");
  }

  @Test
  @DisplayName("pool and claim: 公海 lists the pool; 领取 X takes one")
  void poolAndClaim() throws Exception {
    Customer c = customer(lisi, "蓝海科技");
    await(new PoolService(pool, Clock.systemUTC()).release(as(lisi), c.id(), "不再跟进"));
    assertThat(say("wangwu", "公海")).contains("公海客户", "蓝海科技");
    assertThat(say("wangwu", "领取 蓝海")).contains("已领取", "蓝海科技");
    assertThat(count("SELECT count(*) FROM customer WHERE name = '蓝海科技' AND owner_id = " + wangwu)).isEqualTo(1);
  }

  @Test
  @DisplayName("transfer: 把X转给王五 hands the customer over")
  void transfer() throws Exception {
    customer(lisi, "火星物流");
    assertThat(say("lisi", "把火星物流转给王五")).contains("已转交", "王五");
    assertThat(count("SELECT count(*) FROM customer WHERE name = '火星物流' AND owner_id = " + wangwu)).isEqualTo(1);
  }

  @Test
  @DisplayName("mention: @王五 X的报价你帮忙看下 records a mention about the customer")
  void mention() throws Exception {
    customer(lisi, "木星能源");
    assertThat(say("lisi", "@王五 木星的报价你帮忙看下")).contains("已通知同事", "@王五", "木星能源");
    assertThat(count("SELECT count(*) FROM mention WHERE to_user_id = " + wangwu)).isEqualTo(1);
    eventually(() -> sendsTo("wangwu").stream().map(c -> c.body().encode())
        .filter(b -> b.contains("@了你") && b.contains("木星能源")).toList(), l -> l.size() == 1);
  }

  @Test
  @DisplayName("help and unknown: 帮助 shows examples; an unrelated line gets a hint")
  void helpAndUnknown() throws Exception {
    assertThat(say("lisi", "帮助")).contains("使用帮助", "新客户");
    assertThat(say("lisi", "今天天气不错啊")).contains("没太明白");
  }

  @Test
  @DisplayName("a sender missing from the directory gets a clear answer, not an error")
  void unknownSender() throws Exception {
    // WeCom would not deliver to someone outside the directory, so read the reply from the outbox
    await(wecom.post(wecom.text(corp, "stranger", "漏斗")));
    String payload = eventually(() -> text("SELECT coalesce(string_agg(payload::text, ''), '') FROM outbound_message"
        + " WHERE recipient = 'stranger'"), s -> !s.isEmpty());
    assertThat(payload).contains("通讯录");
  }

  @Test
  @DisplayName("two customers match: a card to choose, whose buttons run the line with the full name")
  void ambiguousCustomer() throws Exception {
    customer(lisi, "金星电子");
    customer(lisi, "金星化工");
    String reply = say("lisi", "跟进 金星 电话聊了报价");
    assertThat(reply).contains("找到多个", "cmd:跟进 金星电子 电话聊了报价", "cmd:跟进 金星化工 电话聊了报价");
    assertThat(count("SELECT count(*) FROM follow_up")).isGreaterThanOrEqualTo(0);

    int before = sendsTo("lisi").size();
    String code = sandbox.issueResponseCode(corp.corpId());
    await(wecom.post(wecom.cardClick(corp, "lisi", "task-amb", "cmd:跟进 金星化工 电话聊了报价", code)));
    List<SandboxCall> replies = eventually(() -> sendsTo("lisi"), l -> l.size() > before);
    assertThat(replies.get(replies.size() - 1).body().encode()).contains("已记录跟进", "金星化工");
  }

  @Test
  @DisplayName("a missing slot gets one short question, and the rep's next line answers it")
  void followUpQuestions() throws Exception {
    customer(lisi, "冥王星科技");
    assertThat(say("lisi", "跟进 电话聊了续费")).contains("哪个客户");
    assertThat(say("lisi", "冥王星")).contains("已记录跟进", "冥王星科技", "电话聊了续费");

    assertThat(say("lisi", "提醒我 给冥王星发合同")).contains("什么时候");
    assertThat(say("lisi", "明天上午10点")).contains("已设置提醒", "10:00", "给冥王星发合同");

    assertThat(say("lisi", "提醒我 给冥王星寄发票")).contains("什么时候");
    assertThat(say("lisi", "帮助")).as("a command instead of an answer drops the question").contains("使用帮助");
    assertThat(say("lisi", "明天上午10点")).doesNotContain("已设置提醒");
  }

  @Test
  @DisplayName("handling the same message twice (a retry) repeats the answer and creates nothing twice")
  void rerunIsHarmless() throws Exception {
    var first = await(commands.reply(tenant.id(), "lisi", "提醒我 明天上午9点 重放测试", "wecom-msg-rerun-1"));
    var second = await(commands.reply(tenant.id(), "lisi", "提醒我 明天上午9点 重放测试", "wecom-msg-rerun-1"));
    assertThat(second).isEqualTo(first);
    assertThat(count("SELECT count(*) FROM reminder WHERE text = '重放测试'")).isEqualTo(1);
  }

  @Test
  @DisplayName("打开详情 opens the customer's page in the mini-app, logging in through the company")
  void detailOpensTheMiniApp() throws Exception {
    ChatCommands linked = new ChatCommands(pool, Clock.systemUTC()).withMiniApp("https://crm.example.com/m/");
    var reply = await(linked.reply(tenant.id(), "lisi", "新客户 谷神星影业", "detail-link-1"));
    var detail = reply.buttons().stream().filter(b -> "打开详情".equals(b.text())).findFirst().orElseThrow();
    assertThat(detail.opensUrl()).isTrue();
    assertThat(detail.url()).startsWith("https://crm.example.com/m/?corpId=" + corp.corpId() + "#/customers/");
  }

  @Test
  @DisplayName("写跟进 on a reminder card asks what happened, and the rep's next line becomes the follow-up")
  void writeFollowUpFromAReminderCard() throws Exception {
    Customer c = customer(lisi, "木星动力设备");
    int before = sendsTo("lisi").size();
    String code = sandbox.issueResponseCode(corp.corpId());
    await(wecom.post(wecom.cardClick(corp, "lisi", "task-wf", "followup.new:" + c.id(), code)));
    SandboxCall update = eventually(() -> sandbox.calls("/cgi-bin/message/update_template_card").stream()
        .filter(x -> code.equals(x.body().getString("response_code"))).toList(), l -> !l.isEmpty()).get(0);
    assertThat(update.body().getJsonObject("button").getString("replace_name")).isEqualTo("请在对话中输入跟进内容");
    List<SandboxCall> question = eventually(() -> sendsTo("lisi"), l -> l.size() > before);
    assertThat(question.get(question.size() - 1).body().encode()).contains("木星动力设备");

    say("lisi", "电话沟通了设备报价");
    assertThat(count("SELECT count(*) FROM follow_up WHERE customer_id = " + c.id())).isEqualTo(1);
  }

  @Test
  @DisplayName("撤销 on a new customer deletes it again")
  void undo() throws Exception {
    String reply = say("lisi", "新客户 土星文化");
    String key = new JsonObject(reply).getJsonObject("template_card").getJsonArray("button_list").stream()
        .map(o -> ((JsonObject) o).getString("key")).filter(k -> k.startsWith("undo:")).findFirst().orElseThrow();
    String code = sandbox.issueResponseCode(corp.corpId());
    await(wecom.post(wecom.cardClick(corp, "lisi", "task-undo", key, code)));
    SandboxCall update = eventually(() -> sandbox.calls("/cgi-bin/message/update_template_card").stream()
        .filter(c -> code.equals(c.body().getString("response_code"))).toList(), l -> !l.isEmpty()).get(0);
    assertThat(update.body().getJsonObject("button").getString("replace_name")).isEqualTo("✓ 已撤销");
    assertThat(count("SELECT count(*) FROM customer WHERE name = '土星文化' AND deleted_at IS NULL")).isZero();
  }

  @Test
  @DisplayName("POST /sandbox/parse answers the structured result and changes nothing")
  void parseApi() throws Exception {
    customer(lisi, "海王星传媒");
    long before = count("SELECT count(*) FROM customer");
    HttpResponse<Buffer> r = await(client.postAbs("http://127.0.0.1:" + port + "/sandbox/parse")
        .sendJsonObject(new JsonObject().put("tenant", corp.corpId()).put("userId", "lisi")
            .put("text", "提醒我 周四 16:00 给海王星发合同").put("now", "2026-11-23T10:00:00+08:00")));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject j = r.bodyAsJsonObject();
    assertThat(j.getString("intent")).isEqualTo("set_reminder");
    assertThat(j.getString("customer")).isEqualTo("海王星传媒");
    assertThat(j.getString("due")).isEqualTo("2026-11-26T16:00+08:00");
    assertThat(j.getString("content")).isEqualTo("给海王星发合同");
    assertThat(count("SELECT count(*) FROM customer")).isEqualTo(before);
    assertThat(count("SELECT count(*) FROM reminder WHERE text = '给海王星发合同'")).isZero();

    HttpResponse<Buffer> amount = await(client.postAbs("http://127.0.0.1:" + port + "/sandbox/parse")
        .sendJsonObject(new JsonObject().put("tenant", String.valueOf(tenant.id())).put("userId", "lisi")
            .put("text", "商机 海王星 年度框架 八十万")));
    assertThat(amount.bodyAsJsonObject().getLong("amount")).isEqualTo(800000L);

    Customer moon = customer(lisi, "天王星传媒");
    await(new OpportunityService(pool).create(as(lisi), NewOpportunity.of(moon.id(), "框架合同", BigDecimal.TEN)));
    HttpResponse<Buffer> move = await(client.postAbs("http://127.0.0.1:" + port + "/sandbox/parse")
        .sendJsonObject(new JsonObject().put("tenant", corp.corpId()).put("userId", "lisi")
            .put("text", "天王星框架合同推进到谈判")));
    assertThat(move.bodyAsJsonObject().getString("intent")).isEqualTo("move_stage");
    assertThat(move.bodyAsJsonObject().getString("customer")).isEqualTo("天王星传媒");
    assertThat(move.bodyAsJsonObject().getString("stage")).isEqualTo("谈判签约");

    HttpResponse<Buffer> bad = await(client.postAbs("http://127.0.0.1:" + port + "/sandbox/parse")
        .sendJsonObject(new JsonObject().put("text", "x")));
    assertThat(bad.statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("POST /sandbox/parse tells a level line and a typed 撤销 the way the chat answers them, changing nothing")
  void parseApiLevelAndUndo() throws Exception {
    customer(lisi, "海卫传媒");
    JsonObject level = parse("海卫 级别改成成交");
    assertThat(level.getString("intent")).isEqualTo("set_level");
    assertThat(level.getString("customer")).isEqualTo("海卫传媒");
    assertThat(level.getString("level")).isEqualTo("deal");
    assertThat(level.containsKey("stage")).as("no stage move").isFalse();
    assertThat(text("SELECT level FROM customer WHERE name = '海卫传媒'")).isEqualTo("potential");
    assertThat(parse("海卫 级别 意向").getString("level")).isEqualTo("intent");
    for (String undo : List.of("撤销", "撤回", "undo", "撤销一下")) {
      assertThat(parse(undo).getString("intent")).as(undo).isEqualTo("undo");
    }
    assertThat(parse("海卫 赢单").getString("intent")).as("a win is still a stage move").isEqualTo("move_stage");
  }

  private JsonObject parse(String line) throws Exception {
    HttpResponse<Buffer> r = await(client.postAbs("http://127.0.0.1:" + port + "/sandbox/parse")
        .sendJsonObject(new JsonObject().put("tenant", corp.corpId()).put("userId", "lisi").put("text", line)));
    assertThat(r.statusCode()).as(line).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private static String text(String sql) {
    try {
      return await(pool.preparedQuery(sql).execute(Tuple.tuple())).iterator().next().getString(0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long count(String sql) throws Exception {
    return await(pool.preparedQuery(sql).execute(Tuple.tuple())).iterator().next().getLong(0);
  }

  static <T> T eventually(Supplier<T> probe, Predicate<T> done) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(15);
    T value = probe.get();
    while (!done.test(value) && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
      value = probe.get();
    }
    assertThat(done.test(value)).as("condition reached within 15 s; last value %s", value).isTrue();
    return value;
  }

  static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }
}
