package com.chatcrm.gateway.platform;

import static com.chatcrm.engine.testing.Await.await;
import static com.chatcrm.engine.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.gateway.dingtalk.DingTalkCallbackCrypto;
import com.chatcrm.gateway.dingtalk.DingTalkRobotSign;
import com.chatcrm.gateway.testing.DingTalkReads;
import com.chatcrm.gateway.testing.TestGateway;
import com.chatcrm.sandbox.DingTalkCallbackSimulator;
import com.chatcrm.sandbox.DingTalkSandbox;
import com.chatcrm.sandbox.PlatformSandbox;
import com.chatcrm.sandbox.SandboxCall;
import com.chatcrm.sandbox.SandboxCompany;
import com.chatcrm.sandbox.SandboxCorps;
import com.chatcrm.sandbox.SandboxDingTalkCorp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chat platform contract on DingTalk: lines are signed robot messages in a one-to-one chat,
 * answered through its session webhook; pushes come through the robot's one-to-one send; a button
 * is a command link whose tap sends its text back as a new message.
 */
class DingTalkPlatformTest extends LeaverHandoverContract {

  static final SandboxDingTalkCorp corp = SandboxCorps.dingyun();
  static final String COMMAND_LINK = "dtmd://dingtalkclient/sendMessage?content=";
  static final Pattern LINK = Pattern.compile("\\[([^\\]]+)]\\(([^)\\s]+)\\)");

  DingTalkSandbox sandbox;
  DingTalkCallbackSimulator dingtalk;

  @Override
  protected Tenant register(TestGateway gateway) {
    sandbox = gateway.sandbox().dingTalkSandbox();
    // 李四 and 王五, reps of 华东销售部 led by 赵敏 (manager01)
    DingTalkReads.addReps(sandbox, corp);
    dingtalk =
        new DingTalkCallbackSimulator(
            gateway.client(),
            gateway.base() + "/callback/dingtalk",
            sandbox,
            gateway.base() + "/sandbox/dingtalk");
    return gateway.registerDingTalk(corp, new JsonObject());
  }

  @Override
  protected String platform() {
    return "dingtalk";
  }

  @Override
  protected String corpId() {
    return corp.corpId();
  }

  @Override
  protected String lisiId() {
    return "staff04";
  }

  @Override
  protected String wangwuId() {
    return "staff05";
  }

  @Override
  protected String managerId() {
    return "manager01";
  }

  @Override
  protected String managerName() {
    return "赵敏";
  }

  @Override
  protected int members() {
    return corp.members().size() + 2;
  }

  @Override
  protected int departments() {
    return corp.departments().size();
  }

  /** 冯雪 of 深圳组, which nobody leads: 周强 leads 华南销售部 above it; 陈晨 is her colleague. */
  @Override
  protected Leaver leaver() {
    return new Leaver("staff10", "冯雪", "manager07", "staff11", "陈晨");
  }

  @Override
  protected PlatformSandbox<?> standIn() {
    return sandbox;
  }

  @Override
  protected SandboxCompany company() {
    return corp;
  }

  @Override
  protected String managedDepartment() {
    return "10";
  }

  @Override
  protected Supplier<HttpResponse<Buffer>> typed(String user, String line) {
    DingTalkCallbackSimulator.RobotCallback cb =
        dingtalk.single(corp, user, line, Duration.ofMinutes(90));
    return () -> await(dingtalk.post(cb));
  }

  @Override
  protected Supplier<HttpResponse<Buffer>> picture(String user) {
    DingTalkCallbackSimulator.RobotCallback cb =
        dingtalk.picture(corp, user, Duration.ofMinutes(90));
    return () -> await(dingtalk.post(cb));
  }

  @Override
  protected void assertAcknowledged(HttpResponse<Buffer> ack) {
    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(ack.bodyAsJsonObject()).isEqualTo(new JsonObject().put("msgtype", "empty"));
  }

  /** Webhook posts into the member's one-to-one chat and one-to-one sends, in their order. */
  @Override
  protected List<String> received(String user) {
    List<String> out = new ArrayList<>();
    for (SandboxCall c : sandbox.calls(0)) {
      if (DingTalkReads.isWebhookPostTo(sandbox, c, "cidsingle" + user)) {
        out.add(webhookText(c.body()));
      } else if (DingTalkReads.isOneToOneTo(c, user)) {
        out.add(openApiText(new JsonObject(c.body().getString("msgParam"))));
      }
    }
    return out;
  }

  private static String webhookText(JsonObject b) {
    return switch (b.getString("msgtype")) {
      case "text" -> b.getJsonObject("text").getString("content");
      case "markdown" -> b.getJsonObject("markdown").getString("text");
      case "actionCard" -> withLinks(b.getJsonObject("actionCard"), "singleURL", "btns");
      default -> b.encode();
    };
  }

  private static String openApiText(JsonObject p) {
    StringBuilder s = new StringBuilder(p.getString("text", p.getString("content", "")));
    if (p.containsKey("singleTitle")) {
      s.append("\n\n[").append(p.getString("singleTitle")).append("](");
      s.append(p.getString("singleURL")).append(")");
    }
    for (int i = 1; p.containsKey("actionTitle" + i); i++) {
      s.append("\n\n[").append(p.getString("actionTitle" + i)).append("](");
      s.append(p.getString("actionURL" + i)).append(")");
    }
    return s.toString();
  }

  /** An ActionCard's text with its page buttons appended as the links they are. */
  private static String withLinks(JsonObject card, String single, String many) {
    StringBuilder s = new StringBuilder(card.getString("text"));
    if (card.containsKey(single)) {
      s.append("\n\n[").append(card.getString("singleTitle")).append("](");
      s.append(card.getString(single)).append(")");
    }
    JsonArray btns = card.getJsonArray(many, new JsonArray());
    btns.forEach(
        o -> {
          JsonObject btn = (JsonObject) o;
          s.append("\n\n[").append(btn.getString("title")).append("](");
          s.append(btn.getString("actionURL")).append(")");
        });
    return s.toString();
  }

  /** Command links (label → the key their text carries) and page links (label → URL). */
  @Override
  protected Map<String, String> buttons(String message) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = LINK.matcher(message);
    while (m.find()) {
      String target = m.group(2);
      if (target.startsWith(COMMAND_LINK)) {
        String sent =
            URLDecoder.decode(target.substring(COMMAND_LINK.length()), StandardCharsets.UTF_8);
        assertThat(sent).as("a command link sends its label and key").startsWith(m.group(1) + " #");
        target = sent.substring(sent.indexOf(" #") + 2);
      }
      out.putIfAbsent(m.group(1), target);
    }
    return out;
  }

  /** The answer to a line comes back into the member's one-to-one chat, by its session webhook. */
  @Override
  protected String say(String user, String line) {
    int before = DingTalkReads.webhookPostsTo(sandbox, "cidsingle" + user).size();
    assertAcknowledged(typed(user, line).get());
    List<SandboxCall> posts =
        eventually(
            () -> DingTalkReads.webhookPostsTo(sandbox, "cidsingle" + user),
            l -> l.size() > before);
    return webhookText(posts.get(posts.size() - 1).body());
  }

  /** Tapping a command link sends its text, "<label> #<key>", as a message. */
  @Override
  protected String tap(String user, String label, String key) {
    return say(user, label + " #" + key);
  }

  @Override
  protected String answerToStranger(String line) {
    return say("staff99", line);
  }

  @Override
  protected void assertChartShown(String report, String chartUrl) {
    assertThat(report).contains("![图表](" + chartUrl + ")");
  }

  @Override
  protected void postForgeries() {
    DingTalkCallbackSimulator.RobotCallback good =
        dingtalk.single(corp, "staff02", "伪造测试", Duration.ofMinutes(90));
    String robot = gateway.base() + "/callback/dingtalk/" + corp.corpId() + "/robot";

    HttpResponse<Buffer> forged =
        await(
            dingtalk.post(
                good.withSign(
                    good.timestamp(), DingTalkRobotSign.sign(good.timestamp(), "not-the-secret"))));
    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(forged.bodyAsJsonObject().getString("code")).isEqualTo("bad_signature");

    String old = Long.toString(System.currentTimeMillis() - Duration.ofMinutes(61).toMillis());
    HttpResponse<Buffer> stale =
        await(dingtalk.post(good.withSign(old, DingTalkRobotSign.sign(old, corp.appSecret()))));
    assertThat(stale.statusCode()).isEqualTo(400);
    assertThat(stale.bodyAsJsonObject().getString("code")).isEqualTo("stale_timestamp");

    HttpResponse<Buffer> unsigned =
        await(gateway.client().postAbs(robot).sendJsonObject(good.body()));
    assertThat(unsigned.statusCode()).isEqualTo(400);

    HttpResponse<Buffer> otherCorp =
        await(
            dingtalk.post(
                dingtalk.robot(corp, good.body().copy().put("chatbotCorpId", "dingOTHER"))));
    assertThat(otherCorp.bodyAsJsonObject().getString("code")).isEqualTo("wrong_receiver");

    HttpResponse<Buffer> noId =
        await(dingtalk.post(dingtalk.robot(corp, good.body().copy().put("msgId", ""))));
    assertThat(noId.bodyAsJsonObject().getString("code")).isEqualTo("malformed_body");

    HttpResponse<Buffer> notJson =
        await(
            gateway
                .client()
                .postAbs(robot)
                .putHeader("timestamp", good.timestamp())
                .putHeader("sign", good.sign())
                .sendBuffer(Buffer.buffer("[1,2")));
    assertThat(notJson.bodyAsJsonObject().getString("code")).isEqualTo("malformed_body");

    HttpResponse<Buffer> unknown =
        await(
            dingtalk.post(
                new DingTalkCallbackSimulator.RobotCallback(
                    "dingunknown", good.timestamp(), good.sign(), good.body())));
    assertThat(unknown.statusCode()).isEqualTo(404);

    HttpResponse<Buffer> huge =
        await(
            dingtalk.post(
                dingtalk.robot(
                    corp,
                    good.body()
                        .copy()
                        .put("text", new JsonObject().put("content", "长".repeat(400_000))))));
    assertThat(huge.statusCode()).isEqualTo(413);

    DingTalkCallbackSimulator.EventCallback event =
        dingtalk.event(
            corp, "user_add_org", new JsonObject().put("UserId", new JsonArray().add("staff02")));
    HttpResponse<Buffer> badEventSig =
        await(
            dingtalk.post(
                new DingTalkCallbackSimulator.EventCallback(
                    event.corpId(),
                    event.query().replaceFirst("signature=[0-9a-f]{6}", "signature=000000"),
                    event.body())));
    assertThat(badEventSig.bodyAsJsonObject().getString("code")).isEqualTo("bad_signature");

    DingTalkCallbackCrypto foreign =
        new DingTalkCallbackCrypto(corp.eventToken(), corp.eventAesKey(), "dingOTHERkey");
    String nowMs = Long.toString(System.currentTimeMillis());
    String enc = foreign.encrypt("{\"EventType\":\"user_add_org\",\"UserId\":[\"staff02\"]}");
    HttpResponse<Buffer> wrongOwner =
        await(
            dingtalk.post(
                new DingTalkCallbackSimulator.EventCallback(
                    corp.corpId(),
                    "signature="
                        + foreign.signature(nowMs, "n", enc)
                        + "&timestamp="
                        + nowMs
                        + "&nonce=n",
                    new JsonObject().put("encrypt", enc))));
    assertThat(wrongOwner.bodyAsJsonObject().getString("code")).isEqualTo("wrong_receiver");

    HttpResponse<Buffer> noEncrypt =
        await(
            dingtalk.post(
                new DingTalkCallbackSimulator.EventCallback(
                    corp.corpId(), event.query(), new JsonObject())));
    assertThat(noEncrypt.statusCode()).isEqualTo(400);
  }
}
