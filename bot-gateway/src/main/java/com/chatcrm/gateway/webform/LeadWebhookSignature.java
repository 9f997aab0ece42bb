package com.chatcrm.gateway.webform;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The leads webhook's signature: {@code X-CRM-Signature} is the lowercase hex HMAC-SHA256, keyed
 * with the company's webhook secret, of {@code X-CRM-Timestamp} (unix seconds), a line feed and the
 * raw body — what {@code printf '%s\n%s' "$ts" "$body" | openssl dgst -sha256 -hmac "$secret"}
 * prints (docs/deploy.md).
 */
public final class LeadWebhookSignature {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private LeadWebhookSignature() {}

  /** A new webhook secret: 32 random bytes as 64 hex digits (typable, no shell quoting). */
  public static String newSecret() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return HEX.formatHex(b);
  }

  /** The signature of {@code body} sent at {@code timestamp} under {@code secret}. */
  public static String sign(String secret, String timestamp, byte[] body) {
    return HEX.formatHex(mac(secret, timestamp, body));
  }

  /**
   * Refuses ({@code bad_signature}) a signature that is not the body's under {@code secret}; the
   * comparison takes the same time wherever the signatures differ.
   */
  static void verify(String secret, String timestamp, byte[] body, String signature) {
    byte[] given;
    try {
      given = signature == null ? null : HEX.parseHex(signature.strip().toLowerCase());
    } catch (IllegalArgumentException e) {
      given = null;
    }
    byte[] expected = mac(secret, timestamp, body);
    if (given == null || !MessageDigest.isEqual(expected, given)) {
      throw LeadWebhook.badSignature();
    }
  }

  private static byte[] mac(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + "\n").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
