package com.chatcrm.gateway.wecom;

import com.chatcrm.gateway.CallbackCipher;
import com.chatcrm.gateway.CallbackRejected;
import com.chatcrm.gateway.xml.SafeXml;
import java.util.Map;
import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;

/**
 * Opens and seals WeCom callbacks (加解密方案): the SHA-1 msg_signature over token, timestamp, nonce
 * and ciphertext, and AES-256-CBC with the EncodingAESKey. Sealing and signing are WxJava's {@link
 * WxCryptUtil}; opening is checked more strictly than WxJava does.
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
    requireSignature(msgSignature, timestamp, nonce, echostr);
    return decrypt(echostr);
  }

  /**
   * A message or event (POST): checks the signature over the Encrypt element, decrypts it and checks
   * that it was sent to this company. Returns the plaintext XML.
   */
  public String open(String msgSignature, String timestamp, String nonce, String body) {
    Map<String, String> outer = SafeXml.fields(body);
    String encrypted = outer.get("Encrypt");
    if (encrypted == null || encrypted.isEmpty()) {
      throw new CallbackRejected("malformed_body", "no Encrypt element");
    }
    requireSignature(msgSignature, timestamp, nonce, encrypted);
    // the receiver (our corp id) is checked inside the envelope, so the plaintext needs no second parse here
    return decrypt(encrypted);
  }

  /** The encrypted passive-reply envelope for a plaintext reply XML. */
  public String seal(String plainXml, String timestamp, String nonce) {
    String encrypted = encrypt(plainXml);
    String signature = SHA1.gen(token, timestamp, nonce, encrypted);
    return "<xml><Encrypt><![CDATA[" + encrypted + "]]></Encrypt><MsgSignature><![CDATA[" + signature
        + "]]></MsgSignature><TimeStamp>" + timestamp + "</TimeStamp><Nonce><![CDATA[" + nonce
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


  /** The msg_signature WeCom computes for these values. */
  public String signature(String timestamp, String nonce, String encrypted) {
    return SHA1.gen(token, timestamp, nonce, encrypted);
  }

  private void requireSignature(String msgSignature, String timestamp, String nonce, String encrypted) {
    if (msgSignature == null || timestamp == null || nonce == null) {
      throw new CallbackRejected("bad_signature", "msg_signature, timestamp and nonce are required");
    }
    if (!CallbackCipher.sameSignature(SHA1.gen(token, timestamp, nonce, encrypted), msgSignature)) {
      throw new CallbackRejected("bad_signature", "msg_signature does not match");
    }
  }

  /** Decrypts strictly: WxJava's decrypt skips the receiveid check (it is commented out there). */
  private String decrypt(String encrypted) {
    return opener.open(encrypted);
  }
}
