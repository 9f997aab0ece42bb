package com.chatcrm.gateway.dingtalk;

import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.gateway.CallbackInput;
import com.chatcrm.gateway.CallbackRejected;
import com.chatcrm.gateway.ReplayWindow;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * DingTalk's robot signature: {@code Base64(HmacSHA256(key = secret, data = timestamp + "\n" +
 * secret))}. The same formula signs robot callbacks to us (with the app secret, in the {@code sign}
 * header) and our posts to custom group robots (with the robot's {@code SEC...} secret, URL-encoded
 * in the query). Plain JDK crypto: nothing blocking, nothing to load.
 */
public final class DingTalkRobotSign {

  /**
   * DingTalk refuses, and so do we, timestamps more than an hour away from now (platforms.md §3.1):
   * the widest window of any callback, which inbox retention is checked against.
   */
  public static final Duration MAX_SKEW = Inbox.WIDEST_CALLBACK_WINDOW;

  private DingTalkRobotSign() {}

  /** The Base64 signature of a millisecond timestamp. */
  public static String sign(String timestamp, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** The signature as a custom robot's {@code sign} query parameter wants it. */
  public static String signForUrl(String timestamp, String secret) {
    return URLEncoder.encode(sign(timestamp, secret), StandardCharsets.UTF_8);
  }

  /**
   * Checks a robot callback's {@code timestamp} and {@code sign} headers: both present, the
   * timestamp within an hour of {@code nowMillis}, the signature equal (constant-time) to ours.
   * Answers the timestamp.
   */
  public static long verify(String timestamp, String sign, String secret, long nowMillis) {
    CallbackInput.required(sign, "sign");
    long ts = ReplayWindow.number(timestamp);
    ReplayWindow.require(ts, MAX_SKEW, nowMillis);
    byte[] expected = sign(timestamp.strip(), secret).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, sign.strip().getBytes(StandardCharsets.US_ASCII))) {
      throw new CallbackRejected("bad_signature", "sign does not match");
    }
    return ts;
  }
}
