package com.chatcrm.sandbox;

import com.chatcrm.gateway.wecom.WeComCallbackCrypto;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays WeCom towards our callback URL: builds the plaintext XML WeCom would send, encrypts and
 * signs it with the company's callback keys, and POSTs it — the real path, not a shortcut.
 */
public final class WeComCallbackSimulator {

  private static final AtomicLong MSG_IDS =
      new AtomicLong(7_300_000_000_000_000_000L + System.nanoTime() % 1_000_000_000L);

  private final WebClient client;
  private final String callbackBase;

  /**
   * @param callbackBase e.g. {@code http://127.0.0.1:8080/callback/wecom}
   */
  public WeComCallbackSimulator(WebClient client, String callbackBase) {
    this.client = client;
    this.callbackBase = callbackBase;
  }

  /** A prepared callback that can be posted, and posted again as WeCom's re-delivery would. */
  public record Callback(String corpId, String query, String body) {}

  public Callback text(SandboxCorp corp, String fromUser, String content) {
    return message(
        corp,
        fromUser,
        "text",
        "<Content><![CDATA["
            + content
            + "]]></Content><MsgId>"
            + MSG_IDS.incrementAndGet()
            + "</MsgId>");
  }

  /** A picture the member sent (WeCom's MsgType image). */
  public Callback image(SandboxCorp corp, String fromUser) {
    long id = MSG_IDS.incrementAndGet();
    return message(
        corp,
        fromUser,
        "image",
        "<PicUrl><![CDATA[https://example.invalid/p"
            + id
            + ".jpg]]></PicUrl><MediaId><![CDATA[media-"
            + id
            + "]]></MediaId><MsgId>"
            + id
            + "</MsgId>");
  }

  public Callback enterAgent(SandboxCorp corp, String fromUser) {
    return message(
        corp,
        fromUser,
        "event",
        "<Event><![CDATA[enter_agent]]></Event><EventKey><![CDATA[]]></EventKey>");
  }

  public Callback cardClick(
      SandboxCorp corp, String fromUser, String taskId, String eventKey, String responseCode) {
    return message(
        corp,
        fromUser,
        "event",
        "<Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA["
            + eventKey
            + "]]></EventKey><TaskId><![CDATA["
            + taskId
            + "]]></TaskId><CardType><![CDATA[button_interaction]]></CardType>"
            + "<ResponseCode><![CDATA["
            + responseCode
            + "]]></ResponseCode>");
  }

  /** A callback's plaintext: WeCom's envelope around {@code fields}, sent now. */
  private Callback message(SandboxCorp corp, String fromUser, String msgType, String fields) {
    return build(
        corp,
        "<xml><ToUserName><![CDATA["
            + corp.corpId()
            + "]]></ToUserName><FromUserName><![CDATA["
            + fromUser
            + "]]></FromUserName><CreateTime>"
            + Instant.now().getEpochSecond()
            + "</CreateTime><MsgType><![CDATA["
            + msgType
            + "]]></MsgType>"
            + fields
            + "<AgentID>"
            + corp.agentId()
            + "</AgentID></xml>");
  }

  /** Encrypts and signs any plaintext callback XML. */
  public Callback build(SandboxCorp corp, String plainXml) {
    WeComCallbackCrypto crypto =
        new WeComCallbackCrypto(corp.callbackToken(), corp.encodingAesKey(), corp.corpId());
    String encrypted = crypto.encrypt(plainXml);
    String timestamp = Long.toString(Instant.now().getEpochSecond());
    String nonce = UUID.randomUUID().toString().substring(0, 10);
    String signature = crypto.signature(timestamp, nonce, encrypted);
    String body =
        "<xml><ToUserName><![CDATA["
            + corp.corpId()
            + "]]></ToUserName><Encrypt><![CDATA["
            + encrypted
            + "]]></Encrypt><AgentID><![CDATA["
            + corp.agentId()
            + "]]></AgentID></xml>";
    return new Callback(
        corp.corpId(),
        "msg_signature=" + signature + "&timestamp=" + timestamp + "&nonce=" + nonce,
        body);
  }

  public Future<HttpResponse<Buffer>> post(Callback callback) {
    return client
        .postAbs(callbackBase + "/" + callback.corpId() + "?" + callback.query())
        .putHeader("content-type", "text/xml; charset=utf-8")
        .sendBuffer(Buffer.buffer(callback.body()));
  }
}
