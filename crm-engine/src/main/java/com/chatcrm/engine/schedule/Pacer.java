package com.chatcrm.engine.schedule;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket on the scheduler's clock: {@code perMinute} tokens a minute, at most {@code burst} saved
 * up. Keeps a burst of due work from reaching a platform faster than its rate limit allows.
 */
final class Pacer {

  private final double perMilli;
  private final int burst;
  private double tokens;
  private Instant last;

  Pacer(int perMinute, int burst) {
    this.perMilli = perMinute / 60_000.0;
    this.burst = Math.max(1, burst);
    this.tokens = this.burst;
  }

  /** Whole tokens available at {@code now}, after refilling for the time since the last call. */
  int available(Instant now) {
    if (last != null && now.isAfter(last)) {
      tokens = Math.min(burst, tokens + Duration.between(last, now).toMillis() * perMilli);
    }
    if (last == null || now.isAfter(last)) {
      last = now;
    }
    return (int) Math.floor(tokens);
  }

  /** Full again at {@code now}: nothing taken lately, so forgetting this pacer changes nothing. */
  boolean idle(Instant now) {
    available(now);
    return tokens >= burst;
  }

  void take(int n) {
    tokens = Math.max(0, tokens - n);
  }
}
