package com.chatcrm.sandbox;

import com.chatcrm.gateway.dingtalk.DingTalkCallbackCrypto;
import com.chatcrm.gateway.dingtalk.DingTalkRobotSign;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays DingTalk towards our callback URLs: robot messages as DingTalk's HTTP mode posts them
 * (signed {@code timestamp}/{@code sign} headers, a session webhook opened in the {@link
 * DingTalkSandbox}), and event-subscription pushes encrypted and signed with the company's event
 * keys, and clicks on interactive-card buttons (signed like robot callbacks) — the real path.
 */
public final class DingTalkCallbackSimulator {

  private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L);

  /** The last robot/card timestamp handed out. */
  private static final AtomicLong SIGNED_AT = new AtomicLong();

  private final WebClient client;
  private final String callbackBase;
  private final DingTalkSandbox sandbox;
  private final String sandboxBase;

  /**
   * @param callbackBase e.g. {@code http://127.0.0.1:8080/callback/dingtalk}
   * @param sandboxBase where the sandbox is served, e.g. {@code
   *     http://127.0.0.1:8080/sandbox/dingtalk}
   */
  public DingTalkCallbackSimulator(
      WebClient client, String callbackBase, DingTalkSandbox sandbox, String sandboxBase) {
    this.client = client;
    this.callbackBase = callbackBase;
    this.sandbox = sandbox;
    this.sandboxBase = sandboxBase;
  }

  /** A prepared robot callback that can be posted, and posted again as a re-delivery would be. */
  public record RobotCallback(String corpId, String timestamp, String sign, JsonObject body) {

    public String msgId() {
      return body.getString("msgId");
    }

    public RobotCallback withSign(String timestamp, String sign) {
      return new RobotCallback(corpId, timestamp, sign, body);
    }

    public RobotCallback withBody(JsonObject body) {
      return new RobotCallback(corpId, timestamp, sign, body);
    }
  }

  /** A prepared card-button click, signed; post it again to play a redelivery. */
  public record CardCallback(String corpId, String timestamp, String sign, JsonObject body) {

    public CardCallback withSign(String timestamp, String sign) {
      return new CardCallback(corpId, timestamp, sign, body);
    }
  }

  /** A prepared event push. */
  public record EventCallback(String corpId, String query, JsonObject body) {}

  /**
   * A one-to-one message to the robot, with a session webhook valid for {@code webhookValidFor}.
   */
  public RobotCallback single(
      SandboxDingTalkCorp corp, String staffId, String text, Duration webhookValidFor) {
    String conversation = "cidsingle" + staffId;
    return robot(corp, base(corp, staffId, text, "1", conversation, webhookValidFor));
  }

  /** A picture the member sent the robot in their one-to-one chat. */
  public RobotCallback picture(SandboxDingTalkCorp corp, String staffId, Duration webhookValidFor) {
    JsonObject body = base(corp, staffId, "", "1", "cidsingle" + staffId, webhookValidFor);
    body.remove("text");
    return robot(
        corp,
        body.put("msgtype", "picture")
            .put("content", new JsonObject().put("downloadCode", "dl-" + IDS.incrementAndGet())));
  }

  /**
   * A group message that @-s the robot and also {@code colleagues} (staff ids). The text is as the
   * member typed it, e.g. "@李四 帮忙跟进一下" (DingTalk strips the robot's own name).
   */
  public RobotCallback group(
      SandboxDingTalkCorp corp,
      String staffId,
      String conversationId,
      String text,
      List<String> colleagues,
      Duration webhookValidFor) {
    JsonObject body =
        base(corp, staffId, " " + text, "2", conversationId, webhookValidFor)
            .put("conversationTitle", "销售群")
            .put("isInAtList", true);
    JsonArray at =
        new JsonArray()
            .add(new JsonObject().put("dingtalkId", "$:LWCP_v1:$robot" + corp.robotCode()));
    colleagues.forEach(
        c -> at.add(new JsonObject().put("dingtalkId", "$:LWCP_v1:$" + c).put("staffId", c)));
    body.put("atUsers", at);
    return robot(corp, body);
  }

  private JsonObject base(
      SandboxDingTalkCorp corp,
      String staffId,
      String text,
      String conversationType,
      String conversationId,
      Duration webhookValidFor) {
    long now = System.currentTimeMillis();
    String session = sandbox.openSession(corp.corpId(), conversationId, webhookValidFor);
    return new JsonObject()
        .put("msgtype", "text")
        .put("text", new JsonObject().put("content", text))
        .put("msgId", "msg" + IDS.incrementAndGet() + UUID.randomUUID().toString().substring(0, 8))
        .put("createAt", now)
        .put("conversationType", conversationType)
        .put("conversationId", conversationId)
        .put("senderId", "$:LWCP_v1:$" + staffId)
        .put("senderNick", nick(corp, staffId))
        .put("senderStaffId", staffId)
        .put("senderCorpId", corp.corpId())
        .put("chatbotCorpId", corp.corpId())
        .put("chatbotUserId", "$:LWCP_v1:$robot" + corp.robotCode())
        .put("robotCode", corp.robotCode())
        .put("isAdmin", false)
        .put("sessionWebhook", sandboxBase + "/robot/sendBySession?session=" + session)
        .put("sessionWebhookExpiredTime", now + webhookValidFor.toMillis());
  }

  private static String nick(SandboxDingTalkCorp corp, String staffId) {
    return corp.members().stream()
        .filter(m -> m.userId().equals(staffId))
        .map(SandboxCompany.Member::name)
        .findFirst()
        .orElse(staffId);
  }

  /** Signs any robot body with the app secret and the current time. */
  public RobotCallback robot(SandboxDingTalkCorp corp, JsonObject body) {
    String timestamp = signingTime();
    return new RobotCallback(
        corp.corpId(), timestamp, DingTalkRobotSign.sign(timestamp, corp.appSecret()), body);
  }

  /**
   * Now in milliseconds, but never the same twice: a robot signature covers only its timestamp, and
   * one signature may carry at most {@code CallbackSignatures.MESSAGES_PER_SIGNATURE} messages, so
   * a load run signing more in one millisecond would have them refused as replays.
   */
  private static String signingTime() {
    return Long.toString(
        SIGNED_AT.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis())));
  }

  public Future<HttpResponse<Buffer>> post(RobotCallback cb) {
    return signedPost(cb.corpId() + "/robot", cb.timestamp(), cb.sign(), cb.body());
  }

  private Future<HttpResponse<Buffer>> signedPost(
      String path, String timestamp, String sign, JsonObject body) {
    return client
        .postAbs(callbackBase + "/" + path)
        .putHeader("content-type", "application/json; charset=utf-8")
        .putHeader("timestamp", timestamp)
        .putHeader("sign", sign)
        .sendBuffer(Buffer.buffer(body.encode()));
  }

  /**
   * A member's click on a card button as DingTalk reports it: the button's {@code key} callback
   * parameter inside the {@code content} JSON string.
   */
  public static JsonObject cardClickBody(
      SandboxDingTalkCorp corp, String outTrackId, String userId, String key) {
    JsonObject privateData =
        new JsonObject()
            .put(
                "cardPrivateData",
                new JsonObject()
                    .put("actionIds", new JsonArray().add("button_action"))
                    .put("params", new JsonObject().put("key", key)));
    return new JsonObject()
        .put("type", "actionCallback")
        .put("outTrackId", outTrackId)
        .put("corpId", corp.corpId())
        .put("userId", userId)
        .put("content", privateData.encode());
  }

  /**
   * The click as DingTalk posts it to a registered HTTP card callback, signed with the app secret.
   */
  public CardCallback cardClick(
      SandboxDingTalkCorp corp, String outTrackId, String userId, String key) {
    String timestamp = signingTime();
    return new CardCallback(
        corp.corpId(),
        timestamp,
        DingTalkRobotSign.sign(timestamp, corp.appSecret()),
        cardClickBody(corp, outTrackId, userId, key));
  }

  public Future<HttpResponse<Buffer>> post(CardCallback cb) {
    return signedPost(cb.corpId() + "/card", cb.timestamp(), cb.sign(), cb.body());
  }

  /**
   * An org event as DingTalk pushes it: {@code {"EventType":..., "TimeStamp":..., "CorpId":...,
   * ...}}.
   */
  public EventCallback event(SandboxDingTalkCorp corp, String eventType, JsonObject fields) {
    JsonObject plain =
        new JsonObject()
            .put("EventType", eventType)
            .put("TimeStamp", Long.toString(Instant.now().toEpochMilli()))
            .put("CorpId", corp.corpId());
    fields.forEach(e -> plain.put(e.getKey(), e.getValue()));
    return encrypted(corp, plain.encode());
  }

  /** The URL check DingTalk sends when the callback is saved. */
  public EventCallback checkUrl(SandboxDingTalkCorp corp) {
    return encrypted(corp, new JsonObject().put("EventType", "check_url").encode());
  }

  /** Encrypts and signs any plaintext with the company's event keys (owner key = AppKey). */
  public EventCallback encrypted(SandboxDingTalkCorp corp, String plain) {
    DingTalkCallbackCrypto crypto =
        new DingTalkCallbackCrypto(corp.eventToken(), corp.eventAesKey(), corp.appKey());
    String encrypt = crypto.encrypt(plain);
    String timestamp = Long.toString(System.currentTimeMillis());
    String nonce = UUID.randomUUID().toString().substring(0, 8);
    return new EventCallback(
        corp.corpId(),
        "signature="
            + crypto.signature(timestamp, nonce, encrypt)
            + "&timestamp="
            + timestamp
            + "&nonce="
            + nonce,
        new JsonObject().put("encrypt", encrypt));
  }

  public Future<HttpResponse<Buffer>> post(EventCallback cb) {
    return client
        .postAbs(callbackBase + "/" + cb.corpId() + "/events?" + cb.query())
        .putHeader("content-type", "application/json; charset=utf-8")
        .sendBuffer(Buffer.buffer(cb.body().encode()));
  }
}
