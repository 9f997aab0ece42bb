package com.chatcrm.gateway;

import com.chatcrm.engine.inbox.Inbox;
import java.time.Duration;

/**
 * How far a callback's signed timestamp may be from our clock before the callback is refused as
 * stale ({@code stale_timestamp}): the bound that turns a captured callback into one that can only
 * be replayed for minutes, and then only onto its own de-duplication key.
 *
 * <ul>
 *   <li>{@link #SIGNED_PUSH}, ±5 minutes — WeCom callbacks (URL check and messages) and DingTalk
 *       event pushes, whose signature covers timestamp and body. Their retries end within a minute
 *       of the first attempt (WeCom: 5-second deadline, 3 retries; DingTalk events: +10 s, then +30
 *       s — platforms.md §1.3, §3.4), and the rest is room for clock skew between the platform and
 *       us.
 *   <li>DingTalk robot and card callbacks keep DingTalk's documented hour ({@code
 *       DingTalkRobotSign.MAX_SKEW}, platforms.md §3.1): their retry behaviour is not documented,
 *       and a stricter window could refuse genuine messages from a skewed clock. Their signature
 *       covers only the timestamp, so each signature is also bound to the first message it carried
 *       (engine {@code CallbackSignatures}).
 * </ul>
 *
 * Both stay within {@link Inbox#WIDEST_CALLBACK_WINDOW}, which inbox retention must outlast.
 */
public final class ReplayWindow {

  public static final Duration SIGNED_PUSH = Duration.ofMinutes(5);

  /**
   * Below this a DingTalk event timestamp is in seconds, not milliseconds (10^12 ms is the year
   * 2001).
   */
  private static final long MILLIS_FROM = 1_000_000_000_000L;

  private ReplayWindow() {}

  /** A timestamp in seconds (WeCom's), within {@code window} of {@code nowMillis}. */
  public static void requireSeconds(String timestamp, Duration window, long nowMillis) {
    require(number(timestamp) * 1000, window, nowMillis);
  }

  /**
   * A timestamp in milliseconds, or seconds when it is too small to be milliseconds (DingTalk
   * events).
   */
  public static void requireMillisOrSeconds(String timestamp, Duration window, long nowMillis) {
    long t = number(timestamp);
    require(t < MILLIS_FROM ? t * 1000 : t, window, nowMillis);
  }

  /** A millisecond timestamp within {@code window} of {@code nowMillis}. */
  public static void require(long timestampMillis, Duration window, long nowMillis) {
    if (Math.abs(nowMillis - timestampMillis) > window.toMillis()) {
      throw new CallbackRejected(
          "stale_timestamp",
          "timestamp is more than " + window.toMinutes() + " minutes away from now");
    }
  }

  /** The timestamp parameter as a number; refused when it is not a plausible one. */
  public static long number(String timestamp) {
    String t = CallbackInput.required(timestamp, "timestamp").strip();
    // at most 15 digits: no overflow when scaled to milliseconds, and far beyond any real clock
    if (!t.matches("[0-9]{1,15}")) {
      throw new CallbackRejected("bad_timestamp", "timestamp is not a number");
    }
    return Long.parseLong(t);
  }
}
