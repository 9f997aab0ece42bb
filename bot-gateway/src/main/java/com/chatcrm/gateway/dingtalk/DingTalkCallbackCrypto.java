package com.chatcrm.gateway.dingtalk;

import com.chatcrm.gateway.CallbackCipher;
import com.chatcrm.gateway.CallbackInput;
import com.chatcrm.gateway.CallbackRejected;
import io.vertx.core.json.JsonObject;

/**
 * Opens and seals DingTalk event-subscription callbacks, as DingTalk's reference DingCallbackCrypto
 * does, through the envelope WeCom and DingTalk share ({@link CallbackCipher}) with the owner key
 * (AppKey, or CorpId for legacy registrations) as receiver. Not DingTalk's reference code: it
 * prints to stdout, hacks JCE through reflection and hashes with the platform charset.
 */
public final class DingTalkCallbackCrypto {

  private final String token;
  private final CallbackCipher cipher;

  public DingTalkCallbackCrypto(String token, String aesKey, String ownerKey) {
    if (aesKey == null || !aesKey.matches("[A-Za-z0-9]{43}")) {
      throw new IllegalArgumentException("aes_key must be 43 letters and digits");
    }
    if (token == null || token.isEmpty() || ownerKey == null || ownerKey.isEmpty()) {
      throw new IllegalArgumentException("token and owner key are required");
    }
    this.token = token;
    this.cipher = new CallbackCipher(aesKey, ownerKey);
  }

  /** Checks the signature over {@code encrypt} and answers the plaintext (a JSON text). */
  public String open(String signature, String timestamp, String nonce, String encrypt) {
    return CallbackCipher.guarded(
        () -> {
          CallbackInput.required(signature, "signature");
          CallbackInput.required(timestamp, "timestamp");
          CallbackInput.required(nonce, "nonce");
          CallbackInput.required(encrypt, "encrypt");
          if (!CallbackCipher.sameSignature(signature(timestamp, nonce, encrypt), signature)) {
            throw new CallbackRejected("bad_signature", "signature does not match");
          }
          return cipher.open(encrypt);
        });
  }

  /** The reply DingTalk requires: the encrypted word {@code success}, signed. */
  public JsonObject success(String timestamp, String nonce) {
    String encrypted = encrypt("success");
    return new JsonObject()
        .put("msg_signature", signature(timestamp, nonce, encrypted))
        .put("timeStamp", timestamp)
        .put("nonce", nonce)
        .put("encrypt", encrypted);
  }

  /** sha1hex of the four values sorted and concatenated. */
  public String signature(String timestamp, String nonce, String encrypt) {
    return CallbackCipher.signature(token, timestamp, nonce, encrypt);
  }

  /** Encrypts with a fresh random prefix (for replies, and the sandbox playing DingTalk). */
  public String encrypt(String plain) {
    return cipher.seal(plain);
  }

  /** The same with a chosen 16-byte prefix: deterministic, for test vectors. */
  String encrypt(String randomPrefix, String plain) {
    return cipher.seal(randomPrefix, plain);
  }
}
