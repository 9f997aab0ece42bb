package com.chatcrm.engine.salestarget;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** One target and how far its owner has come: {@code actual} counted over the whole period. */
public record TargetProgress(
    long userId,
    String userName,
    TargetPeriod period,
    TargetMetric metric,
    BigDecimal target,
    BigDecimal actual) {

  /** Whole percent, rounded down: 99.6% is not yet 100%. */
  public int percent() {
    return actual
        .multiply(BigDecimal.valueOf(100))
        .divide(target, 0, RoundingMode.DOWN)
        .intValueExact();
  }
}
