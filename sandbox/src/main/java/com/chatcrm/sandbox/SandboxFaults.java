package com.chatcrm.sandbox;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Failures a sandbox can be told to produce: rate limits, server errors, slow answers. */
public final class SandboxFaults {

  private final AtomicInteger rateLimited = new AtomicInteger();
  private final AtomicInteger serverErrors = new AtomicInteger();
  private final AtomicLong delayMs = new AtomicLong();

  /** The next {@code n} API calls answer with the platform's frequency-limit error. */
  public void rateLimitNext(int n) {
    rateLimited.set(n);
  }

  /** The next {@code n} API calls answer HTTP 502. */
  public void failNext(int n) {
    serverErrors.set(n);
  }

  /** Every answer waits this long first (0 to stop). */
  public void delay(long millis) {
    delayMs.set(millis);
  }

  public void clear() {
    rateLimited.set(0);
    serverErrors.set(0);
    delayMs.set(0);
  }

  boolean takeRateLimit() {
    return take(rateLimited);
  }

  boolean takeServerError() {
    return take(serverErrors);
  }

  long delayMillis() {
    return delayMs.get();
  }

  private static boolean take(AtomicInteger counter) {
    return counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }
}
