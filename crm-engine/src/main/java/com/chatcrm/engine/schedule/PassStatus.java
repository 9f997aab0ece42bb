package com.chatcrm.engine.schedule;

import java.time.Instant;

/**
 * How a scheduler's passes went, for {@code /health} and {@code /metrics}: read from any thread
 * while the scheduler's own context writes it.
 *
 * @param name the scheduler, e.g. "Reminder dispatch"
 * @param startedAt when the scheduler started ticking
 * @param lastSuccessAt when a pass last finished well, null before the first
 * @param lastFailureAt when a pass last failed or timed out, null when none has
 * @param lastError what the last failure said (one line, never a stack trace)
 * @param consecutiveFailures failures (and timeouts) since the last success
 * @param failures failures and timeouts since start
 * @param timeouts passes abandoned because they ran past the timeout, since start
 */
public record PassStatus(
    String name,
    Instant startedAt,
    Instant lastSuccessAt,
    Instant lastFailureAt,
    String lastError,
    long consecutiveFailures,
    long failures,
    long timeouts) {

  static PassStatus started(String name, Instant at) {
    return new PassStatus(name, at, null, null, null, 0, 0, 0);
  }

  PassStatus succeeded(Instant at) {
    return new PassStatus(name, startedAt, at, lastFailureAt, lastError, 0, failures, timeouts);
  }

  PassStatus failed(Instant at, String error, boolean timedOut) {
    return new PassStatus(
        name,
        startedAt,
        lastSuccessAt,
        at,
        error,
        consecutiveFailures + 1,
        failures + 1,
        timeouts + (timedOut ? 1 : 0));
  }

  /**
   * The last success, or the start when no pass has finished yet: what "how long without a good
   * pass" counts from.
   */
  public Instant lastGoodOrStart() {
    return lastSuccessAt == null ? startedAt : lastSuccessAt;
  }
}
