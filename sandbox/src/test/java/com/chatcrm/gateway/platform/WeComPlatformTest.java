package com.chatcrm.gateway.platform;

import static com.chatcrm.engine.testing.Await.await;
import static com.chatcrm.engine.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.gateway.testing.TestGateway;
import com.chatcrm.gateway.wecom.WeComCallbackCrypto;
import com.chatcrm.gateway.xml.SafeXml;
import com.chatcrm.sandbox.PlatformSandbox;
import com.chatcrm.sandbox.SandboxCall;
import com.chatcrm.sandbox.SandboxCompany;
import com.chatcrm.sandbox.SandboxCorp;
import com.chatcrm.sandbox.SandboxCorps;
import com.chatcrm.sandbox.WeComCallbackSimulator;
import com.chatcrm.sandbox.WeComSandbox;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The chat platform contract on WeCom: lines are signed, encrypted callbacks of the app; answers
 * and pushes come through message/send; a button is on a template card, and its outcome replaces
 * the clicked button's text.
 */
class WeComPlatformTest extends LeaverHandoverContract {

  static final SandboxCorp corp = SandboxCorps.huaxin();

  WeComSandbox sandbox;
  WeComCallbackSimulator wecom;

  @Override
  protected Tenant register(TestGateway gateway) {
    sandbox = gateway.sandbox().weComSandbox();
    wecom = new WeComCallbackSimulator(gateway.client(), gateway.base() + "/callback/wecom");
    return gateway.registerWeCom(corp, List.of(managerId()));
  }

  @Override
  protected String platform() {
    return "wecom";
  }

  @Override
  protected String corpId() {
    return corp.corpId();
  }

  @Override
  protected String lisiId() {
    return "lisi";
  }

  @Override
  protected String wangwuId() {
    return "wangwu";
  }

  @Override
  protected String managerId() {
    return "zhangsan";
  }

  @Override
  protected String managerName() {
    return "张三";
  }

  @Override
  protected int members() {
    return corp.members().size();
  }

  /** 郑十 of 华南组, which nobody leads: 周八 leads 销售二部 above it; 冯一 is his colleague. */
  @Override
  protected Leaver leaver() {
    return new Leaver("zhengshi", "郑十", "zhouba", "fengyi", "冯一");
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
  protected int departments() {
    return corp.departments().size();
  }

  @Override
  protected String managedDepartment() {
    return "2";
  }

  @Override
  protected Supplier<HttpResponse<Buffer>> typed(String user, String line) {
    WeComCallbackSimulator.Callback cb = wecom.text(corp, user, line);
    return () -> await(wecom.post(cb));
  }

  @Override
  protected Supplier<HttpResponse<Buffer>> picture(String user) {
    WeComCallbackSimulator.Callback cb = wecom.image(corp, user);
    return () -> await(wecom.post(cb));
  }

  @Override
  protected void assertAcknowledged(HttpResponse<Buffer> ack) {
    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(ack.bodyAsString()).isNullOrEmpty();
  }

  /** The successful message/send bodies to {@code user}. */
  @Override
  protected List<String> received(String user) {
    return sandbox.calls("/cgi-bin/message/send").stream()
        .filter(
            c ->
                user.equals(c.body().getString("touser"))
                    && Integer.valueOf(0).equals(c.answer().getInteger("errcode")))
        .map(c -> c.body().encode())
        .toList();
  }

  /** A template card's buttons (text → key, or URL), or a textcard's one link. */
  @Override
  protected Map<String, String> buttons(String message) {
    JsonObject body = new JsonObject(message);
    Map<String, String> out = new LinkedHashMap<>();
    JsonObject card = body.getJsonObject("template_card");
    if (card != null) {
      card.getJsonArray("button_list", new JsonArray()).stream()
          .map(o -> (JsonObject) o)
          .forEach(b -> out.put(b.getString("text"), b.getString("key", b.getString("url"))));
    }
    JsonObject textcard = body.getJsonObject("textcard");
    if (textcard != null) {
      out.put(textcard.getString("btntxt"), textcard.getString("url"));
    }
    return out;
  }

  /** Clicks the card button and answers the text the button shows afterwards. */
  @Override
  protected String tap(String user, String label, String key) {
    String code = sandbox.issueResponseCode(corp.corpId());
    await(wecom.post(wecom.cardClick(corp, user, "task-" + System.nanoTime(), key, code)));
    SandboxCall update =
        eventually(
                () ->
                    sandbox.calls("/cgi-bin/message/update_template_card").stream()
                        .filter(c -> code.equals(c.body().getString("response_code")))
                        .toList(),
                l -> !l.isEmpty())
            .get(0);
    assertThat(update.answer().getInteger("errcode")).isZero();
    return update.body().getJsonObject("button").getString("replace_name");
  }

  /**
   * WeCom would not deliver to someone outside the directory: the reply is read from the outbox.
   */
  @Override
  protected String answerToStranger(String line) {
    await(wecom.post(wecom.text(corp, "stranger", line)));
    return eventually(
        () ->
            gateway.text(
                "SELECT coalesce(string_agg(payload::text, ''), '') FROM outbound_message"
                    + " WHERE recipient = 'stranger'"),
        s -> !s.isEmpty());
  }

  @Override
  protected void assertChartShown(String report, String chartUrl) {
    assertThat(
            new JsonObject(report)
                .getJsonObject("template_card")
                .getJsonObject("main_title")
                .getString("title"))
        .isEqualTo("销售日报 11月20日");
    Map<String, String> buttons = buttons(report);
    assertThat(buttons.keySet()).containsExactly("打开报表", "查看图表");
    assertThat(buttons).containsEntry("查看图表", chartUrl);
  }

  @Override
  protected void postForgeries() {
    WeComCallbackSimulator.Callback good = wecom.text(corp, "lisi", "伪造测试");

    HttpResponse<Buffer> badSig =
        await(
            wecom.post(
                new WeComCallbackSimulator.Callback(
                    good.corpId(),
                    good.query()
                        .replaceFirst("msg_signature=[0-9a-f]{8}", "msg_signature=00000000"),
                    good.body())));
    assertThat(badSig.statusCode()).isEqualTo(400);
    assertThat(badSig.bodyAsJsonObject().getString("code")).isEqualTo("bad_signature");

    HttpResponse<Buffer> unknown =
        await(
            wecom.post(
                new WeComCallbackSimulator.Callback("ww-unknown", good.query(), good.body())));
    assertThat(unknown.statusCode()).isEqualTo(404);

    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><xml><Encrypt>&x;</Encrypt></xml>";
    HttpResponse<Buffer> entity =
        await(wecom.post(new WeComCallbackSimulator.Callback(good.corpId(), good.query(), xxe)));
    assertThat(entity.statusCode()).isEqualTo(400);

    // a ciphertext byte flipped and re-signed by someone who knows the token but not the AES key
    byte[] raw = Base64.getDecoder().decode(SafeXml.fields(good.body()).get("Encrypt"));
    raw[raw.length - 20] ^= 0x01;
    HttpResponse<Buffer> tampered =
        await(wecom.post(resigned(good, Base64.getEncoder().encodeToString(raw))));
    assertThat(tampered.statusCode()).isEqualTo(400);

    // genuinely encrypted with our key, but for another company
    WeComCallbackCrypto otherCorp =
        new WeComCallbackCrypto(corp.callbackToken(), corp.encodingAesKey(), "ww-other");
    String foreign =
        otherCorp.encrypt(
            "<xml><ToUserName><![CDATA[ww-other]]></ToUserName><MsgType>text</MsgType>"
                + "<Content>x</Content><MsgId>1</MsgId></xml>");
    HttpResponse<Buffer> wrongCorp = await(wecom.post(resigned(good, foreign)));
    assertThat(wrongCorp.statusCode()).isEqualTo(400);
    assertThat(wrongCorp.bodyAsJsonObject().getString("code")).isEqualTo("wrong_receiver");

    String huge = "<xml><Encrypt>" + "A".repeat(10 * 1024 * 1024) + "</Encrypt></xml>";
    HttpResponse<Buffer> tooBig =
        await(wecom.post(new WeComCallbackSimulator.Callback(good.corpId(), good.query(), huge)));
    assertThat(tooBig.statusCode()).isEqualTo(413);
  }

  /** The callback with another Encrypt value, signed with the (known) token as a forger could. */
  private static WeComCallbackSimulator.Callback resigned(
      WeComCallbackSimulator.Callback cb, String encrypted) {
    WeComCallbackCrypto crypto =
        new WeComCallbackCrypto(corp.callbackToken(), corp.encodingAesKey(), corp.corpId());
    String now = Long.toString(Instant.now().getEpochSecond());
    String signature = crypto.signature(now, "forged", encrypted);
    return new WeComCallbackSimulator.Callback(
        cb.corpId(),
        "msg_signature=" + signature + "&timestamp=" + now + "&nonce=forged",
        "<xml><ToUserName><![CDATA["
            + corp.corpId()
            + "]]></ToUserName><Encrypt><![CDATA["
            + encrypted
            + "]]></Encrypt></xml>");
  }
}
