package com.chatcrm.gateway.wecom;

import static com.chatcrm.engine.testing.Await.await;
import static com.chatcrm.engine.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.gateway.command.ChatCommands;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.testing.WeComChat;
import com.chatcrm.sandbox.SandboxCall;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What only WeCom has, over the production wiring (what every platform does is in {@link
 * com.chatcrm.gateway.platform.ChatPlatformContract}): URL verification, app group chats and group
 * robots, the card button whose new text asks for a follow-up; and the sandbox's parse API, on the
 * WeCom company.
 */
class WeComSpecificsTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  // nobody here is an admin
  static WeComChat chat;
  static long lisi;

  @BeforeAll
  static void start() {
    chat = WeComChat.start(db.vertx(), db.pool(), Set.of());
    lisi = chat.userId("lisi");
  }

  @AfterAll
  static void stop() {
    chat.close();
  }

  @Test
  @DisplayName("URL verification answers the decrypted echostr")
  void urlVerification() throws Exception {
    WeComCallbackCrypto crypto =
        new WeComCallbackCrypto(
            chat.corp().callbackToken(), chat.corp().encodingAesKey(), chat.corp().corpId());
    String echo = crypto.encrypt("echo-1234567890");
    String now = Long.toString(Instant.now().getEpochSecond());
    String sig = crypto.signature(now, "n1", echo);
    HttpResponse<Buffer> r =
        await(
            chat.client()
                .getAbs(chat.gateway().base() + "/callback/wecom/" + chat.corp().corpId())
                .addQueryParam("msg_signature", sig)
                .addQueryParam("timestamp", now)
                .addQueryParam("nonce", "n1")
                .addQueryParam("echostr", echo)
                .send());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsString()).isEqualTo("echo-1234567890");
  }

  @Test
  @DisplayName("opening the app greets the member with how to use it, once a day however often")
  void openingTheAppGreetsOnceADay() {
    int before = chat.sendsTo("wangwu").size();
    for (int i = 0; i < 3; i++) {
      await(chat.wecom().post(chat.wecom().enterAgent(chat.corp(), "wangwu")));
    }
    List<SandboxCall> got = eventually(() -> chat.sendsTo("wangwu"), l -> l.size() > before);
    assertThat(got.get(got.size() - 1).body().encode()).contains("欢迎使用 Chat CRM", "帮助");
    // the other two were the same greeting's key: recorded once, answered once
    eventually(
        () ->
            chat.count(
                "SELECT count(*) FROM inbound_event WHERE kind = 'enter_agent' AND status = 'done'"),
        n -> n == 1L);
    assertThat(chat.count("SELECT count(*) FROM inbound_event WHERE kind = 'enter_agent'"))
        .isEqualTo(1);
    assertThat(chat.sendsTo("wangwu")).hasSize(before + 1);
  }

  @Test
  @DisplayName("team messages go to an app group chat and to a group robot that @-mentions members")
  void groupMessages() throws Exception {
    WeComGroups groups =
        new WeComGroups(
            (WeComSender) chat.gateway().platform("wecom").sender(),
            chat.client(),
            chat.gateway().base() + "/sandbox/wecom");
    ChatMessage report =
        new ChatMessage(
            "销售日报 11月23日", "今日跟进 12 次", List.of(new ChatMessage.Field("新增客户", "3")), List.of());
    await(groups.toAppChat(chat.tenant().id(), "salesteam1", report));
    await(groups.toRobot("robot-key-1", report, List.of("lisi")));
    SandboxCall appChat = chat.sandbox().calls("/cgi-bin/appchat/send").get(0);
    assertThat(appChat.body().getString("chatid")).isEqualTo("salesteam1");
    assertThat(appChat.body().getJsonObject("markdown").getString("content"))
        .contains("销售日报", "新增客户");
    SandboxCall robot = chat.sandbox().calls("/cgi-bin/webhook/send").get(0);
    assertThat(robot.body().getJsonObject("markdown").getString("content")).contains("<@lisi>");
  }

  @Test
  @DisplayName("打开详情 opens the customer's page in the mini-app, logging in through the company")
  void detailOpensTheMiniApp() throws Exception {
    ChatCommands linked = new ChatCommands(chat.gateway().engine(), "https://crm.example.com/m/");
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
  @DisplayName("POST /sandbox/parse answers the structured result and changes nothing")
  void parseApi() throws Exception {
    chat.customer(lisi, "海王星传媒");
    long before = chat.count("SELECT count(*) FROM customer");
    HttpResponse<Buffer> r =
        postParse(
            new JsonObject()
                .put("tenant", chat.corp().corpId())
                .put("userId", "lisi")
                .put("text", "提醒我 周四 16:00 给海王星发合同")
                .put("now", "2026-11-23T10:00:00+08:00"));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject j = r.bodyAsJsonObject();
    assertThat(j.getString("intent")).isEqualTo("set_reminder");
    assertThat(j.getString("customer")).isEqualTo("海王星传媒");
    assertThat(j.getString("due")).isEqualTo("2026-11-26T16:00+08:00");
    assertThat(j.getString("content")).isEqualTo("给海王星发合同");
    assertThat(chat.count("SELECT count(*) FROM customer")).isEqualTo(before);
    assertThat(chat.count("SELECT count(*) FROM reminder WHERE text = '给海王星发合同'")).isZero();

    HttpResponse<Buffer> amount =
        postParse(
            new JsonObject()
                .put("tenant", String.valueOf(chat.tenant().id()))
                .put("userId", "lisi")
                .put("text", "商机 海王星 年度框架 八十万"));
    assertThat(amount.bodyAsJsonObject().getLong("amount")).isEqualTo(800000L);

    Customer moon = chat.customer(lisi, "天王星传媒");
    await(
        chat.gateway()
            .engine()
            .opportunities()
            .create(chat.as(lisi), NewOpportunity.of(moon.id(), "框架合同", BigDecimal.TEN)));
    HttpResponse<Buffer> move =
        postParse(
            new JsonObject()
                .put("tenant", chat.corp().corpId())
                .put("userId", "lisi")
                .put("text", "天王星框架合同推进到谈判"));
    assertThat(move.bodyAsJsonObject().getString("intent")).isEqualTo("move_stage");
    assertThat(move.bodyAsJsonObject().getString("customer")).isEqualTo("天王星传媒");
    assertThat(move.bodyAsJsonObject().getString("stage")).isEqualTo("谈判签约");

    HttpResponse<Buffer> bad = postParse(new JsonObject().put("text", "x"));
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
        postParse(
            new JsonObject()
                .put("tenant", chat.corp().corpId())
                .put("userId", "lisi")
                .put("text", line));
    assertThat(r.statusCode()).as(line).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private static HttpResponse<Buffer> postParse(JsonObject request) {
    return await(
        chat.client().postAbs(chat.gateway().base() + "/sandbox/parse").sendJsonObject(request));
  }
}
