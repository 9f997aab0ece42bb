package com.chatcrm.gateway.inbound;

import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Whether callbacks currently take longer to be recorded than this node can record them: over
 * {@link #MIN_BUDGET_MS}, and over twice the quickest it has lately been. The second half keeps a
 * slow disk (every commit slow, however quiet the node) from counting as a node too busy to
 * acknowledge: processing gives way for load, not for a floor it cannot move.
 */
final class AckBudget {

  /**
   * Under this, acknowledgements are quick whatever the floor: a quiet node records a callback well
   * within it.
   */
  static final double MIN_BUDGET_MS = 2;

  /**
   * The floor forgets a quick moment slowly (1% a second), so a long busy spell does not become the
   * norm.
   */
  private static final double FLOOR_RISE_PER_SECOND = 0.01;

  private final DoubleSupplier ackMillis;
  private final LongSupplier nanoClock;
  private double floorMillis = Double.NaN;
  private long floorAtNanos;

  /**
   * @param ackMillis how long recent callbacks waited to be recorded (0 when none came lately)
   */
  AckBudget(DoubleSupplier ackMillis, LongSupplier nanoClock) {
    this.ackMillis = ackMillis;
    this.nanoClock = nanoClock;
  }

  boolean exceeded() {
    double now = ackMillis.getAsDouble();
    if (now <= 0) {
      return false;
    }
    long t = nanoClock.getAsLong();
    if (Double.isNaN(floorMillis)) {
      floorMillis = now;
    } else {
      floorMillis *= Math.pow(1 + FLOOR_RISE_PER_SECOND, (t - floorAtNanos) / 1e9);
      floorMillis = Math.min(floorMillis, now);
    }
    floorAtNanos = t;
    return now > Math.max(MIN_BUDGET_MS, 2 * floorMillis);
  }
}
