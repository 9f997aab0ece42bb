package com.chatcrm.engine.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Amounts the way Chinese sales teams say them: 1234567.8 → 123.5万; under 10,000 in yuan. */
public final class Yuan {

  private static final BigDecimal WAN = BigDecimal.valueOf(10_000);

  private Yuan() {}

  public static String format(BigDecimal amount) {
    if (amount == null) {
      return "0 元";
    }
    if (amount.abs().compareTo(WAN) < 0) {
      return amount.setScale(0, RoundingMode.HALF_UP).toPlainString() + " 元";
    }
    return amount.divide(WAN, 1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "万";
  }
}
