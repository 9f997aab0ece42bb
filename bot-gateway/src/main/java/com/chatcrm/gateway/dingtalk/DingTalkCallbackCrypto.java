package com.chatcrm.gateway.dingtalk;

import com.chatcrm.gateway.CallbackRejected;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opens and seals DingTalk event-subscription callbacks, as DingTalk's reference DingCallbackCrypto does:
 * a SHA-1 signature over the sorted token, timestamp, nonce and ciphertext, and AES-256-CBC with the
 * 43-character aes_key (IV = first 16 key bytes, PKCS#7 to 32-byte blocks, plaintext {@code random16 ||
 * len4 || msg || ownerKey}). Reimplemented in plain JDK code rather than copied: the reference prints to
 * stdout, hacks JCE through reflection and hashes with the platform charset. Opening is strict: exact
 * padding, a length inside the buffer, and the owner key (AppKey, or CorpId for legacy registrations).
 */
public final class DingTalkCallbackCrypto {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String token;
  private final String ownerKey;
  private final byte[] aesKey;

  public DingTalkCallbackCrypto(String token, String aesKey, String ownerKey) {
    if (aesKey == null || !aesKey.matches("[A-Za-z0-9]{43}")) {
      throw new IllegalArgumentException("aes_key must be 43 letters and digits");
    }
    if (token == null || token.isEmpty() || ownerKey == null || ownerKey.isEmpty()) {
      throw new IllegalArgumentException("token and owner key are required");
    }
    this.token = token;
    this.ownerKey = ownerKey;
    this.aesKey = Base64.getDecoder().decode(aesKey + "=");
  }

  /** Checks the signature over {@code encrypt} and answers the plaintext (a JSON text). */
  public String open(String signature, String timestamp, String nonce, String encrypt) {
    if (signature == null || timestamp == null || nonce == null || encrypt == null || encrypt.isEmpty()) {
      throw new CallbackRejected("bad_signature", "signature, timestamp, nonce and encrypt are required");
    }
    byte[] expected = signature(timestamp, nonce, encrypt).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
      throw new CallbackRejected("bad_signature", "signature does not match");
    }
    return decrypt(encrypt);
  }

  /** The reply DingTalk requires: the encrypted word {@code success}, signed. */
  public JsonObject success(String timestamp, String nonce) {
    String encrypted = encrypt("success");
    return new JsonObject().put("msg_signature", signature(timestamp, nonce, encrypted)).put("timeStamp", timestamp)
        .put("nonce", nonce).put("encrypt", encrypted);
  }

  /** sha1hex of the four values sorted and concatenated. */
  public String signature(String timestamp, String nonce, String encrypt) {
    String[] parts = {token, timestamp, nonce, encrypt};
    Arrays.sort(parts);
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(sha1.digest(String.join("", parts).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Encrypts with a fresh random prefix (for replies, and the sandbox playing DingTalk). */
  public String encrypt(String plain) {
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    StringBuilder prefix = new StringBuilder(16);
    for (int i = 0; i < 16; i++) {
      prefix.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return encrypt(prefix.toString(), plain);
  }

  /** The same with a chosen 16-byte prefix: deterministic, for test vectors. */
  String encrypt(String randomPrefix, String plain) {
    byte[] random = randomPrefix.getBytes(StandardCharsets.UTF_8);
    byte[] msg = plain.getBytes(StandardCharsets.UTF_8);
    byte[] owner = ownerKey.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    buf.writeBytes(random);
    buf.writeBytes(ByteBuffer.allocate(4).putInt(msg.length).array());
    buf.writeBytes(msg);
    buf.writeBytes(owner);
    int pad = 32 - (buf.size() % 32);
    for (int i = 0; i < pad; i++) {
      buf.write(pad);
    }
    try {
      Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
      aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new IvParameterSpec(Arrays.copyOf(aesKey, 16)));
      return Base64.getEncoder().encodeToString(aes.doFinal(buf.toByteArray()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES unavailable", e);
    }
  }

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
    String owner = new String(plain, 20 + len, end - 20 - len, StandardCharsets.UTF_8);
    if (!ownerKey.equals(owner)) {
      throw new CallbackRejected("wrong_receiver", "callback was encrypted for " + owner + ", not for " + ownerKey);
    }
    return new String(plain, 20, len, StandardCharsets.UTF_8);
  }
}
