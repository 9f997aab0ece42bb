package com.chatcrm.bench.reliability;

import com.chatcrm.gateway.CallbackCipher;
import com.chatcrm.gateway.dingtalk.DingTalkRobotSign;
import com.chatcrm.sandbox.SandboxCorp;
import com.chatcrm.sandbox.SandboxCorps;
import com.chatcrm.sandbox.SandboxDingTalkCorp;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Callbacks as the platforms sign them, with the sandbox companies' fixed test secrets — but with
 * any timestamp, any plaintext bytes and any length field in the encrypted envelope, so that a
 * hostile payload gets past the signature check and reaches the parser behind it.
 */
final class CallbackForgery {

  /** One HTTP request: method, path with its (already encoded) query, headers, body. */
  record Request(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {

    Request withPath(String p) {
      return new Request(method, p, headers, body);
    }

    Request withBody(byte[] b) {
      return new Request(method, pathAndQuery, headers, b);
    }

    Request withHeader(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      if (value == null) {
        h.remove(name);
      } else {
        h.put(name, value);
      }
      return new Request(method, pathAndQuery, h, body);
    }
  }

  static final SandboxCorp WECOM = SandboxCorps.huaxin();
  static final SandboxDingTalkCorp DINGTALK = SandboxCorps.dingyun();
  static final String XML = "text/xml; charset=utf-8";
  static final String JSON = "application/json; charset=utf-8";

  private CallbackForgery() {}

  /**
   * The envelope both platforms use, sealed with an arbitrary length field and arbitrary message
   * bytes: the gateway's CallbackCipher.seal writes only the true length of a valid string, hence
   * this copy of its layout.
   */
  static String seal(String aesKey, byte[] msg, int lengthField, String receiver) {
    byte[] key = Base64.getDecoder().decode(aesKey + "=");
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    buf.writeBytes(CallbackCipher.randomPrefix().getBytes(StandardCharsets.US_ASCII));
    buf.writeBytes(ByteBuffer.allocate(4).putInt(lengthField).array());
    buf.writeBytes(msg);
    buf.writeBytes(receiver.getBytes(StandardCharsets.UTF_8));
    int pad = 32 - (buf.size() % 32);
    for (int i = 0; i < pad; i++) {
      buf.write(pad);
    }
    try {
      Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
      aes.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(key, "AES"),
          new IvParameterSpec(Arrays.copyOf(key, 16)));
      return Base64.getEncoder().encodeToString(aes.doFinal(buf.toByteArray()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String wecomEncrypt(byte[] plain, int lengthField) {
    return seal(WECOM.encodingAesKey(), plain, lengthField, WECOM.corpId());
  }

  static String wecomEncrypt(byte[] plain) {
    return wecomEncrypt(plain, plain.length);
  }

  static String wecomSignature(String timestamp, String nonce, String encrypt) {
    return CallbackCipher.signature(WECOM.callbackToken(), timestamp, nonce, encrypt);
  }

  /** A WeCom POST carrying {@code encrypt}, signed for {@code timestamp} (seconds). */
  static Request wecomPost(String corpPath, String encrypt, String timestamp) {
    String nonce = nonce();
    String body =
        "<xml><ToUserName><![CDATA["
            + WECOM.corpId()
            + "]]></ToUserName><Encrypt><![CDATA["
            + encrypt
            + "]]></Encrypt><AgentID><![CDATA["
            + WECOM.agentId()
            + "]]></AgentID></xml>";
    return new Request(
        "POST",
        "/callback/wecom/"
            + corpPath
            + "?msg_signature="
            + wecomSignature(timestamp, nonce, encrypt)
            + "&timestamp="
            + timestamp
            + "&nonce="
            + nonce,
        Map.of("content-type", XML),
        body.getBytes(StandardCharsets.UTF_8));
  }

  /** WeCom's URL check: the echo string encrypted, signed for {@code timestamp}. */
  static Request wecomVerify(String corpPath, String echostr, String timestamp) {
    String nonce = nonce();
    return new Request(
        "GET",
        "/callback/wecom/"
            + corpPath
            + "?msg_signature="
            + wecomSignature(timestamp, nonce, echostr)
            + "&timestamp="
            + timestamp
            + "&nonce="
            + nonce
            + "&echostr="
            + enc(echostr),
        Map.of(),
        null);
  }

  /** A plaintext WeCom text message, as WeCom encrypts it. */
  static String wecomText(String fromUser, String content, long msgId, long createTime) {
    return "<xml><ToUserName><![CDATA["
        + WECOM.corpId()
        + "]]></ToUserName><FromUserName><![CDATA["
        + fromUser
        + "]]></FromUserName><CreateTime>"
        + createTime
        + "</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        + "<Content><![CDATA["
        + content
        + "]]></Content><MsgId>"
        + msgId
        + "</MsgId><AgentID>"
        + WECOM.agentId()
        + "</AgentID></xml>";
  }

  /**
   * A robot or card callback: the {@code timestamp}/{@code sign} headers (which do not cover the
   * body).
   */
  static Request dingtalkSigned(
      String corpPath, String route, byte[] body, String timestampMillis) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("content-type", JSON);
    h.put("timestamp", timestampMillis);
    h.put("sign", DingTalkRobotSign.sign(timestampMillis, DINGTALK.appSecret()));
    return new Request("POST", "/callback/dingtalk/" + corpPath + "/" + route, h, body);
  }

  static String dingtalkEncrypt(byte[] plain, int lengthField) {
    return seal(DINGTALK.eventAesKey(), plain, lengthField, DINGTALK.appKey());
  }

  /**
   * An event push carrying {@code encrypt}, signed with the event token for {@code timestamp} (ms).
   */
  static Request dingtalkEvent(String corpPath, String encrypt, String timestampMillis) {
    String nonce = nonce();
    String sig = CallbackCipher.signature(DINGTALK.eventToken(), timestampMillis, nonce, encrypt);
    return new Request(
        "POST",
        "/callback/dingtalk/"
            + corpPath
            + "/events?signature="
            + sig
            + "&timestamp="
            + timestampMillis
            + "&nonce="
            + nonce,
        Map.of("content-type", JSON),
        ("{\"encrypt\":\"" + encrypt + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Percent-encodes every byte outside the unreserved set: CR, LF, NUL and all reach the server as
   * sent.
   */
  static String enc(String raw) {
    StringBuilder sb = new StringBuilder();
    for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return sb.toString();
  }

  private static String nonce() {
    return CallbackCipher.randomPrefix().substring(0, 10);
  }
}
