package com.chatcrm.gateway.dingtalk;

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
 * An independent implementation of DingTalk's algorithms, written from platforms.md §3.1/§3.4 with
 * the JDK only and deliberately by other means than production: HMAC-SHA256 built by hand from
 * SHA-256 (RFC 2104) instead of javax.crypto.Mac, and the AES buffer laid out with a ByteBuffer.
 */
final class ReferenceDingTalk {

  private ReferenceDingTalk() {}

  /**
   * Base64(HMAC-SHA256(secret, timestamp + "\n" + secret)), HMAC per RFC 2104 with a 64-byte block.
   */
  static String robotSign(String timestamp, String secret) throws Exception {
    byte[] key = secret.getBytes(StandardCharsets.UTF_8);
    if (key.length > 64) {
      key = MessageDigest.getInstance("SHA-256").digest(key);
    }
    byte[] k = Arrays.copyOf(key, 64);
    byte[] ipad = new byte[64];
    byte[] opad = new byte[64];
    for (int i = 0; i < 64; i++) {
      ipad[i] = (byte) (k[i] ^ 0x36);
      opad[i] = (byte) (k[i] ^ 0x5c);
    }
    MessageDigest inner = MessageDigest.getInstance("SHA-256");
    inner.update(ipad);
    inner.update((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8));
    MessageDigest outer = MessageDigest.getInstance("SHA-256");
    outer.update(opad);
    outer.update(inner.digest());
    return Base64.getEncoder().encodeToString(outer.digest());
  }

  static String encrypt(String aesKey, String random16, String msg, String ownerKey)
      throws Exception {
    byte[] key = Base64.getDecoder().decode(aesKey + "=");
    byte[] m = msg.getBytes(StandardCharsets.UTF_8);
    byte[] o = ownerKey.getBytes(StandardCharsets.UTF_8);
    int len = 20 + m.length + o.length;
    int pad = 32 - len % 32;
    ByteBuffer buf = ByteBuffer.allocate(len + pad);
    buf.put(random16.getBytes(StandardCharsets.US_ASCII)).putInt(m.length).put(m).put(o);
    while (buf.hasRemaining()) {
      buf.put((byte) pad);
    }
    Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
    aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
    return Base64.getEncoder().encodeToString(aes.doFinal(buf.array()));
  }

  /** {msg, ownerKey}. */
  static String[] decrypt(String aesKey, String base64) throws Exception {
    byte[] key = Base64.getDecoder().decode(aesKey + "=");
    Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
    aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
    byte[] p = aes.doFinal(Base64.getDecoder().decode(base64));
    int end = p.length - p[p.length - 1];
    int len = ByteBuffer.wrap(p).getInt(16);
    return new String[] {
      new String(p, 20, len, StandardCharsets.UTF_8),
      new String(p, 20 + len, end - 20 - len, StandardCharsets.UTF_8)
    };
  }

  static String signature(String... parts) throws Exception {
    String[] s = parts.clone();
    Arrays.sort(s);
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-1")
                .digest(String.join("", s).getBytes(StandardCharsets.UTF_8)));
  }
}
