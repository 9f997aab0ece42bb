package com.chatcrm.gateway.command;

import static com.chatcrm.engine.testing.Await.await;
import static com.chatcrm.engine.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.db.DatabaseOutage;
import com.chatcrm.engine.inbox.CallbackSignatures;
import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.engine.notify.Recipients;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.outbox.Outbox;
import com.chatcrm.engine.pool.PoolService;
import com.chatcrm.engine.reminder.NewReminder;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantChannels;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.gateway.Backoff;
import com.chatcrm.gateway.dingtalk.DingTalkCallbackHandler;
import com.chatcrm.gateway.dingtalk.DingTalkDirectorySync;
import com.chatcrm.gateway.dingtalk.DingTalkInboundHandler;
import com.chatcrm.gateway.dingtalk.DingTalkSender;
import com.chatcrm.gateway.dingtalk.DingTalkTenants;
import com.chatcrm.gateway.inbound.CardActions;
import com.chatcrm.gateway.inbound.InboundProcessor;
import com.chatcrm.gateway.notify.OutboxNotifier;
import com.chatcrm.gateway.outbound.OutboxDispatcher;
import com.chatcrm.gateway.sandbox.DingTalkCallbackSimulator;
import com.chatcrm.gateway.sandbox.DingTalkSandbox;
import com.chatcrm.gateway.sandbox.SandboxCall;
import com.chatcrm.gateway.sandbox.SandboxCorp;
import com.chatcrm.gateway.sandbox.SandboxDingTalkCorp;
import com.chatcrm.gateway.sandbox.SandboxDingTalkCorps;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every intent of the command language through DingTalk's real callback path: the simulator posts a
 * signed robot message to our callback URL, the inbox hands it to {@link ChatCommands} (with the
 * colleagues the platform says were @-ed), and the reply goes out through the outbox to the
 * sandbox's session webhook — where these tests read it. DingTalk has no click-back buttons: a
 * button is a markdown link {@code dtmd://dingtalkclient/sendMessage?content=...}, and tapping it
 * sends that content as a new message, which is what {@link #tap} does.
 */
class ChatCommandsDingTalkTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static Vertx vertx;
  static Pool pool;
  static DingTalkSandbox sandbox;
  static DingTalkCallbackSimulator dingtalk;
  static WebClient client;
  static Tenant tenant;
  static final SandboxDingTalkCorp corp = SandboxDingTalkCorps.dingyun();

  /** 李四 (staff04) and 王五 (staff05), salespeople of 华东销售部 led by 赵敏 (manager01); 钱进 is staff02. */
  static long lisi;

  static long wangwu;
  static long qianjin;
  static ChatCommands commands;

  @BeforeAll
  static void start() throws Exception {
    vertx = db.vertx();
    pool = db.pool();
    client = WebClient.create(vertx);
    sandbox = new DingTalkSandbox(vertx).addCorp(corp);
    sandbox.putMember(
        corp.corpId(), new SandboxCorp.Member("staff04", "李四", "13900000004", List.of(10L), false));
    sandbox.putMember(
        corp.corpId(), new SandboxCorp.Member("staff05", "王五", "13900000005", List.of(10L), false));
    TenantService tenants = new TenantService(pool);
    TenantChannels channels = new TenantChannels(pool);
    tenant = await(tenants.register("dingtalk", corp.corpId(), corp.name(), null));
    await(
        channels.put(
            Actor.system(tenant.id(), "test"),
            "dingtalk",
            SandboxDingTalkCorps.settings(corp, null)));
    DingTalkTenants dingTalkTenants = new DingTalkTenants(vertx, tenants, channels);
    Inbox inbox = new Inbox(pool);
    Outbox outbox = new Outbox(pool);
    Router router = Router.router(vertx);
    router.route("/sandbox/dingtalk/*").subRouter(sandbox.router());
    Clock clock = Clock.systemUTC();
    new DingTalkCallbackHandler(
            dingTalkTenants,
            inbox,
            new CallbackSignatures(pool),
            vertx.eventBus(),
            clock,
            new DatabaseOutage(vertx, pool))
        .mount(router);
    int port = await(vertx.createHttpServer().requestHandler(router).listen(0)).actualPort();
    String sandboxBase = "http://127.0.0.1:" + port + "/sandbox/dingtalk";

    DingTalkSender sender =
        new DingTalkSender(
            vertx,
            client,
            sandboxBase,
            sandboxBase,
            dingTalkTenants,
            new Backoff(3, Duration.ofMillis(20), Duration.ofMillis(100)),
            clock);
    OrgService org = new OrgService(pool);
    DingTalkDirectorySync directory = new DingTalkDirectorySync(sender, org);
    await(directory.full(tenant.id()));
    lisi = await(org.userId(tenant.id(), "staff04"));
    wangwu = await(org.userId(tenant.id(), "staff05"));
    qianjin = await(org.userId(tenant.id(), "staff02"));
    commands =
        new ChatCommands(
            pool, clock, new OutboxNotifier(new Recipients(pool), outbox, vertx.eventBus()));
    CardActions cards =
        new CardActions(
            org,
            new ReminderService(pool),
            clock,
            new CommandButtons(pool, commands, outbox, vertx.eventBus(), clock));
    await(
        vertx.deployVerticle(
            new InboundProcessor(
                inbox,
                Map.of(
                    "dingtalk",
                    new DingTalkInboundHandler(
                        commands, outbox, vertx.eventBus(), directory, cards)),
                200)));
    await(vertx.deployVerticle(new OutboxDispatcher(outbox, Map.of("dingtalk", sender), 200)));
    dingtalk =
        new DingTalkCallbackSimulator(
            client, "http://127.0.0.1:" + port + "/callback/dingtalk", sandbox, sandboxBase);
  }

  @AfterAll
  static void stop() {
    client.close();
  }

  // ------------------------------------------------------------------ helpers

  /** Successful session-webhook posts into one conversation. */
  private static List<SandboxCall> postsTo(String conversationId) {
    return sandbox.calls("/robot/sendBySession").stream()
        .filter(c -> c.answer().getInteger("errcode") == 0)
        .filter(
            c ->
                conversationId.equals(
                    sandbox
                        .session(c.body().getJsonObject("_query").getString("session"))
                        .conversationId()))
        .toList();
  }

  /** The text of a robot webhook post, whatever its shape. */
  private static String contentOf(SandboxCall post) {
    JsonObject b = post.body();
    return switch (b.getString("msgtype")) {
      case "text" -> b.getJsonObject("text").getString("content");
      case "markdown" -> b.getJsonObject("markdown").getString("text");
      case "actionCard" -> b.getJsonObject("actionCard").getString("text");
      default -> b.encode();
    };
  }

  /**
   * One-to-one messages the robot sent through the OpenAPI (pushes to a user outside a
   * conversation).
   */
  private static List<String> pushedTo(String staffId) {
    return sandbox.calls("/v1.0/robot/oToMessages/batchSend").stream()
        .filter(
            c ->
                c.body().getJsonArray("userIds").contains(staffId)
                    && c.answer().getInteger("httpStatus") == 200)
        .map(c -> c.body().getString("msgParam"))
        .toList();
  }

  /** Posts a robot callback and returns the text of the bot's answer in that conversation. */
  private static String send(DingTalkCallbackSimulator.RobotCallback cb) throws Exception {
    String conversation = cb.body().getString("conversationId");
    int before = postsTo(conversation).size();
    HttpResponse<Buffer> ack = await(dingtalk.post(cb));
    assertThat(ack.statusCode()).isEqualTo(200);
    List<SandboxCall> replies = eventually(() -> postsTo(conversation), l -> l.size() > before);
    return contentOf(replies.get(replies.size() - 1));
  }

  /**
   * Types the line as {@code staffId} to the robot one-to-one and returns the text of its reply.
   */
  private static String say(String staffId, String line) throws Exception {
    return send(dingtalk.single(corp, staffId, line, Duration.ofMinutes(90)));
  }

  /**
   * Says the line in a group, @-ing the robot and {@code colleagues}; returns the text of the
   * reply.
   */
  private static String sayInGroup(
      String staffId, String group, String line, List<String> colleagues) throws Exception {
    return send(dingtalk.group(corp, staffId, group, line, colleagues, Duration.ofMinutes(90)));
  }

  private static final Pattern LINK =
      Pattern.compile("\\[([^\\]]+)]\\(dtmd://dingtalkclient/sendMessage\\?content=([^)]+)\\)");

  /** The command links of a reply: the button's label → the text tapping it sends. */
  private static Map<String, String> links(String reply) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = LINK.matcher(reply);
    while (m.find()) {
      out.put(m.group(1), URLDecoder.decode(m.group(2), StandardCharsets.UTF_8));
    }
    return out;
  }

  /**
   * Taps the button labelled {@code label} of a reply, as {@code staffId}: sends what the link
   * says.
   */
  private static String tap(String staffId, String reply, String label) throws Exception {
    String content = links(reply).get(label);
    assertThat(content).as("a command link %s in %s", label, reply).isNotNull();
    return say(staffId, content);
  }

  private static Customer customer(long owner, String name) throws Exception {
    return await(
        new CustomerService(pool)
            .create(Actor.user(tenant.id(), owner, Source.api("t")), NewCustomer.named(name)));
  }

  private static Actor as(long user) {
    return Actor.user(tenant.id(), user, Source.api("t-" + System.nanoTime()));
  }

  // ------------------------------------------------------------------ one test per intent

  @Test
  @DisplayName(
      "add_customer: 新客户 … creates the customer with its contact and phone; a second time answers 查重")
  void addCustomer() throws Exception {
    String reply = say("staff04", "新客户 星河传媒 联系人 周经理 13700002222");
    assertThat(reply).contains("已新建客户", "星河传媒", "周经理", "13700002222");
    assertThat(links(reply)).containsKeys("写跟进", "撤销");
    assertThat(count("SELECT count(*) FROM customer WHERE name = '星河传媒'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM contact WHERE name = '周经理'")).isEqualTo(1);

    String again = say("staff04", "新客户 星河传媒");
    assertThat(again).contains("客户已存在", "李四");
    assertThat(links(again)).containsEntry("查看已有", "查看已有 #cmd:查 星河传媒");
    assertThat(count("SELECT count(*) FROM customer WHERE name = '星河传媒'")).isEqualTo(1);
  }

  @Test
  @DisplayName("log_followup: 跟进 … logs it with the method, and the next time becomes a reminder")
  void logFollowUp() throws Exception {
    customer(lisi, "银河证券");
    String reply = say("staff04", "跟进 银河 电话聊了续费 下周四下午再约");
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
  void freeSentenceFollowUp() throws Exception {
    customer(lisi, "北斗导航");
    String reply = say("staff04", "昨天去北斗开了需求会");
    assertThat(reply).contains("已记录跟进", "北斗导航", "会议");
    assertThat(
            count(
                "SELECT count(*) FROM follow_up f JOIN customer c ON c.id = f.customer_id AND c.tenant_id = f.tenant_id "
                    + "WHERE c.name = '北斗导航' AND f.method = 'meeting' AND f.happened_at < now() - interval '12 hours'"))
        .isEqualTo(1);
  }

  @Test
  @DisplayName(
      "set_reminder: 提醒我 明天上午10点 … with 完成 / 推迟 links (完成 tapped completes it); a past time is questioned")
  void setReminder() throws Exception {
    customer(lisi, "天宫科技");
    String reply = say("staff04", "提醒我 明天上午10点 给天宫发合同");
    assertThat(reply).contains("已设置提醒", "10:00", "给天宫发合同", "天宫科技");
    assertThat(links(reply).get("完成")).startsWith("完成 #reminder.done:");
    assertThat(links(reply).get("推迟1小时")).startsWith("推迟1小时 #reminder.snooze:");
    assertThat(count("SELECT count(*) FROM reminder WHERE text = '给天宫发合同'")).isEqualTo(1);

    assertThat(tap("staff04", reply, "完成")).isEqualTo("✓ 已完成");
    assertThat(count("SELECT count(*) FROM reminder WHERE text = '给天宫发合同' AND status = 'done'"))
        .isEqualTo(1);

    String past = say("staff04", "提醒我 昨天 给天宫打电话");
    assertThat(past).contains("过去");
    assertThat(count("SELECT count(*) FROM reminder WHERE text = '给天宫打电话'")).isZero();
  }

  @Test
  @DisplayName("add_opportunity: 商机 X 名称 45万 方案报价 creates it in that stage")
  void addOpportunity() throws Exception {
    customer(lisi, "神舟软件");
    String reply = say("staff04", "商机 神舟 年度框架 45万 方案报价");
    assertThat(reply).contains("已新建商机", "神舟软件", "年度框架", "45万", "方案报价");
    assertThat(count("SELECT count(*) FROM opportunity WHERE name = '年度框架' AND amount = 450000"))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("move_stage: X框架推进到谈判签约 moves the deal; X 赢单 wins it")
  void moveStage() throws Exception {
    Customer c = customer(lisi, "嫦娥传媒");
    await(
        new OpportunityService(pool)
            .create(as(lisi), NewOpportunity.of(c.id(), "框架合同", new BigDecimal("300000"))));
    String moved = say("staff04", "嫦娥框架合同推进到谈判签约");
    assertThat(moved).contains("阶段已更新", "谈判签约", "框架合同");
    assertThat(say("staff04", "嫦娥 赢单")).contains("赢单");
    assertThat(count("SELECT count(*) FROM opportunity WHERE name = '框架合同' AND status = 'won'"))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("find_customer: 查 X lists what the sender may see; unknown names offer to create")
  void findCustomer() throws Exception {
    customer(lisi, "玉兔电子");
    assertThat(say("staff04", "查 玉兔")).contains("找到 1 个客户", "玉兔电子", "李四");
    String none = say("staff04", "查 不存在的公司");
    assertThat(none).contains("没有找到");
    assertThat(links(none).values()).anyMatch(s -> s.endsWith("#cmd:新客户 不存在的公司"));
  }

  @Test
  @DisplayName("pipeline: 漏斗 团队 answers the team's funnel by stage")
  void pipeline() throws Exception {
    assertThat(say("manager01", "漏斗 团队")).contains("团队销售漏斗", "初步接触", "进行中");
  }

  @Test
  @DisplayName("daily_report: 日报 answers the day's figures")
  void dailyReport() throws Exception {
    assertThat(say("manager01", "日报")).contains("销售日报", "当日赢单", "进行中");
  }

  @Test
  @DisplayName("todo: 待办 lists today's and overdue reminders")
  void todo() throws Exception {
    await(
        new ReminderService(pool)
            .create(as(wangwu), NewReminder.at(Instant.now().plusSeconds(120), "回访银河的老客户")));
    String reply = say("staff05", "今天有什么待办");
    assertThat(reply).contains("今日待办", "回访银河的老客户");
    assertThat(links(reply).get("完成第一项")).contains("#reminder.done:");
  }

  @Test
  @DisplayName("pool and claim: 公海 lists the pool; 领取 X takes one")
  void poolAndClaim() throws Exception {
    Customer c = customer(lisi, "蓝海科技");
    await(new PoolService(pool, Clock.systemUTC()).release(as(lisi), c.id(), "不再跟进"));
    assertThat(say("staff05", "公海")).contains("公海客户", "蓝海科技");
    assertThat(say("staff05", "领取 蓝海")).contains("已领取", "蓝海科技");
    assertThat(count("SELECT count(*) FROM customer WHERE name = '蓝海科技' AND owner_id = " + wangwu))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("transfer: 把X转给王五 hands the customer over")
  void transfer() throws Exception {
    customer(lisi, "火星物流");
    assertThat(say("staff04", "把火星物流转给王五")).contains("已转交", "王五");
    assertThat(count("SELECT count(*) FROM customer WHERE name = '火星物流' AND owner_id = " + wangwu))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("mention: @王五 X的报价你帮忙看下 (one-to-one, by name) records a mention and tells 王五")
  void mention() throws Exception {
    customer(lisi, "木星能源");
    assertThat(say("staff04", "@王五 木星的报价你帮忙看下")).contains("已通知同事", "@王五", "木星能源");
    assertThat(
            count(
                "SELECT count(*) FROM mention WHERE to_user_id = "
                    + wangwu
                    + " AND from_user_id = "
                    + lisi))
        .isEqualTo(1);
    eventually(
        () -> pushedTo("staff05"),
        l -> l.stream().anyMatch(s -> s.contains("木星能源") && s.contains("@了你")));
  }

  @Test
  @DisplayName("help and unknown: 帮助 shows examples; an unrelated line gets a hint")
  void helpAndUnknown() throws Exception {
    assertThat(say("staff04", "帮助")).contains("使用帮助", "新客户");
    assertThat(say("staff04", "今天天气不错啊")).contains("没太明白");
  }

  @Test
  @DisplayName("a sender missing from the directory gets a clear answer, not an error")
  void unknownSender() throws Exception {
    assertThat(say("staff99", "漏斗")).contains("通讯录");
  }

  // ------------------------------------------------------------------ tapping command links

  @Test
  @DisplayName("two customers match: links to choose; tapping one runs the line with the full name")
  void ambiguousCustomer() throws Exception {
    customer(lisi, "金星电子");
    customer(lisi, "金星化工");
    String reply = say("staff04", "跟进 金星 电话聊了报价");
    assertThat(reply).contains("找到多个");
    assertThat(links(reply))
        .containsEntry("金星电子", "金星电子 #cmd:跟进 金星电子 电话聊了报价")
        .containsEntry("金星化工", "金星化工 #cmd:跟进 金星化工 电话聊了报价");

    String chosen = tap("staff04", reply, "金星化工");
    assertThat(chosen).contains("已记录跟进", "金星化工", "电话聊了报价");
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
  void undo() throws Exception {
    String reply = say("staff04", "新客户 土星文化");
    assertThat(links(reply).get("撤销")).matches("撤销 #undo:customer:\\d+");
    assertThat(tap("staff04", reply, "撤销")).isEqualTo("✓ 已撤销");
    assertThat(count("SELECT count(*) FROM customer WHERE name = '土星文化' AND deleted_at IS NULL"))
        .isZero();
  }

  @Test
  @DisplayName("a missing slot gets one short question, and the rep's next line answers it")
  void followUpQuestions() throws Exception {
    customer(lisi, "冥王星科技");
    assertThat(say("staff04", "跟进 电话聊了续费")).contains("哪个客户");
    assertThat(say("staff04", "冥王星")).contains("已记录跟进", "冥王星科技", "电话聊了续费");

    assertThat(say("staff04", "提醒我 给冥王星发合同")).contains("什么时候");
    assertThat(say("staff04", "明天上午10点")).contains("已设置提醒", "10:00", "给冥王星发合同");
  }

  // ------------------------------------------------------------------ group messages and the
  // platform's @-list

  @Test
  @DisplayName(
      "group: @李四 帮忙跟进一下 X → a mention, 李四 becomes a collaborator and is told; a re-delivery repeats nothing")
  void groupMention() throws Exception {
    Customer c = customer(qianjin, "木卫科技");
    DingTalkCallbackSimulator.RobotCallback cb =
        dingtalk.group(
            corp,
            "staff02",
            "cidgroupSales==",
            "@李四 帮忙跟进一下 木卫科技",
            List.of("staff04"),
            Duration.ofMinutes(90));
    String reply = send(cb);
    assertThat(reply).contains("已通知同事", "@李四", "木卫科技");
    assertThat(
            count(
                "SELECT count(*) FROM mention WHERE from_user_id = "
                    + qianjin
                    + " AND to_user_id = "
                    + lisi
                    + " AND customer_id = "
                    + c.id()))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM customer_collaborator WHERE customer_id = "
                    + c.id()
                    + " AND user_id = "
                    + lisi))
        .isEqualTo(1);
    List<String> told =
        eventually(
            () -> pushedTo("staff04").stream().filter(s -> s.contains("木卫科技")).toList(),
            l -> !l.isEmpty());
    assertThat(told.get(0)).contains("钱进 @了你");
    // 李四 can now work on it
    assertThat(say("staff04", "跟进 木卫 电话了解了需求")).contains("已记录跟进", "木卫科技");

    await(dingtalk.post(cb));
    Thread.sleep(500);
    assertThat(
            count(
                "SELECT count(*) FROM mention WHERE to_user_id = "
                    + lisi
                    + " AND customer_id = "
                    + c.id()))
        .isEqualTo(1);
    assertThat(pushedTo("staff04").stream().filter(s -> s.contains("木卫科技"))).hasSize(1);
  }

  @Test
  @DisplayName(
      "group: the platform's @-list decides who is meant, even when the text shows a nickname")
  void groupMentionByPlatformList() throws Exception {
    Customer c = customer(qianjin, "天卫传媒");
    String reply = sayInGroup("staff02", "cidgroupSales==", "@小李 天卫的报价你帮忙看下", List.of("staff04"));
    assertThat(reply).contains("已通知同事", "@李四", "天卫传媒").doesNotContain("不在通讯录");
    assertThat(
            count(
                "SELECT count(*) FROM mention WHERE to_user_id = "
                    + lisi
                    + " AND customer_id = "
                    + c.id()))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM customer_collaborator WHERE customer_id = "
                    + c.id()
                    + " AND user_id = "
                    + lisi))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("group: @-ing two colleagues mentions both and tells each of them")
  void groupMentionOfTwo() throws Exception {
    Customer c = customer(qianjin, "海卫能源");
    String reply =
        sayInGroup(
            "staff02", "cidgroupSales==", "@李四 @王五 海卫的合同你们帮忙看下", List.of("staff04", "staff05"));
    assertThat(reply).contains("已通知同事", "@李四", "@王五", "海卫能源");
    assertThat(count("SELECT count(*) FROM mention WHERE customer_id = " + c.id())).isEqualTo(2);
    eventually(
        () -> pushedTo("staff04").stream().filter(s -> s.contains("海卫能源")).toList(),
        l -> l.size() == 1);
    eventually(
        () -> pushedTo("staff05").stream().filter(s -> s.contains("海卫能源")).toList(),
        l -> l.size() == 1);
  }

  @Test
  @DisplayName("group: 把X转给 @小王 transfers to the colleague the platform says was @-ed")
  void groupTransferByPlatformList() throws Exception {
    customer(qianjin, "土卫物流");
    String reply = sayInGroup("staff02", "cidgroupSales==", "把土卫物流转给 @小王", List.of("staff05"));
    assertThat(reply).contains("已转交", "王五");
    assertThat(count("SELECT count(*) FROM customer WHERE name = '土卫物流' AND owner_id = " + wangwu))
        .isEqualTo(1);
  }

  private static long count(String sql) throws Exception {
    return await(pool.preparedQuery(sql).execute(Tuple.tuple())).iterator().next().getLong(0);
  }
}
