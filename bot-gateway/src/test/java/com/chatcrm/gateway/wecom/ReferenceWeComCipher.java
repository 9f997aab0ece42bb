package com.chatcrm.gateway.wecom;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An independent implementation of WeCom's callback crypto, written from the published algorithm
 * (platforms.md §1.4) with nothing but the JDK, to check the production path (WxJava) against.
 */
final class ReferenceWeComCipher {

  private final byte[] key;

  ReferenceWeComCipher(String encodingAesKey) {
    key = Base64.getDecoder().decode(encodingAesKey + "=");
  }

  /**
   * random(16) || len(msg) big-endian || msg || receiveId, PKCS#7 to 32 bytes, AES-256-CBC, IV =
   * key[0..16).
   */
  String encrypt(String random16, String msg, String receiveId) throws Exception {
    byte[] m = msg.getBytes(StandardCharsets.UTF_8);
    byte[] r = receiveId.getBytes(StandardCharsets.UTF_8);
    int len = 16 + 4 + m.length + r.length;
    int pad = 32 - (len % 32);
    ByteBuffer buf = ByteBuffer.allocate(len + pad);
    buf.put(random16.getBytes(StandardCharsets.US_ASCII)).putInt(m.length).put(m).put(r);
    for (int i = 0; i < pad; i++) {
      buf.put((byte) pad);
    }
    Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
    aes.init(
        Cipher.ENCRYPT_MODE,
        new SecretKeySpec(key, "AES"),
        new IvParameterSpec(Arrays.copyOf(key, 16)));
    return Base64.getEncoder().encodeToString(aes.doFinal(buf.array()));
  }

  /** Returns {msg, receiveId}. */
  String[] decrypt(String base64) throws Exception {
    Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
    aes.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(key, "AES"),
        new IvParameterSpec(Arrays.copyOf(key, 16)));
    byte[] plain = aes.doFinal(Base64.getDecoder().decode(base64));
    int pad = plain[plain.length - 1];
    if (pad < 1 || pad > 32) {
      pad = 0;
    }
    byte[] unpadded = Arrays.copyOf(plain, plain.length - pad);
    int len = ByteBuffer.wrap(unpadded, 16, 4).getInt();
    String msg = new String(unpadded, 20, len, StandardCharsets.UTF_8);
    String receiveId =
        new String(unpadded, 20 + len, unpadded.length - 20 - len, StandardCharsets.UTF_8);
    return new String[] {msg, receiveId};
  }

  static String signature(String... parts) throws Exception {
    String[] sorted = parts.clone();
    Arrays.sort(sorted);
    MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
    return HexFormat.of()
        .formatHex(sha1.digest(String.join("", sorted).getBytes(StandardCharsets.UTF_8)));
  }
}
