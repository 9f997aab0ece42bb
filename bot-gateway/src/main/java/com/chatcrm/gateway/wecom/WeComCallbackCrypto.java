package com.chatcrm.gateway.wecom;

import com.chatcrm.gateway.CallbackCipher;
import com.chatcrm.gateway.CallbackInput;
import com.chatcrm.gateway.CallbackRejected;
import com.chatcrm.gateway.xml.SafeXml;
import java.util.Map;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;

/**
 * Opens and seals WeCom callbacks (加解密方案): the SHA-1 msg_signature over token, timestamp, nonce and
 * ciphertext, and AES-256-CBC with the EncodingAESKey. Sealing is WxJava's {@link WxCryptUtil};
 * signing and opening are ours ({@link CallbackCipher}), stricter than WxJava's and with fixed
 * error messages: nothing a library throws on a hostile request can carry the token into a log line
 * or an answer.
 */
public final class WeComCallbackCrypto {

  private final String token;
  private final WxCryptUtil cipher;
  private final CallbackCipher opener;

  /**
   * @param encodingAesKey the 43-character EncodingAESKey of the app's callback settings
   */
  public WeComCallbackCrypto(String token, String encodingAesKey, String corpId) {
    if (encodingAesKey == null || !encodingAesKey.matches("[A-Za-z0-9]{43}")) {
      throw new IllegalArgumentException("EncodingAESKey must be 43 letters and digits");
    }
    this.token = token;
    this.cipher = new WxCryptUtil(token, encodingAesKey, corpId);
    this.opener = new CallbackCipher(encodingAesKey, corpId);
  }

  /** URL verification (GET): checks the signature over echostr and returns its plaintext. */
  public String verifyUrl(String msgSignature, String timestamp, String nonce, String echostr) {
    return CallbackCipher.guarded(
        () -> {
          requireSignature(
              msgSignature, timestamp, nonce, CallbackInput.required(echostr, "echostr"));
          return decrypt(echostr);
        });
  }

  /**
   * A message or event (POST): checks the signature over the Encrypt element, decrypts it and
   * checks that it was sent to this company. Returns the plaintext XML.
   */
  public String open(String msgSignature, String timestamp, String nonce, String body) {
    return CallbackCipher.guarded(
        () -> {
          Map<String, String> outer = SafeXml.fields(body);
          String encrypted = outer.get("Encrypt");
          if (encrypted == null || encrypted.isEmpty()) {
            throw new CallbackRejected("missing_parameter", "no Encrypt element");
          }
          requireSignature(msgSignature, timestamp, nonce, encrypted);
          // the receiver (our corp id) is checked inside the envelope, so the plaintext needs no
          // second parse here
          return decrypt(encrypted);
        });
  }

  /** The encrypted passive-reply envelope for a plaintext reply XML. */
  public String seal(String plainXml, String timestamp, String nonce) {
    String encrypted = encrypt(plainXml);
    String signature = signature(timestamp, nonce, encrypted);
    return "<xml><Encrypt><![CDATA["
        + encrypted
        + "]]></Encrypt><MsgSignature><![CDATA["
        + signature
        + "]]></MsgSignature><TimeStamp>"
        + timestamp
        + "</TimeStamp><Nonce><![CDATA["
        + nonce
        + "]]></Nonce></xml>";
  }

  /** The base64 ciphertext of a plaintext, as the Encrypt element carries it (for the sandbox). */
  public String encrypt(String plain) {
    return cipher.encrypt(CallbackCipher.randomPrefix(), plain);
  }

  /** The same with a chosen 16-character random prefix: deterministic, for test vectors. */
  String encrypt(String randomPrefix, String plain) {
    return cipher.encrypt(randomPrefix, plain);
  }

  /**
   * The msg_signature WeCom computes for these values. Our own SHA-1 rather than WxJava's {@code
   * SHA1.gen}: that one throws on an empty value with the token in its message, which would reach a
   * log line.
   */
  public String signature(String timestamp, String nonce, String encrypted) {
    return CallbackCipher.signature(token, timestamp, nonce, encrypted);
  }

  /** Every value present (checked before anything is computed), then the signature over them. */
  private void requireSignature(
      String msgSignature, String timestamp, String nonce, String encrypted) {
    CallbackInput.required(msgSignature, "msg_signature");
    CallbackInput.required(timestamp, "timestamp");
    CallbackInput.required(nonce, "nonce");
    if (!CallbackCipher.sameSignature(signature(timestamp, nonce, encrypted), msgSignature)) {
      throw new CallbackRejected("bad_signature", "msg_signature does not match");
    }
  }

  /** Decrypts strictly: WxJava's decrypt skips the receiveid check (it is commented out there). */
  private String decrypt(String encrypted) {
    return opener.open(encrypted);
  }
}
