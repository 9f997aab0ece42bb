package com.chatcrm.gateway.wecom;

import com.chatcrm.gateway.CallbackRejected;
import com.chatcrm.gateway.xml.SafeXml;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;

/**
 * Opens and seals WeCom callbacks (加解密方案): the SHA-1 msg_signature over token, timestamp, nonce
 * and ciphertext, and AES-256-CBC with the EncodingAESKey. Sealing and signing are WxJava's {@link
 * WxCryptUtil}; opening is checked more strictly than WxJava does.
 */
public final class WeComCallbackCrypto {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String token;
  private final String corpId;
  private final WxCryptUtil cipher;
  private final byte[] aesKey;

  /**
   * @param encodingAesKey the 43-character EncodingAESKey of the app's callback settings
   */
  public WeComCallbackCrypto(String token, String encodingAesKey, String corpId) {
    if (encodingAesKey == null || !encodingAesKey.matches("[A-Za-z0-9]{43}")) {
      throw new IllegalArgumentException("EncodingAESKey must be 43 letters and digits");
    }
    this.token = token;
    this.corpId = corpId;
    this.cipher = new WxCryptUtil(token, encodingAesKey, corpId);
    this.aesKey = Base64.getDecoder().decode(encodingAesKey + "=");
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
    String plain = decrypt(encrypted);
    String receiver = SafeXml.fields(plain).get("ToUserName");
    if (!corpId.equals(receiver)) {
      throw new CallbackRejected("wrong_receiver", "message is addressed to corp " + receiver + ", not to " + corpId);
    }
    return plain;
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
    return cipher.encrypt(randomPrefix(), plain);
  }

  /** The same with a chosen 16-character random prefix: deterministic, for test vectors. */
  String encrypt(String randomPrefix, String plain) {
    return cipher.encrypt(randomPrefix, plain);
  }

  private static String randomPrefix() {
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    StringBuilder sb = new StringBuilder(16);
    for (int i = 0; i < 16; i++) {
      sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  /** The msg_signature WeCom computes for these values. */
  public String signature(String timestamp, String nonce, String encrypted) {
    return SHA1.gen(token, timestamp, nonce, encrypted);
  }

  private void requireSignature(String msgSignature, String timestamp, String nonce, String encrypted) {
    if (msgSignature == null || timestamp == null || nonce == null) {
      throw new CallbackRejected("bad_signature", "msg_signature, timestamp and nonce are required");
    }
    String expected = SHA1.gen(token, timestamp, nonce, encrypted);
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), msgSignature.getBytes(StandardCharsets.US_ASCII))) {
      throw new CallbackRejected("bad_signature", "msg_signature does not match");
    }
  }

  /**
   * Decrypts and checks what WxJava's decrypt skips (its receiveid check is commented out): strict
   * padding, a length inside the buffer, and the trailing receiveid equal to our corp id.
   */
  private String decrypt(String encrypted) {
    byte[] plain;
    try {
      Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
      aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new IvParameterSpec(Arrays.copyOf(aesKey, 16)));
      plain = aes.doFinal(Base64.getDecoder().decode(encrypted));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new CallbackRejected("undecryptable", "cannot decrypt the callback: " + e.getClass().getSimpleName());
    }
    int pad = plain.length == 0 ? 0 : plain[plain.length - 1] & 0xff;
    if (pad < 1 || pad > 32 || pad > plain.length) {
      throw new CallbackRejected("undecryptable", "bad padding");
    }
    for (int i = plain.length - pad; i < plain.length; i++) {
      if ((plain[i] & 0xff) != pad) {
        throw new CallbackRejected("undecryptable", "bad padding");
      }
    }
    int end = plain.length - pad;
    if (end < 20) {
      throw new CallbackRejected("undecryptable", "buffer too short");
    }
    int len = ByteBuffer.wrap(plain, 16, 4).getInt();
    if (len < 0 || 20 + len > end) {
      throw new CallbackRejected("undecryptable", "message length outside the buffer");
    }
    String receiver = new String(plain, 20 + len, end - 20 - len, StandardCharsets.UTF_8);
    if (!corpId.equals(receiver)) {
      throw new CallbackRejected("wrong_receiver", "callback was encrypted for " + receiver + ", not for " + corpId);
    }
    return new String(plain, 20, len, StandardCharsets.UTF_8);
  }
}
