package com.chatcrm.engine.salestarget;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One target and how far its owner has come: {@code actual} counted over the whole period. A team's
 * (department's) target has {@code departmentId}, its name in {@code userName}, {@code userId} 0,
 * and counts everyone in the department and the ones below it.
 */
public record TargetProgress(
    long userId,
    String userName,
    TargetPeriod period,
    TargetMetric metric,
    BigDecimal target,
    BigDecimal actual,
    Long departmentId) {

  /** A rep's own target. */
  public TargetProgress(
      long userId,
      String userName,
      TargetPeriod period,
      TargetMetric metric,
      BigDecimal target,
      BigDecimal actual) {
    this(userId, userName, period, metric, target, actual, null);
  }

  /** Whether this is a team's (department's) target. */
  public boolean team() {
    return departmentId != null;
  }

  /** Whole percent, rounded down: 99.6% is not yet 100%. */
  public int percent() {
    return actual
        .multiply(BigDecimal.valueOf(100))
        .divide(target, 0, RoundingMode.DOWN)
        .intValueExact();
  }
}
