package com.chatcrm.gateway.dingtalk;

import static com.chatcrm.engine.testing.Await.await;
import static com.chatcrm.engine.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.port.Notification;
import com.chatcrm.engine.reminder.NewReminder;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.reminder.ReminderStatus;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.gateway.PlatformError;
import com.chatcrm.gateway.inbound.HelpOnlyCommands;
import com.chatcrm.gateway.inbound.TextCommands;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.testing.DingTalkReads;
import com.chatcrm.gateway.testing.TestGateway;
import com.chatcrm.sandbox.DingTalkCallbackSimulator;
import com.chatcrm.sandbox.DingTalkSandbox;
import com.chatcrm.sandbox.SandboxCall;
import com.chatcrm.sandbox.SandboxCompany;
import com.chatcrm.sandbox.SandboxCorps;
import com.chatcrm.sandbox.SandboxDingTalkCorp;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What only DingTalk has, end to end over the production platforms (what every platform does is in
 * {@link com.chatcrm.gateway.platform.ChatPlatformContract}): replies through the session webhook
 * while it lasts and the OpenAPI after, group chats with their @-list, the event subscription's
 * check_url and org events, work notifications and signed group robots. Lines are answered by a
 * stub that echoes them and records the @-list it was handed.
 */
class DingTalkSpecificsTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final SandboxDingTalkCorp corp = SandboxCorps.dingyun();

  /** The mentions the command language was handed, by message key. */
  static final Map<String, List<String>> mentions = new ConcurrentHashMap<>();

  /** Posts that reached a URL outside the sandbox's API. */
  static final AtomicInteger elsewhere = new AtomicInteger();

  static TestGateway gateway;
  static DingTalkSandbox sandbox;
  static DingTalkCallbackSimulator dingtalk;
  static DingTalkSender sender;
  static String sandboxBase;
  static Tenant tenant;
  static long staff;

  @BeforeAll
  static void start() {
    TextCommands help = new HelpOnlyCommands();
    TextCommands recording =
        new TextCommands() {
          @Override
          public Future<ChatMessage> reply(long tenantId, String user, String text, String key) {
            return help.reply(tenantId, user, text, key);
          }

          @Override
          public Future<ChatMessage> reply(
              long tenantId, String user, String text, String key, List<String> mentioned) {
            mentions.put(key, mentioned);
            return help.reply(tenantId, user, text, key);
          }
        };
    gateway = TestGateway.withCommands(db.vertx(), db.pool(), recording);
    gateway
        .router()
        .route("/elsewhere/*")
        .handler(
            ctx -> {
              elsewhere.incrementAndGet();
              ctx.json(new JsonObject().put("errcode", 0));
            });
    sandbox = gateway.sandbox().dingTalkSandbox();
    sandboxBase = gateway.base() + "/sandbox/dingtalk";
    sender = (DingTalkSender) gateway.platform("dingtalk").sender();
    tenant = gateway.registerDingTalk(corp, new JsonObject());
    staff = gateway.userId(tenant.id(), "staff02");
    dingtalk =
        new DingTalkCallbackSimulator(
            gateway.client(), gateway.base() + "/callback/dingtalk", sandbox, sandboxBase);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  static List<SandboxCall> webhookPostsTo(String conversationId) {
    return DingTalkReads.webhookPostsTo(sandbox, conversationId);
  }

  static List<SandboxCall> otoTo(String user) {
    return DingTalkReads.oneToOneTo(sandbox, user);
  }

  private static long rows(String sql) {
    return gateway.count(sql);
  }

  @Test
  @DisplayName(
      "a 1:1 message in → recorded, 200 {msgtype:empty}, the reply out through the session webhook")
  void textInReplyThroughSessionWebhook() throws Exception {
    DingTalkCallbackSimulator.RobotCallback cb =
        dingtalk.single(corp, "staff02", "你好", Duration.ofMinutes(90));
    HttpResponse<Buffer> ack = await(dingtalk.post(cb));
    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(ack.bodyAsJsonObject()).isEqualTo(new JsonObject().put("msgtype", "empty"));

    List<SandboxCall> posts =
        eventually(
            () ->
                webhookPostsTo("cidsinglestaff02").stream()
                    .filter(c -> DingTalkReads.contentOf(c).contains("收到：你好"))
                    .toList(),
            l -> !l.isEmpty());
    assertThat(posts).hasSize(1);
    assertThat(otoTo("staff02").stream().filter(c -> c.body().getString("msgParam").contains("你好")))
        .isEmpty();
  }

  @Test
  @DisplayName(
      "after the session webhook expired the reply goes through the OpenAPI one-to-one send")
  void expiredWebhookFallsBackToOpenApi() throws Exception {
    await(dingtalk.post(dingtalk.single(corp, "staff03", "过期之后", Duration.ofMinutes(-5))));
    SandboxCall oto =
        eventually(
                () ->
                    otoTo("staff03").stream()
                        .filter(c -> c.body().getString("msgParam").contains("过期之后"))
                        .toList(),
                l -> !l.isEmpty())
            .get(0);
    assertThat(oto.body().getString("robotCode")).isEqualTo(corp.robotCode());
    assertThat(oto.body().getString("msgKey")).isEqualTo("sampleText");
    assertThat(new JsonObject(oto.body().getString("msgParam")).getString("content"))
        .contains("收到：过期之后");
    assertThat(webhookPostsTo("cidsinglestaff03")).isEmpty();
  }

  @Test
  @DisplayName(
      "a webhook DingTalk refuses (session expired early) is answered through the OpenAPI instead")
  void refusedWebhookFallsBackToOpenApi() throws Exception {
    DingTalkCallbackSimulator.RobotCallback cb =
        dingtalk.single(corp, "manager01", "提前过期", Duration.ofMillis(-1));
    // the message claims a valid webhook; the sandbox's session is already gone
    JsonObject body =
        cb.body().copy().put("sessionWebhookExpiredTime", System.currentTimeMillis() + 3_600_000);
    await(dingtalk.post(dingtalk.robot(corp, body)));
    SandboxCall oto =
        eventually(
                () ->
                    otoTo("manager01").stream()
                        .filter(c -> c.body().getString("msgParam").contains("提前过期"))
                        .toList(),
                l -> !l.isEmpty())
            .get(0);
    assertThat(new JsonObject(oto.body().getString("msgParam")).getString("content"))
        .contains("提前过期");
    assertThat(
            sandbox.calls("/robot/sendBySession").stream()
                .anyMatch(c -> c.answer().getInteger("errcode") == 300001))
        .isTrue();
  }

  @Test
  @DisplayName(
      "a session webhook outside DingTalk's API is never posted to: the reply takes the OpenAPI")
  void foreignWebhookIsIgnored() throws Exception {
    DingTalkCallbackSimulator.RobotCallback cb =
        dingtalk.single(corp, "staff03", "外部地址", Duration.ofMinutes(90));
    await(
        dingtalk.post(
            dingtalk.robot(
                corp,
                cb.body()
                    .copy()
                    .put(
                        "sessionWebhook",
                        gateway.base() + "/elsewhere/robot/sendBySession?session=x"))));
    SandboxCall oto =
        eventually(
                () ->
                    otoTo("staff03").stream()
                        .filter(c -> c.body().getString("msgParam").contains("外部地址"))
                        .toList(),
                l -> !l.isEmpty())
            .get(0);
    assertThat(oto.answer().getInteger("httpStatus")).isEqualTo(200);
    assertThat(elsewhere.get()).isZero();
  }

  @Test
  @DisplayName(
      "a group message that @-s colleagues hands their staff ids to the command language and @-s the asker back")
  void groupMessageWithMentions() throws Exception {
    DingTalkCallbackSimulator.RobotCallback cb =
        dingtalk.group(
            corp,
            "manager01",
            "cidgroupA==",
            "@孙丽 帮忙跟进一下",
            List.of("staff03"),
            Duration.ofMinutes(90));
    assertThat(await(dingtalk.post(cb)).statusCode()).isEqualTo(200);
    SandboxCall post = eventually(() -> webhookPostsTo("cidgroupA=="), l -> !l.isEmpty()).get(0);
    assertThat(mentions.get("msg:" + cb.msgId())).containsExactly("staff03");
    assertThat(post.body().getJsonObject("at").getJsonArray("atUserIds"))
        .containsExactly("manager01");
    assertThat(DingTalkReads.contentOf(post)).contains("@manager01").contains("帮忙跟进一下");
    JsonObject payload =
        await(
                db.pool()
                    .preparedQuery("SELECT payload FROM inbound_event WHERE platform_key = $1")
                    .execute(Tuple.of("msg:" + cb.msgId())))
            .iterator()
            .next()
            .getJsonObject(0);
    assertThat(payload.getString("text")).isEqualTo("@孙丽 帮忙跟进一下");
    assertThat(payload.getJsonArray("mentionedStaffIds")).containsExactly("staff03");
  }

  @Test
  @DisplayName("a group message whose webhook expired is answered with the OpenAPI group send")
  void groupFallsBackToGroupSend() throws Exception {
    await(
        dingtalk.post(
            dingtalk.group(
                corp, "staff02", "cidgroupB==", "本周漏斗", List.of(), Duration.ofMinutes(-1))));
    SandboxCall send =
        eventually(
                () ->
                    sandbox.calls("/v1.0/robot/groupMessages/send").stream()
                        .filter(c -> "cidgroupB==".equals(c.body().getString("openConversationId")))
                        .toList(),
                l -> !l.isEmpty())
            .get(0);
    assertThat(send.answer().getInteger("httpStatus")).isEqualTo(200);
    assertThat(send.body().getString("msgParam")).contains("本周漏斗");
  }

  @Test
  @DisplayName("a tapped command link completes the reminder as the tapping user, and says so")
  void commandLinkCompletesTheReminder() throws Exception {
    long userId = await(gateway.engine().org().userId(tenant.id(), "staff02"));
    ReminderService reminders = gateway.engine().reminders();
    Actor actor = Actor.user(tenant.id(), userId, Source.api("t"));
    var reminder =
        await(reminders.create(actor, NewReminder.at(Instant.now().plusSeconds(3600), "回访华为")));
    String link =
        DingTalkRenderer.commandLink(
            new ChatMessage.Button("reminder.done:" + reminder.id(), "完成"));
    String sent =
        java.net.URLDecoder.decode(
            link.substring(link.indexOf("content=") + 8, link.length() - 1),
            java.nio.charset.StandardCharsets.UTF_8);
    assertThat(sent).isEqualTo("完成 #reminder.done:" + reminder.id());

    await(dingtalk.post(dingtalk.single(corp, "staff02", sent, Duration.ofMinutes(90))));
    eventually(
        () ->
            webhookPostsTo("cidsinglestaff02").stream()
                .filter(c -> DingTalkReads.contentOf(c).equals("✓ 已完成"))
                .toList(),
        l -> !l.isEmpty());
    assertThat(await(reminders.get(actor, reminder.id())).status()).isEqualTo(ReminderStatus.DONE);
  }

  @Test
  @DisplayName("check_url is answered with the encrypted, signed 'success' and writes nothing")
  void checkUrl() throws Exception {
    long before = rows("SELECT count(*) FROM inbound_event");
    HttpResponse<Buffer> r = await(dingtalk.post(dingtalk.checkUrl(corp)));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject reply = r.bodyAsJsonObject();
    assertThat(reply.getString("msg_signature"))
        .isEqualTo(
            ReferenceDingTalk.signature(
                corp.eventToken(),
                reply.getString("timeStamp"),
                reply.getString("nonce"),
                reply.getString("encrypt")));
    assertThat(ReferenceDingTalk.decrypt(corp.eventAesKey(), reply.getString("encrypt")))
        .containsExactly("success", corp.appKey());
    assertThat(rows("SELECT count(*) FROM inbound_event")).isEqualTo(before);
  }

  @Test
  @DisplayName(
      "org events keep the directory in step: join, change, leave, new department; a re-push is one row")
  void orgEvents() throws Exception {
    sandbox.putDepartment(corp.corpId(), new SandboxCompany.Department(12, 10, "华东一组"));
    sandbox.putMember(
        corp.corpId(),
        new SandboxCompany.Member("staff04", "李雷", "13900000004", List.of(12L), true));
    DingTalkCallbackSimulator.EventCallback joined =
        dingtalk.event(
            corp, "user_add_org", new JsonObject().put("UserId", new JsonArray().add("staff04")));
    HttpResponse<Buffer> ack = await(dingtalk.post(joined));
    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(
            ReferenceDingTalk.decrypt(
                corp.eventAesKey(), ack.bodyAsJsonObject().getString("encrypt"))[0])
        .isEqualTo("success");
    await(dingtalk.post(joined));
    eventually(
        () -> rows("SELECT count(*) FROM crm_user WHERE platform_user_id = 'staff04' AND active"),
        n -> n == 1L);
    assertThat(
            rows(
                "SELECT count(*) FROM department WHERE platform_dept_id = '12' AND parent_id ="
                    + " (SELECT id FROM department WHERE platform_dept_id = '10')"))
        .isEqualTo(1L);
    eventually(
        () ->
            rows(
                "SELECT count(*) FROM department_manager m JOIN crm_user u ON u.tenant_id = m.tenant_id"
                    + " AND u.id = m.user_id WHERE u.platform_user_id = 'staff04'"),
        n -> n == 1L);
    assertThat(rows("SELECT count(*) FROM inbound_event WHERE kind = 'user_add_org'"))
        .isEqualTo(1L);

    sandbox.putMember(
        corp.corpId(),
        new SandboxCompany.Member("staff04", "李雷雷", "13900000004", List.of(11L), false));
    await(
        dingtalk.post(
            dingtalk.event(
                corp,
                "user_modify_org",
                new JsonObject().put("UserId", new JsonArray().add("staff04")))));
    eventually(
        () ->
            rows(
                "SELECT count(*) FROM crm_user WHERE platform_user_id = 'staff04' AND name = '李雷雷'"),
        n -> n == 1L);

    sandbox.putDepartment(corp.corpId(), new SandboxCompany.Department(13, 1, "大客户部"));
    await(
        dingtalk.post(
            dingtalk.event(
                corp, "org_dept_create", new JsonObject().put("DeptId", new JsonArray().add(13)))));
    eventually(
        () ->
            rows("SELECT count(*) FROM department WHERE platform_dept_id = '13' AND name = '大客户部'"),
        n -> n == 1L);

    sandbox.removeMember(corp.corpId(), "staff04");
    await(
        dingtalk.post(
            dingtalk.event(
                corp,
                "user_leave_org",
                new JsonObject().put("UserId", new JsonArray().add("staff04")))));
    eventually(
        () ->
            rows("SELECT count(*) FROM crm_user WHERE platform_user_id = 'staff04' AND NOT active"),
        n -> n == 1L);
  }

  @Test
  @DisplayName(
      "pushes: a work notification with a mini-app button, a card with command links, a signed group robot with @")
  void pushes() throws Exception {
    ChatMessage reminder =
        new ChatMessage(
            "跟进提醒",
            "今天 15:00 回访华为技术",
            List.of(new ChatMessage.Field("客户", "华为技术")),
            List.of(
                new ChatMessage.Button("reminder.done:7", "完成"),
                new ChatMessage.Button("reminder.snooze:7:60", "推迟1小时")));
    await(sender.send(tenant.id(), DingTalkSender.notice(List.of("staff02")), reminder));
    SandboxCall notice = sandbox.calls("/topapi/message/corpconversation/asyncsend_v2").get(0);
    assertThat(notice.answer().getInteger("errcode")).isZero();
    assertThat(notice.body().getLong("agent_id")).isEqualTo(corp.agentId());
    assertThat(notice.body().getString("userid_list")).isEqualTo("staff02");
    JsonObject card = notice.body().getJsonObject("msg").getJsonObject("action_card");
    // the mini-app button names the company, so the page logs in to it (免登) without asking
    assertThat(card.getString("single_url"))
        .isEqualTo(corp.miniAppUrl() + "?corpId=" + corp.corpId());
    assertThat(card.getString("markdown"))
        .contains("dtmd://dingtalkclient/sendMessage?content=")
        .contains("%23reminder.done%3A7");

    await(sender.send(tenant.id(), "staff03", reminder));
    SandboxCall oto =
        otoTo("staff03").stream()
            .filter(c -> "sampleActionCard".equals(c.body().getString("msgKey")))
            .findFirst()
            .orElseThrow();
    JsonObject param = new JsonObject(oto.body().getString("msgParam"));
    assertThat(param.getString("singleURL"))
        .isEqualTo(corp.miniAppUrl() + "?corpId=" + corp.corpId());
    assertThat(param.getString("text")).contains("客户：**华为技术**").contains("[推迟1小时](dtmd://");

    sandbox.addCustomRobot("robot-token-1", "SECsandboxrobotsecret");
    DingTalkGroupRobot robot = new DingTalkGroupRobot(gateway.client(), Clock.systemUTC());
    ChatMessage report = new ChatMessage("销售日报", "今日跟进 12 次", List.of(), List.of());
    await(
        robot.send(
            sandboxBase + "/robot/send?access_token=robot-token-1",
            "SECsandboxrobotsecret",
            report,
            List.of("staff03"),
            null));
    SandboxCall post = sandbox.calls("/robot/send").get(0);
    assertThat(post.answer().getInteger("errcode")).isZero();
    assertThat(post.body().getJsonObject("at").getJsonArray("atUserIds"))
        .containsExactly("staff03");
    assertThat(post.body().getJsonObject("markdown").getString("text")).contains("@staff03");
    assertThatThrownBy(
            () ->
                await(
                    robot.send(
                        sandboxBase + "/robot/send?access_token=robot-token-1",
                        "SECwrong",
                        report,
                        List.of(),
                        null)))
        .isInstanceOf(PlatformError.class)
        .extracting("errcode")
        .isEqualTo(310000);
  }

  @Test
  @DisplayName("a 日报 with a chart reaches DingTalk with the chart drawn inline in its card")
  void reportChartReachesDingTalk() {
    String chart =
        "https://crm.example.com/charts/daily/"
            + tenant.id()
            + "/"
            + staff
            + "/2026-11-20.png?exp=1&sig=ab";
    await(
        gateway
            .engine()
            .notifier()
            .push(
                tenant.id(),
                staff,
                new Notification(
                        "销售日报 11月20日",
                        "今天团队跟进 9 次。",
                        List.of(),
                        List.of(
                            new Notification.Button(
                                "open:https://crm.example.com/m/#/report", "打开报表")),
                        "daily-report:chart-test",
                        List.of(Notification.CHAT))
                    .withImage(chart)));
    List<SandboxCall> sent =
        eventually(
            () ->
                sandbox.calls(0).stream()
                    .filter(call -> call.body().encode().contains("今天团队跟进 9 次"))
                    .toList(),
            calls -> !calls.isEmpty());
    String msgParam = sent.get(0).body().getString("msgParam");
    assertThat(new JsonObject(msgParam).getString("text")).contains("![图表](" + chart + ")");
  }
}
