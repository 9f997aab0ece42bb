package com.chatcrm.miniapp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 over a chart link's path and expiry. Chat clients fetch images without our session,
 * so the signature is what stands between a chart and anyone guessing ids.
 */
final class ChartSignature {

  private static final String ALGORITHM = "HmacSHA256";

  /** Hex length of an HMAC-SHA256. */
  static final int HEX_LENGTH = 64;

  private final SecretKeySpec key;

  ChartSignature(MiniAppConfig config) {
    this(config, "chat-crm/chart-links/v1");
  }

  /**
   * @param purpose what the links are for: each purpose has a key of its own, so a link of one kind
   *     never passes for another
   */
  ChartSignature(MiniAppConfig config, String purpose) {
    // A key of its own, derived from the session key: a link signature can never pass for a
    // session token.
    byte[] derived =
        hmac(
            new SecretKeySpec(config.sessionKey().getBytes(StandardCharsets.UTF_8), ALGORITHM),
            purpose);
    this.key = new SecretKeySpec(derived, ALGORITHM);
  }

  /** Lower-case hex signature of {@code path} valid until {@code exp} (epoch seconds). */
  String sign(String path, long exp) {
    return HexFormat.of().formatHex(hmac(key, path + "?exp=" + exp));
  }

  /**
   * Whether {@code sig} (hex, any case) signs {@code path} and {@code exp}; compared in constant
   * time.
   */
  boolean verify(String path, long exp, String sig) {
    byte[] given;
    try {
      given = HexFormat.of().parseHex(sig);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(hmac(key, path + "?exp=" + exp), given);
  }

  private static byte[] hmac(SecretKeySpec key, String data) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
