package com.chatcrm.gateway;

import java.time.Duration;

/**
 * How often and how patiently to retry a throttled or failing platform call: exponential, capped.
 */
public record Backoff(int attempts, Duration first, Duration max) {

  /** WxJava's schedule for system-busy answers: 1 s, 2 s, 4 s, 8 s, 16 s. */
  public static Backoff standard() {
    return new Backoff(5, Duration.ofSeconds(1), Duration.ofSeconds(16));
  }

  /** The wait before retry number {@code n} (1-based). */
  public long delayMillis(int n) {
    long ms = first.toMillis() << Math.min(n - 1, 20);
    return Math.min(ms, max.toMillis());
  }
}
